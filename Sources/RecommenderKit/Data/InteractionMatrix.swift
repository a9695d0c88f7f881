/// A binary user × item matrix in compressed sparse row form: the items of user `u` are
/// `items[rowOffsets[u]..<rowOffsets[u + 1]]`, sorted ascending and without duplicates.
public struct InteractionMatrix: Sendable, Equatable, Codable {
    public let userCount: Int
    public let itemCount: Int
    /// `userCount + 1` offsets into `items`.
    public let rowOffsets: [Int]
    public let items: [Int32]

    /// Builds the matrix from (user, item) pairs; duplicates collapse to one entry.
    public init(userCount: Int, itemCount: Int, pairs: [(user: Int, item: Int)]) {
        var counts = [Int](repeating: 0, count: userCount + 1)
        for p in pairs {
            precondition(p.user >= 0 && p.user < userCount && p.item >= 0 && p.item < itemCount)
            counts[p.user + 1] += 1
        }
        for u in 0..<userCount { counts[u + 1] += counts[u] }
        var cursor = counts
        var raw = [Int32](repeating: 0, count: pairs.count)
        for p in pairs {
            raw[cursor[p.user]] = Int32(p.item)
            cursor[p.user] += 1
        }
        var offsets = [0]
        offsets.reserveCapacity(userCount + 1)
        var items: [Int32] = []
        items.reserveCapacity(pairs.count)
        for u in 0..<userCount {
            let row = raw[counts[u]..<counts[u + 1]].sorted()
            var last: Int32 = -1
            for item in row where item != last {
                items.append(item)
                last = item
            }
            offsets.append(items.count)
        }
        self.userCount = userCount
        self.itemCount = itemCount
        self.rowOffsets = offsets
        self.items = items
    }

    /// Adopts compressed rows that are already sorted and free of duplicates.
    public init(userCount: Int, itemCount: Int, rowOffsets: [Int], items: [Int32]) {
        precondition(rowOffsets.count == userCount + 1 && rowOffsets.first == 0 && rowOffsets.last == items.count)
        for u in 0..<userCount {
            precondition(rowOffsets[u] <= rowOffsets[u + 1])
            var last: Int32 = -1
            for i in items[rowOffsets[u]..<rowOffsets[u + 1]] {
                precondition(i > last && Int(i) < itemCount, "rows must be sorted, unique and in range")
                last = i
            }
        }
        self.userCount = userCount
        self.itemCount = itemCount
        self.rowOffsets = rowOffsets
        self.items = items
    }

    /// Number of stored (user, item) entries.
    public var count: Int { items.count }

    /// The sorted items of one user.
    @inlinable
    public func items(of user: Int) -> ArraySlice<Int32> { items[rowOffsets[user]..<rowOffsets[user + 1]] }

    /// Whether (user, item) is stored (binary search in the user's row).
    @inlinable
    public func contains(user: Int, item: Int) -> Bool {
        var lo = rowOffsets[user], hi = rowOffsets[user + 1]
        let target = Int32(item)
        while lo < hi {
            let mid = (lo + hi) >> 1
            let v = items[mid]
            if v == target { return true }
            if v < target { lo = mid + 1 } else { hi = mid }
        }
        return false
    }

    /// All (user, item) entries in row order.
    public var pairs: [(user: Int, item: Int)] {
        var out: [(user: Int, item: Int)] = []
        out.reserveCapacity(count)
        for u in 0..<userCount {
            for i in items(of: u) { out.append((u, Int(i))) }
        }
        return out
    }
}
