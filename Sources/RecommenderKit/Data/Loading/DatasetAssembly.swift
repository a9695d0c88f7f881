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

    /// The interaction matrix of parsed rows (duplicates collapsed, counted), built in place.
    ///
    /// A file grouped by user in ascending id order (as ECIR files are written) needs no
    /// reordering: each run of rows already is the user's row of the matrix. Any other order
    /// takes one stable counting sort. Rows are sorted by item on `context`'s cores; the
    /// result is the same for every thread count.
    static func matrix(
        _ rows: inout ParsedRows, users: IDMap, items: IDMap, context: ComputeContext
    ) -> (InteractionMatrix, duplicates: Int) {
        let userIndex = rows.users.names.map { Int32(users.index(of: $0)!) }
        let itemIndex = rows.items.names.map { Int32(items.index(of: $0)!) }
        let runUsers = rows.runUsers.map { userIndex[Int($0)] }
        var counts = [Int](repeating: 0, count: users.count + 1)
        var start = 0
        for (run, user) in runUsers.enumerated() {
            counts[Int(user) + 1] += rows.runEnds[run] - start
            start = rows.runEnds[run]
        }
        var offsets = counts
        for u in 0..<users.count { offsets[u + 1] += offsets[u] }

        var cells = rows.itemOfRow
        rows.itemOfRow = []
        for row in cells.indices { cells[row] = itemIndex[Int(cells[row])] }
        if !zip(runUsers, runUsers.dropFirst()).allSatisfy({ $0 < $1 }) {
            var cursor = offsets
            var grouped = [Int32](repeating: 0, count: cells.count)
            start = 0
            for (run, user) in runUsers.enumerated() {
                for row in start..<rows.runEnds[run] {
                    grouped[cursor[Int(user)]] = cells[row]
                    cursor[Int(user)] += 1
                }
                start = rows.runEnds[run]
            }
            cells = grouped
        }

        // Sort each row (in parallel: rows are disjoint), then drop repeats while compacting.
        let userCount = users.count
        cells.withUnsafeMutableBufferPointer { buffer in
            let shared = UncheckedMutableCells(cells: buffer)
            let blocks = (userCount + 4095) / 4096
            offsets.withUnsafeBufferPointer { offsetBuffer in
                let bounds = UncheckedOffsets(offsets: offsetBuffer)
                context.forEachChunk(blocks) { block in
                    for u in (block * 4096)..<min(userCount, (block + 1) * 4096) {
                        var row = UnsafeMutableBufferPointer(rebasing: shared.cells[bounds.offsets[u]..<bounds.offsets[u + 1]])
                        if !zip(row, row.dropFirst()).allSatisfy({ $0 < $1 }) { row.sort() }
                    }
                }
            }
        }
        var kept = 0
        var compacted = [0]
        compacted.reserveCapacity(userCount + 1)
        for u in 0..<userCount {
            var last: Int32 = -1
            for position in offsets[u]..<offsets[u + 1] where cells[position] != last {
                last = cells[position]
                cells[kept] = last
                kept += 1
            }
            compacted.append(kept)
        }
        let duplicates = cells.count - kept
        cells.removeLast(duplicates)
        return (InteractionMatrix(userCount: userCount, itemCount: items.count, rowOffsets: compacted, items: cells), duplicates)
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

private struct UncheckedMutableCells: @unchecked Sendable {
    let cells: UnsafeMutableBufferPointer<Int32>
}

private struct UncheckedOffsets: @unchecked Sendable {
    let offsets: UnsafeBufferPointer<Int>
}
