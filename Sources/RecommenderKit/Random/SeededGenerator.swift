/// The one pseudo-random generator behind every random choice in recbook.
///
/// xoshiro256** seeded through SplitMix64. It is a value type: copying a generator
/// copies its state, so two copies produce the same stream. Independent streams
/// for sub-tasks come from `derived(_:)`, which mixes a label into the state instead
/// of drawing from it, so adding a draw in one task never shifts another task's stream.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable, Codable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    public mutating func next() -> UInt64 {
        let result = SeededGenerator.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = SeededGenerator.rotl(s3, 45)
        return result
    }

    /// A new generator whose stream depends on this generator's state and `label` only.
    public func derived(_ label: UInt64) -> SeededGenerator {
        var sm = SplitMix64(state: s0 ^ SeededGenerator.rotl(s1, 13) ^ SeededGenerator.rotl(s2, 29) ^ SeededGenerator.rotl(s3, 43) ^ (label &* 0x9E37_79B9_7F4A_7C15))
        return SeededGenerator(seed: sm.next())
    }

    /// A new generator for a named sub-task (FNV-1a hash of the name).
    public func derived(_ label: String) -> SeededGenerator {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in label.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return derived(hash)
    }

    /// Uniform integer in `0..<bound` (Lemire's multiply-shift with rejection; unbiased).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// Uniform Float in [0, 1) with 24 random bits.
    public mutating func nextUnitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform Double in [0, 1) with 53 random bits.
    public mutating func nextUnitDouble() -> Double { Double(next() >> 11) * 0x1p-53 }
}

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
