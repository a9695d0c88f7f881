#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import RecommenderKit

@Suite struct NormalZigguratTests {
    /// ∫_r^∞ e^(−x²/2) dx = √(π/2) · erfc(r/√2).
    static func tailArea(_ r: Double) -> Double { (Double.pi / 2).squareRoot() * erfc(r / 2.0.squareRoot()) }

    @Test func everyLayerHasTheSameArea() {
        let tables = NormalZiggurat.tables, r = NormalZiggurat.tailStart, v = NormalZiggurat.layerArea
        // The base layer: the rectangle under f(r) out to r, plus the tail beyond it.
        let base = r * NormalZiggurat.density(r) + Self.tailArea(r)
        #expect(abs(base - v) < 1e-9 * v, "base layer \(base) vs \(v)")
        // Marsaglia & Tsang's published width of the base strip, v / f(r).
        #expect(abs(tables.edges[0] - 3.910757959537090) < 1e-12)
        for i in 1...255 {
            let area = tables.edges[i] * (tables.heights[i + 1] - tables.heights[i])
            #expect(abs(area - v) < 1e-8 * v, "layer \(i): \(area)")
        }
        #expect(tables.edges[256] == 0 && tables.heights[256] == 1)
    }

    @Test func drawsFollowTheStandardNormal() {
        var generator = SeededGenerator(seed: 2026)
        let n = 200_000
        var draws = (0..<n).map { _ in NormalZiggurat.next(using: &generator) }
        let mean = draws.reduce(0, +) / Double(n)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let fourth = draws.reduce(0) { $0 + pow($1 - mean, 4) } / Double(n)
        // Four standard errors: 1/√n for the mean, √(2/n) for the variance, √(96/n) for the fourth moment.
        #expect(abs(mean) < 4 / Double(n).squareRoot(), "mean \(mean)")
        #expect(abs(variance - 1) < 4 * (2 / Double(n)).squareRoot(), "variance \(variance)")
        #expect(abs(fourth - 3) < 4 * (96 / Double(n)).squareRoot(), "fourth moment \(fourth)")
        // Draws beyond r come from the tail code: P(|z| > r) = erfc(r / √2) ≈ 2.58e-4.
        let r = NormalZiggurat.tailStart
        let expectedTail = erfc(r / 2.0.squareRoot()) * Double(n)
        let tail = Double(draws.filter { abs($0) > r }.count)
        #expect(abs(tail - expectedTail) < 4 * expectedTail.squareRoot(), "\(tail) draws beyond r, expected \(expectedTail)")
        // Kolmogorov–Smirnov against Φ: the 1 % critical value is 1.63 / √n.
        draws.sort()
        var largestGap = 0.0
        for (k, x) in draws.enumerated() {
            let phi = 0.5 * erfc(-x / 2.0.squareRoot())
            largestGap = max(largestGap, abs(phi - Double(k) / Double(n)), abs(phi - Double(k + 1) / Double(n)))
        }
        #expect(largestGap < 1.63 / Double(n).squareRoot(), "KS statistic \(largestGap)")
    }

    @Test func drawsAreSymmetricAndRepeatable() {
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7)
        let first = (0..<1000).map { _ in NormalZiggurat.next(using: &a) }
        let again = (0..<1000).map { _ in NormalZiggurat.next(using: &b) }
        #expect(first == again)
        let negative = first.filter { $0 < 0 }.count
        // Binomial(1000, ½): four standard deviations are about 63.
        #expect(abs(negative - 500) < 63, "\(negative) of 1000 negative")
    }
}
