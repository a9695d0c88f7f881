/// The mean of n runs (one per seed) with its standard deviation and a two-sided Student t
/// confidence interval: mean ± t(1 − (1 − level) / 2, n − 1) · sd / √n.
public struct MeanInterval: Sendable, Equatable {
    public var n: Int
    public var mean: Double
    /// Sample standard deviation (n − 1 in the denominator); 0 for a single run.
    public var standardDeviation: Double
    /// The interval's ends; equal to the mean when n < 2 (no spread can be estimated).
    public var lower: Double
    public var upper: Double
    public var level: Double

    public init(_ values: [Double], level: Double = 0.95) {
        precondition(!values.isEmpty, "an interval needs at least one value")
        n = values.count
        self.level = level
        mean = values.reduce(0, +) / Double(n)
        guard n >= 2 else {
            standardDeviation = 0
            lower = mean
            upper = mean
            return
        }
        let m = mean
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
        standardDeviation = variance.squareRoot()
        let half = StudentT.quantile(1 - (1 - level) / 2, degreesOfFreedom: Double(n - 1)) * standardDeviation / Double(n).squareRoot()
        lower = mean - half
        upper = mean + half
    }

    public var halfWidth: Double { (upper - lower) / 2 }
}

/// Student's t distribution.
public enum StudentT {
    /// The quantile `p` (0.5 < p < 1) for `df` degrees of freedom, by bisection on the CDF
    /// to 1e-12; the CDF comes from the regularised incomplete beta function.
    public static func quantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        precondition(p > 0.5 && p < 1, "quantile is defined here for 0.5 < p < 1")
        let tail = 2 * (1 - p)  // two-sided p-value at the quantile
        var low = 0.0, high = 1.0
        while SpecialFunctions.studentTTwoSidedPValue(high, degreesOfFreedom: df) > tail { high *= 2 }
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if SpecialFunctions.studentTTwoSidedPValue(mid, degreesOfFreedom: df) > tail { low = mid } else { high = mid }
            if high - low < 1e-12 { break }
        }
        return (low + high) / 2
    }
}

/// Holm's step-down correction of p-values for m simultaneous tests: the i-th smallest p
/// is multiplied by m − i + 1 (i from 1), made non-decreasing in that order, and capped at 1.
public enum HolmCorrection {
    public static func adjust(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }
}
