/// Draws one negative item for a user: uniform over all items, drawn again while the
/// item is in the user's training set (the seed's rejection sampling).
///
/// Membership is a per-user bitset when it fits in `bitsetLimitBytes` (one bit per
/// user × item). Otherwise a hashed filter of the positive pairs answers most draws with
/// one memory access (a clear bit means "not a positive"), and a binary search in the
/// sorted CSR row settles the rest. All give the same draws.
struct NegativeSampler: Sendable {
    let itemCount: Int
    private let bits: [UInt64]
    private let wordsPerUser: Int
    private let matrix: InteractionMatrix
    let usesBitset: Bool
    /// One bit per hashed (user, item) positive; about 16 bits per pair, a power of two.
    private let filter: [UInt64]
    private let filterMask: UInt64

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
            self.filter = []
            self.filterMask = 0
        } else {
            self.bits = []
            self.wordsPerUser = 0
            self.usesBitset = false
            var size: UInt64 = 1 << 12
            while size < UInt64(matrix.count) * 16 { size <<= 1 }
            var filter = [UInt64](repeating: 0, count: Int(size >> 6))
            for u in 0..<matrix.userCount {
                for item in matrix.items(of: u) {
                    let h = Self.hash(user: u, item: Int(item)) & (size - 1)
                    filter[Int(h >> 6)] |= 1 << (h & 63)
                }
            }
            self.filter = filter
            self.filterMask = size - 1
        }
    }

    @inline(__always)
    private static func hash(user: Int, item: Int) -> UInt64 {
        var h = UInt64(truncatingIfNeeded: user) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: item) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 29
        return h &* 0xBF58_476D_1CE4_E5B9 ^ (h >> 32)
    }

    @inline(__always)
    func isPositive(user: Int, item: Int) -> Bool {
        if usesBitset {
            return bits.withUnsafeBufferPointer { b in
                b[user &* wordsPerUser &+ (item >> 6)] & (1 << UInt64(item & 63)) != 0
            }
        }
        let h = Self.hash(user: user, item: item) & filterMask
        let maybe = filter.withUnsafeBufferPointer { $0[Int(h >> 6)] & (1 << (h & 63)) != 0 }
        return maybe && matrix.contains(user: user, item: item)
    }

    @inline(__always)
    func draw(for user: Int, using generator: inout SeededGenerator) -> Int {
        var j = generator.nextInt(below: itemCount)
        while isPositive(user: user, item: j) { j = generator.nextInt(below: itemCount) }
        return j
    }

    /// The same within one item block of a grid (`BlockGrid`): uniform over the items
    /// `block + blocks · k`, `k < blockSize`, drawn again while the user has it. The caller
    /// makes sure the user does not have all of them.
    @inline(__always)
    func draw(for user: Int, inBlock block: Int, of blocks: Int, blockSize: Int, using generator: inout SeededGenerator) -> Int {
        var j = block + blocks * generator.nextInt(below: blockSize)
        while isPositive(user: user, item: j) { j = block + blocks * generator.nextInt(below: blockSize) }
        return j
    }
}
