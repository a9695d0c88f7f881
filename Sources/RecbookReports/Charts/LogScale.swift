#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecbookResults

/// A base-10 logarithmic axis over positive values. Ticks sit at the data's own x values when
/// there are few enough to label without crowding (the usual case for a sweep such as
/// ε = 0.01, 0.1, 1), otherwise at 1-2-5 multiples of powers of ten, then at fewer decades.
struct LogScale: Sendable, Equatable {
    var lower: Double
    var upper: Double
    var ticks: [Double]

    /// A scale for `values` (all > 0) drawn `length` units wide with tick labels at `fontSize`.
    init(values: [Double], length: Double, fontSize: Double = 12) {
        let xs = Array(Set(values.filter { $0 > 0 && $0.isFinite })).sorted()
        guard let lo = xs.first, let hi = xs.last else {
            (lower, upper, ticks) = (1, 10, [1, 10])
            return
        }
        if lo == hi {
            (lower, upper, ticks) = (lo / 10.0.squareRoot(), lo * 10.0.squareRoot(), [lo])
            return
        }
        func fits(_ ticks: [Double], _ lower: Double, _ upper: Double) -> Bool {
            let span = log10(upper) - log10(lower)
            let positions = ticks.map { (log10($0) - log10(lower)) / span * length }
            let widths = ticks.map { ChartText.width(LogScale.label($0), fontSize: fontSize) }
            for i in positions.indices.dropFirst() where positions[i] - positions[i - 1] < (widths[i] + widths[i - 1]) / 2 + 8 {
                return false
            }
            return true
        }
        if xs.count <= 12 && fits(xs, lo, hi) {
            (lower, upper, ticks) = (lo, hi, xs)
            return
        }
        let firstDecade = Int(log10(lo).rounded(.down)) - 1, lastDecade = Int(log10(hi).rounded(.up)) + 1
        let families: [(mantissas: [Double], decadeStep: Int)] = [
            ([1, 2, 5], 1), ([1, 3], 1), ([1], 1), ([1], 2), ([1], 3), ([1], 5), ([1], 10), ([1], 20), ([1], 50), ([1], 100),
        ]
        var chosen: (Double, Double, [Double])?
        for family in families {
            var candidates: [Double] = []
            for decade in firstDecade...lastDecade where ((decade % family.decadeStep) + family.decadeStep) % family.decadeStep == 0 {
                for m in family.mantissas { candidates.append(LogScale.power(m, decade)) }
            }
            candidates.sort()
            // Extend the decade list until it encloses the data.
            while let first = candidates.first, first > lo { candidates.insert(first / LogScale.power(1, family.decadeStep), at: 0) }
            while let last = candidates.last, last < hi { candidates.append(last * LogScale.power(1, family.decadeStep)) }
            let lower = candidates.last { $0 <= lo * (1 + 1e-12) } ?? lo
            let upper = candidates.first { $0 >= hi * (1 - 1e-12) } ?? hi
            let ticks = candidates.filter { $0 >= lower && $0 <= upper }
            chosen = (lower, upper, ticks)
            if ticks.count >= 2 && fits(ticks, lower, upper) { break }
        }
        (lower, upper, ticks) = chosen!
    }

    /// Where `value` falls between `lower` (0) and `upper` (1).
    func fraction(_ value: Double) -> Double {
        (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
    }

    /// m × 10^e, computed by division for negative e so 0.3 stays 0.3.
    static func power(_ m: Double, _ e: Int) -> Double {
        e < 0 ? m / pow(10, Double(-e)) : m * pow(10, Double(e))
    }

    /// The tick's actual value, as short as it can be written exactly: 0.001, 0.3, 50, 20,000, 2e-7.
    static func label(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return value.plain }
        if value >= 1e7 || value < 1e-4 {
            let exponent = Int(log10(value).rounded(.down))
            var mantissa = value / pow(10, Double(exponent))
            if mantissa >= 9.9995 { mantissa /= 10 }
            let e = Int(log10(value / mantissa).rounded())
            return shortest(mantissa, maxDigits: 3) + "e" + String(e)
        }
        if value >= 10000 && value == value.rounded() { return NumberFormat.integer.format(value) }
        return shortest(value, maxDigits: 6)
    }

    private static func shortest(_ value: Double, maxDigits: Int) -> String {
        for digits in 0...maxDigits {
            let s = NumberFormat.fixed(digits).format(value)
            if let parsed = Double(s), abs(parsed - value) <= abs(value) * 1e-9 { return s }
        }
        return NumberFormat.fixed(maxDigits).format(value)
    }
}
