import Testing
@testable import RecommenderKit

/// Intervals and corrections against textbook values.
@Suite struct MeanIntervalTests {
    // Student t quantiles from a printed t table (two-sided 95 %).
    @Test(arguments: [(1.0, 12.706205), (4.0, 2.776445), (9.0, 2.262157), (29.0, 2.045230)])
    func tQuantilesMatchTheTable(df: Double, expected: Double) {
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: df) - expected) < 1e-5)
    }

    @Test func intervalOfFixedNumbers() {
        // 1…5: mean 3, sd √2.5 = 1.58114, se = 0.70711, t(0.975, 4) = 2.776445 → ± 1.963243.
        let interval = MeanInterval([1, 2, 3, 4, 5])
        #expect(interval.n == 5)
        #expect(interval.mean == 3)
        #expect(abs(interval.standardDeviation - 1.5811388) < 1e-6)
        #expect(abs(interval.lower - 1.036757) < 1e-5)
        #expect(abs(interval.upper - 4.963243) < 1e-5)
    }

    @Test func aSingleRunHasNoSpread() {
        let interval = MeanInterval([0.25])
        #expect(interval.lower == 0.25 && interval.upper == 0.25 && interval.standardDeviation == 0)
    }

    @Test func holmOnATextbookExample() {
        // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06.
        let adjusted = HolmCorrection.adjust([0.01, 0.04, 0.03, 0.005])
        let expected = [0.03, 0.06, 0.06, 0.02]
        for (a, e) in zip(adjusted, expected) { #expect(abs(a - e) < 1e-12) }
        // Capped at 1.
        #expect(HolmCorrection.adjust([0.6, 0.7]) == [1, 1])
    }
}
