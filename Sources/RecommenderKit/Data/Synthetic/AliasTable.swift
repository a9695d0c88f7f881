/// Walker's alias method: after O(n) set-up, draws index `i` with probability
/// `weights[i] / Σ weights` in O(1) using one 64-bit random number.
struct AliasTable: Sendable {
    private var threshold: [UInt32]
    private var alias: [Int32]

    /// `weights` must be non-negative with a positive sum.
    init(weights: [Double]) {
        let n = weights.count
        let total = weights.reduce(0, +)
        var scaled = weights.map { $0 * Double(n) / total }
        var small: [Int] = [], large: [Int] = []
        for (i, p) in scaled.enumerated() { if p < 1 { small.append(i) } else { large.append(i) } }
        var probability = [Double](repeating: 1, count: n)
        var alias = Array(0..<Int32(n))
        while let s = small.popLast(), let l = large.last {
            probability[s] = scaled[s]
            alias[s] = Int32(l)
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        // Leftovers (only rounding error separates them from 1) keep their own index.
        self.threshold = probability.map { UInt32(min(max($0, 0), 1) * Double(UInt32.max)) }
        self.alias = alias
    }

    var count: Int { alias.count }

    /// The high half of `random` picks a column, the low half decides between it and its alias.
    @inline(__always)
    func draw(_ random: UInt64) -> Int {
        let column = Int(((random >> 32) &* UInt64(alias.count)) >> 32)
        return UInt32(truncatingIfNeeded: random) < threshold[column] ? column : Int(alias[column])
    }
}
