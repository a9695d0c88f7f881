print("recbook-bench")
