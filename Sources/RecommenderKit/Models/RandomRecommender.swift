/// The random baseline: score(u, i) is a pseudo-random number in [0, 1) that depends only
/// on (seed, u, i), so scores do not depend on call order or on how users are grouped.
public struct RandomRecommender: Recommender, Equatable, Codable {
    public let userCount: Int
    public let itemCount: Int
    public let seed: UInt64

    public init(userCount: Int, itemCount: Int, seed: UInt64) {
        self.userCount = userCount
        self.itemCount = itemCount
        self.seed = seed
    }

    /// The score of one (user, item) pair: 24 bits of a SplitMix64-style hash, as a Float.
    @inlinable
    public func score(user: Int, item: Int) -> Float {
        var z = seed &+ UInt64(truncatingIfNeeded: user) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &+ UInt64(truncatingIfNeeded: item) &* 0xD6E8_FEB8_6659_FD93
        z = (z ^ (z >> 31)) &* 0x94D0_49BB_1331_11EB
        z = (z ^ (z >> 29)) &* 0xBF58_476D_1CE4_E5B9
        z ^= z >> 32
        return Float(z >> 40) * 0x1p-24
    }

    public func scores(forUsers users: Range<Int>, into buffer: UnsafeMutableBufferPointer<Float>) {
        precondition(buffer.count >= users.count * itemCount, "score buffer too small")
        for (row, user) in users.enumerated() {
            for item in 0..<itemCount { buffer[row * itemCount + item] = score(user: user, item: item) }
        }
    }
}
