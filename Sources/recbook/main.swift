print("recbook")
