#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Special functions behind the significance tests, in Double.
enum SpecialFunctions {
    /// The regularised incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1.
    ///
    /// Evaluated with the continued fraction of Numerical Recipes (3rd ed., §6.4,
    /// modified Lentz), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the
    /// fraction converges faster.
    static func regularizedIncompleteBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
        precondition(a > 0 && b > 0, "incomplete beta needs a, b > 0")
        if x.isNaN { return .nan }
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        // Prefactor x^a (1−x)^b / (a B(a, b)), computed in logs.
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(a, b, x) / a
        } else {
            return 1 - exp(logFront) * betaContinuedFraction(b, a, 1 - x) / b
        }
    }

    private static func betaContinuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            // Even step.
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step.
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }

    /// P(|T| ≥ |t|) for Student's t with `degreesOfFreedom` degrees of freedom.
    static func studentTTwoSidedPValue(_ t: Double, degreesOfFreedom df: Double) -> Double {
        if t.isNaN { return .nan }
        if t.isInfinite { return 0 }
        return regularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t))
    }

    /// P(|Z| ≥ |z|) for a standard normal Z.
    static func normalTwoSidedPValue(_ z: Double) -> Double {
        if z.isNaN { return .nan }
        return erfc(abs(z) / 2.0.squareRoot())
    }
}
