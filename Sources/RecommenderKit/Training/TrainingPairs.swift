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

    /// A uniformly random permutation of `0..<count` (Fisher–Yates, from the last position down).
    func shuffledOrder(using generator: inout SeededGenerator) -> [Int32] {
        var order = (0..<Int32(count)).map { $0 }
        order.withUnsafeMutableBufferPointer { buffer in
            var i = buffer.count - 1
            while i > 0 {
                let j = generator.nextInt(below: i + 1)
                buffer.swapAt(i, j)
                i -= 1
            }
        }
        return order
    }
}
