import Testing
@testable import RecommenderKit

// Reference values computed once with SciPy 1.17.1 (Python 3):
//   a = [0.9, 0.5, 0.7, 0.3, 0.8, 0.6, 0.2, 0.95, 0.4, 1.0]
//   b = [0.6, 0.5, 0.4, 0.35, 0.5, 0.7, 0.1, 0.6, 0.4, 0.0]
//   scipy.stats.ttest_rel(a, b)                      -> t 2.1630626336367254, p 0.05877369289130024
//   scipy.stats.wilcoxon(a, b, zero_method='wilcox',
//                        correction=False, method='approx') -> 3.0, p 0.03546586462402558
//   x = [3, 1, 4, 1, 5, 9, 2, 6]; y = [1, 1, 2, 3, 5, 4, 4, 1]
//   ttest_rel(x, y)  -> t 1.2788721666732719, p 0.2417042159103587
//   wilcoxon(x, y, ...same options) -> 5.0, p 0.23419430487921455
//   scipy.special.betainc(2.5, 0.5, 0.3) -> 0.018927124071945658
//   betainc(10, 3, 0.9) -> 0.889130022255, betainc(0.5, 0.5, 0.5) -> 0.5
private let a = [0.9, 0.5, 0.7, 0.3, 0.8, 0.6, 0.2, 0.95, 0.4, 1.0]
private let b = [0.6, 0.5, 0.4, 0.35, 0.5, 0.7, 0.1, 0.6, 0.4, 0.0]
private let x: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
private let y: [Double] = [1, 1, 2, 3, 5, 4, 4, 1]

private func close(_ v: Double, _ e: Double, _ tolerance: Double = 1e-12) -> Bool { abs(v - e) <= tolerance * max(1, abs(e)) }

@Test func pairedTTestMatchesSciPy() {
    let r = PairedTTest.test(a, b)
    #expect(close(r.statistic, 2.1630626336367254))
    #expect(close(r.pValue, 0.05877369289130024, 1e-10))
    #expect(r.sampleSize == 10)
    #expect(close(r.meanDifference, 0.22))
    let s = PairedTTest.test(x, y)
    #expect(close(s.statistic, 1.2788721666732719))
    #expect(close(s.pValue, 0.2417042159103587, 1e-10))
}

@Test func wilcoxonMatchesSciPy() {
    let r = WilcoxonSignedRankTest.test(a, b)
    #expect(r.statistic == 3)
    #expect(r.sampleSize == 8)  // two zero differences dropped
    #expect(close(r.pValue, 0.03546586462402558, 1e-10))
}

@Test func wilcoxonWithTiesByHand() {
    // d without zeros: 2, 2, −2, 5, −2, 5. |d| ranks: four 2s share 2.5, two 5s share 5.5.
    // W+ = 16, W− = 5; variance 6·7·13/24 − ((4³−4) + (2³−2))/48 = 21.375; z = 5.5/√21.375.
    let r = WilcoxonSignedRankTest.test(x, y)
    #expect(r.statistic == 5)
    #expect(r.sampleSize == 6)
    #expect(close(r.pValue, 0.23419430487921455, 1e-10))
    #expect(close(r.pValue, SpecialFunctions.normalTwoSidedPValue(5.5 / 21.375.squareRoot())))
}

@Test func degenerateSamples() {
    let same = PairedTTest.test([1, 2, 3], [1, 2, 3])
    #expect(same.statistic.isNaN && same.pValue.isNaN)
    let shifted = PairedTTest.test([2, 3, 4], [1, 2, 3])
    #expect(shifted.statistic == .infinity && shifted.pValue == 0)
    #expect(PairedTTest.test([1], [0]).pValue.isNaN)
    let noDifferences = WilcoxonSignedRankTest.test([1, 2], [1, 2])
    #expect(noDifferences.sampleSize == 0 && noDifferences.pValue.isNaN)
}

@Test(arguments: [
    (2.5, 0.5, 0.3, 0.018927124071945658),
    (10, 3, 0.9, 0.889130022255),
    (0.5, 0.5, 0.5, 0.5),
    (3, 4, 0, 0),
    (3, 4, 1, 1),
    (1, 1, 0.37, 0.37),  // I_x(1, 1) = x
])
func incompleteBeta(a: Double, b: Double, x: Double, expected: Double) {
    #expect(close(SpecialFunctions.regularizedIncompleteBeta(a, b, x), expected, 1e-11))
}

@Test func normalTailValues() {
    #expect(close(SpecialFunctions.normalTwoSidedPValue(0), 1))
    #expect(close(SpecialFunctions.normalTwoSidedPValue(1.959963984540054), 0.05, 1e-12))
    #expect(close(SpecialFunctions.normalTwoSidedPValue(-1.959963984540054), 0.05, 1e-12))
}
