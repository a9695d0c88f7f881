/// Draws one negative item for a user: uniform over all items, drawn again while the
/// item is in the user's training set (the seed's rejection sampling).
///
/// Membership is a per-user bitset when it fits in `bitsetLimitBytes` (one bit per
/// user × item), otherwise a binary search in the sorted CSR row. Both give the same draws.
struct NegativeSampler: Sendable {
    let itemCount: Int
    private let bits: [UInt64]
    private let wordsPerUser: Int
    private let matrix: InteractionMatrix
    let usesBitset: Bool

    static let bitsetLimitBytes = 64 << 20

    /// Fails when some user has no item left to sample.
    init(_ matrix: InteractionMatrix, bitsetLimitBytes: Int = NegativeSampler.bitsetLimitBytes) throws(TrainingError) {
        for u in 0..<matrix.userCount where matrix.rowOffsets[u + 1] - matrix.rowOffsets[u] >= matrix.itemCount {
            throw .noNegativeItem(user: u)
        }
        self.itemCount = matrix.itemCount
        self.matrix = matrix
        let words = (matrix.itemCount + 63) / 64
        if matrix.userCount * words * 8 <= bitsetLimitBytes {
            var bits = [UInt64](repeating: 0, count: matrix.userCount * words)
            for u in 0..<matrix.userCount {
                for item in matrix.items(of: u) {
                    bits[u * words + Int(item) >> 6] |= 1 << UInt64(item & 63)
                }
            }
            self.bits = bits
            self.wordsPerUser = words
            self.usesBitset = true
        } else {
            self.bits = []
            self.wordsPerUser = 0
            self.usesBitset = false
        }
    }

    @inline(__always)
    func isPositive(user: Int, item: Int) -> Bool {
        if usesBitset {
            return bits.withUnsafeBufferPointer { b in
                b[user &* wordsPerUser &+ (item >> 6)] & (1 << UInt64(item & 63)) != 0
            }
        }
        return matrix.contains(user: user, item: item)
    }

    @inline(__always)
    func draw(for user: Int, using generator: inout SeededGenerator) -> Int {
        var j = generator.nextInt(below: itemCount)
        while isPositive(user: user, item: j) { j = generator.nextInt(below: itemCount) }
        return j
    }
}
