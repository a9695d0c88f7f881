extension InteractionMatrix {
    /// The item × user matrix: row i holds the users of item i, ascending.
    /// Counting sort over the rows, so it costs one pass and is exact.
    public func transposed() -> InteractionMatrix {
        var offsets = [Int](repeating: 0, count: itemCount + 1)
        for item in items { offsets[Int(item) + 1] += 1 }
        for i in 0..<itemCount { offsets[i + 1] += offsets[i] }
        var cursor = offsets
        var users = [Int32](repeating: 0, count: count)
        for u in 0..<userCount {
            for item in self.items(of: u) {
                users[cursor[Int(item)]] = Int32(u)
                cursor[Int(item)] += 1
            }
        }
        // Users were visited in ascending order, so every row is already sorted.
        return InteractionMatrix(userCount: itemCount, itemCount: userCount, rowOffsets: offsets, items: users)
    }
}
