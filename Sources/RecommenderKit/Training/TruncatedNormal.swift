#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Samples from a normal distribution truncated at two standard deviations, like
/// TensorFlow's `truncated_normal`: values beyond ±2σ are drawn again.
enum TruncatedNormal {
    /// `count` values with mean 0 and standard deviation `standardDeviation` (before truncation).
    static func sample(count: Int, standardDeviation: Float, using generator: inout SeededGenerator) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        for k in 0..<count {
            var z = standardNormal(using: &generator)
            while abs(z) > 2 { z = standardNormal(using: &generator) }
            out[k] = Float(z) * standardDeviation
        }
        return out
    }

    /// One standard normal draw (Box–Muller, cosine branch only, so every draw
    /// consumes exactly two generator outputs).
    static func standardNormal(using generator: inout SeededGenerator) -> Double {
        let u1 = 1 - generator.nextUnitDouble()  // in (0, 1], so the logarithm is finite
        let u2 = generator.nextUnitDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

extension FactorModel {
    /// A model initialised as the seed does: P and Q ~ truncated normal(0, σ).
    /// Users draw from `generator.derived("user-factors")`, items from `derived("item-factors")`.
    public static func truncatedNormal(
        users: Int, items: Int, factors: Int, standardDeviation: Float = 0.01, generator: SeededGenerator
    ) -> FactorModel {
        var userStream = generator.derived("user-factors")
        var itemStream = generator.derived("item-factors")
        let p = TruncatedNormal.sample(count: users * factors, standardDeviation: standardDeviation, using: &userStream)
        let q = TruncatedNormal.sample(count: items * factors, standardDeviation: standardDeviation, using: &itemStream)
        return FactorModel(
            userFactors: Matrix(rows: users, columns: factors, storage: p),
            itemFactors: Matrix(rows: items, columns: factors, storage: q))
    }
}
