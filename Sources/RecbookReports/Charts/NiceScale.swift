#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Axis ticks at "nice" values (1, 2, 2.5 or 5 times a power of ten) covering a data range,
/// after Heckbert's "Nice numbers for graph labels" (Graphics Gems, 1990).
struct NiceScale: Sendable, Equatable {
    var lower: Double
    var upper: Double
    var step: Double

    /// A scale covering `min...max` with about `tickCount` ticks. A range of zero width
    /// is widened around its value so a flat series still gets an axis.
    init(min: Double, max: Double, tickCount: Int = 5) {
        var low = min, high = max
        if high - low <= Swift.max(abs(low), abs(high)) * 1e-12 {
            let pad = low == 0 ? 1 : abs(low) * 0.5
            low -= pad
            high += pad
        }
        let step = NiceScale.niceNumber((high - low) / Double(Swift.max(1, tickCount - 1)))
        self.step = step
        self.lower = (low / step).rounded(.down) * step
        self.upper = (high / step).rounded(.up) * step
    }

    /// The tick values from `lower` to `upper`, computed by multiplication so they do not drift.
    var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded()) + 1
        return (0..<count).map { i in
            let value = lower + Double(i) * step
            // Snap tiny residues such as 5.551115123125783e-17 to zero.
            return abs(value) < step * 1e-9 ? 0 : value
        }
    }

    /// Decimals needed to tell the ticks apart (0 for whole steps, 1 for 0.5, 2 for 0.25, …).
    var decimals: Int {
        var digits = 0
        var scaled = step
        while digits < 12, abs(scaled - scaled.rounded()) > 1e-9 * Swift.max(1, abs(scaled)) {
            scaled *= 10
            digits += 1
        }
        return digits
    }

    /// The nice number closest to `x` (1, 2, 2.5, 5 or 10 times a power of ten).
    static func niceNumber(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let power = pow(10, log10(x).rounded(.down))
        let fraction = x / power
        let nice = fraction < 1.5 ? 1 : fraction < 2.25 ? 2 : fraction < 3.5 ? 2.5 : fraction < 7.5 ? 5 : 10.0
        return nice * power
    }
}
