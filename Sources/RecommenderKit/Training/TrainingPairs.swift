/// The positive (user, item) training pairs as two flat columns, in the matrix's row order.
struct TrainingPairs: Sendable {
    let users: [Int32]
    let items: [Int32]

    init(_ matrix: InteractionMatrix) {
        var users = [Int32](repeating: 0, count: matrix.count)
        for u in 0..<matrix.userCount {
            for k in matrix.rowOffsets[u]..<matrix.rowOffsets[u + 1] { users[k] = Int32(u) }
        }
        self.users = users
        self.items = matrix.items
    }

    var count: Int { users.count }

    /// The pairs in a uniformly random order (Fisher–Yates, from the last position down),
    /// packed as `user << 32 | item` so an epoch then reads them sequentially.
    func shuffled(using generator: inout SeededGenerator) -> [UInt64] {
        var packed = (0..<count).map { TrainingPairs.pack(user: users[$0], item: items[$0]) }
        packed.withUnsafeMutableBufferPointer { Self.shuffle($0, using: &generator) }
        return packed
    }

    /// Fisher–Yates in place, from the last position down.
    static func shuffle(_ buffer: UnsafeMutableBufferPointer<UInt64>, using generator: inout SeededGenerator) {
        var i = buffer.count - 1
        while i > 0 {
            let j = generator.nextInt(below: i + 1)
            buffer.swapAt(i, j)
            i -= 1
        }
    }

    @inline(__always)
    static func pack(user: Int32, item: Int32) -> UInt64 { UInt64(UInt32(user)) << 32 | UInt64(UInt32(item)) }

    @inline(__always)
    static func unpack(_ pair: UInt64) -> (user: Int, item: Int) { (Int(pair >> 32), Int(pair & 0xFFFF_FFFF)) }
}
