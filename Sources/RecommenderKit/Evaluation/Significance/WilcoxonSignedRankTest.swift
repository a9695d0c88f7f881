/// Paired two-sided Wilcoxon signed-rank test on per-user values, normal approximation.
///
/// Matches `scipy.stats.wilcoxon(a, b, zero_method="wilcox", correction=False,
/// method="approx")`: zero differences are dropped (the "wilcox" zero method), the
/// remaining |d| get average ranks on ties, and the variance carries the tie correction
/// n(n+1)(2n+1)/24 − Σ(t³ − t)/48 over groups of t tied |d|. No continuity correction.
/// The exact small-sample distribution is not used: with thousands of users the
/// approximation is what matters, and it is also what scipy uses once ties appear.
public enum WilcoxonSignedRankTest {
    public static func test(_ a: [Double], _ b: [Double]) -> PairedTestResult {
        let mean = meanDifference(a, b)
        let differences = a.indices.map { a[$0] - b[$0] }.filter { $0 != 0 }
        let n = differences.count
        guard n > 0 else { return PairedTestResult(statistic: .nan, pValue: .nan, sampleSize: 0, meanDifference: mean) }

        let order = differences.indices.sorted { abs(differences[$0]) < abs(differences[$1]) }
        var plus = 0.0, minus = 0.0, tieCorrection = 0.0
        var start = 0
        while start < n {
            var end = start + 1
            while end < n && abs(differences[order[end]]) == abs(differences[order[start]]) { end += 1 }
            // Positions start..<end share the average of ranks start+1 ... end.
            let rank = Double(start + 1 + end) / 2
            for position in start..<end {
                if differences[order[position]] > 0 { plus += rank } else { minus += rank }
            }
            let t = Double(end - start)
            tieCorrection += t * t * t - t
            start = end
        }
        let count = Double(n)
        let expected = count * (count + 1) / 4
        let variance = count * (count + 1) * (2 * count + 1) / 24 - tieCorrection / 48
        let z = variance > 0 ? (plus - expected) / variance.squareRoot() : .nan
        return PairedTestResult(
            statistic: min(plus, minus),
            pValue: SpecialFunctions.normalTwoSidedPValue(z),
            sampleSize: n,
            meanDifference: mean)
    }
}
