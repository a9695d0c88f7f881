/// Turns interned rating rows into the dense, deduplicated matrices of a `Dataset`.
///
/// Duplicate policy: repeated (user, item) rows collapse to the first occurrence in file
/// order; the number of collapsed rows is counted.
enum DatasetAssembly {
    /// Maps a table's first-seen user and item numbers to dense `IDMap` indices.
    struct DenseRows {
        var users: [Int32]
        var items: [Int32]
    }

    static func denseRows(of table: RatingsTable, users: IDMap, items: IDMap) -> DenseRows {
        let userIndex = table.userNames.map { Int32(users.index(of: $0) ?? -1) }
        let itemIndex = table.itemNames.map { Int32(items.index(of: $0) ?? -1) }
        return DenseRows(
            users: table.userOfRow.map { userIndex[Int($0)] },
            items: table.itemOfRow.map { itemIndex[Int($0)] })
    }

    /// Row numbers grouped by user, each group in file order (a stable counting sort).
    struct RowsByUser {
        var offsets: [Int]
        var rows: [Int32]

        init(users: [Int32], userCount: Int) {
            var offsets = [Int](repeating: 0, count: userCount + 1)
            for u in users { offsets[Int(u) + 1] += 1 }
            for u in 0..<userCount { offsets[u + 1] += offsets[u] }
            var cursor = offsets
            var rows = [Int32](repeating: 0, count: users.count)
            for (row, u) in users.enumerated() {
                rows[cursor[Int(u)]] = Int32(row)
                cursor[Int(u)] += 1
            }
            self.offsets = offsets
            self.rows = rows
        }

        func rows(of user: Int) -> ArraySlice<Int32> { rows[offsets[user]..<offsets[user + 1]] }
    }

    /// The user's rows sorted by item, keeping only the first row (in file order) of each item.
    static func distinctRows(_ rows: ArraySlice<Int32>, items: [Int32], into kept: inout [Int32]) -> Int {
        // Sort keys hold (item, row) in one integer: ordering by item, then by file order.
        var keys = rows.map { UInt64(UInt32(bitPattern: items[Int($0)])) << 32 | UInt64(UInt32(bitPattern: $0)) }
        keys.sort()
        kept.removeAll(keepingCapacity: true)
        var lastItem: UInt64 = .max
        for key in keys where key >> 32 != lastItem {
            kept.append(Int32(truncatingIfNeeded: key & 0xFFFF_FFFF))
            lastItem = key >> 32
        }
        return rows.count - kept.count
    }

    /// One interaction matrix from all rows of a table; returns it with the number of duplicates collapsed.
    static func matrix(_ dense: DenseRows, userCount: Int, itemCount: Int) -> (InteractionMatrix, duplicates: Int) {
        let grouped = RowsByUser(users: dense.users, userCount: userCount)
        var offsets = [0]
        offsets.reserveCapacity(userCount + 1)
        var items: [Int32] = []
        items.reserveCapacity(dense.items.count)
        var kept: [Int32] = []
        var duplicates = 0
        for u in 0..<userCount {
            duplicates += distinctRows(grouped.rows(of: u), items: dense.items, into: &kept)
            for row in kept { items.append(dense.items[Int(row)]) }
            offsets.append(items.count)
        }
        return (InteractionMatrix(userCount: userCount, itemCount: itemCount, rowOffsets: offsets, items: items), duplicates)
    }

    /// A dataset name from a file path: its folder's name, or the file name without extension.
    static func name(forFile path: String) -> String {
        let parent = parentPath(path)
        if !parent.isEmpty && parent != "." && parent != ".." { return lastPathComponent(parent) }
        let file = lastPathComponent(path)
        if let dot = file.lastIndex(of: "."), dot != file.startIndex { return String(file[..<dot]) }
        return file
    }
}
