/// Paired two-sided Student t-test on per-user values (as `scipy.stats.ttest_rel`).
public enum PairedTTest {
    /// Tests whether the mean of `a[i] − b[i]` differs from zero.
    ///
    /// t = mean(d) / (sd(d) / √n) with the n − 1 sample standard deviation, and
    /// p = I_{ν/(ν+t²)}(ν/2, 1/2) with ν = n − 1. Fewer than two pairs, or all
    /// differences equal to zero, give NaN; equal non-zero differences give t = ±∞, p = 0.
    public static func test(_ a: [Double], _ b: [Double]) -> PairedTestResult {
        let mean = meanDifference(a, b)
        let n = a.count
        guard n >= 2 else { return PairedTestResult(statistic: .nan, pValue: .nan, sampleSize: n, meanDifference: mean) }
        var squares = 0.0
        for i in a.indices {
            let deviation = (a[i] - b[i]) - mean
            squares += deviation * deviation
        }
        let standardError = (squares / Double(n - 1) / Double(n)).squareRoot()
        let t = mean / standardError  // 0/0 = NaN, x/0 = ±∞
        let p = SpecialFunctions.studentTTwoSidedPValue(t, degreesOfFreedom: Double(n - 1))
        return PairedTestResult(statistic: t, pValue: p, sampleSize: n, meanDifference: mean)
    }
}
