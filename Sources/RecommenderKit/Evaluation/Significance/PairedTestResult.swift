/// The outcome of a paired two-sided significance test.
public struct PairedTestResult: Sendable, Equatable {
    /// The test statistic (t for the t-test, min(W+, W−) for Wilcoxon).
    public var statistic: Double
    /// Two-sided p-value; NaN when the test is undefined (too few pairs, all differences zero).
    public var pValue: Double
    /// Pairs the test used (Wilcoxon drops zero differences).
    public var sampleSize: Int
    /// Mean of `a − b` over all pairs.
    public var meanDifference: Double

    public init(statistic: Double, pValue: Double, sampleSize: Int, meanDifference: Double) {
        self.statistic = statistic
        self.pValue = pValue
        self.sampleSize = sampleSize
        self.meanDifference = meanDifference
    }
}

func meanDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "paired samples differ in length: \(a.count) and \(b.count)")
    var sum = 0.0
    for i in a.indices { sum += a[i] - b[i] }
    return a.isEmpty ? .nan : sum / Double(a.count)
}
