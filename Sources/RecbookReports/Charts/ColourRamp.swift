#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sequential colour scale for heat maps: viridis (van der Walt & Smith), perceptually
/// ordered from blue-violet to yellow, legible to most colour-vision deficiencies and readable
/// on light and dark pages alike. Its darkest end is skipped so low cells stay visible on a dark page.
enum ColourRamp {
    /// Viridis at 0, 0.1, …, 1.
    static let stops: [(r: Double, g: Double, b: Double)] = [
        (0x44, 0x01, 0x54), (0x48, 0x24, 0x75), (0x41, 0x44, 0x87), (0x35, 0x5f, 0x8d), (0x2a, 0x78, 0x8e),
        (0x21, 0x91, 0x8c), (0x22, 0xa8, 0x84), (0x44, 0xbf, 0x70), (0x7a, 0xd1, 0x51), (0xbd, 0xdf, 0x26),
        (0xfd, 0xe7, 0x25),
    ]
    /// Where on viridis the scale's minimum sits.
    static let start = 0.1

    /// The colour for `t` in 0...1 (clamped) as `#rrggbb`.
    static func colour(_ t: Double) -> String {
        hex(rgb(t))
    }

    static func rgb(_ t: Double) -> (r: Double, g: Double, b: Double) {
        let clamped = t.isFinite ? Swift.min(1, Swift.max(0, t)) : 0.5
        let position = (start + (1 - start) * clamped) * Double(stops.count - 1)
        let i = Swift.min(stops.count - 2, Int(position))
        let f = position - Double(i)
        let a = stops[i], b = stops[i + 1]
        return (a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f)
    }

    /// Black or white, whichever contrasts more with the colour at `t`: at least 4.58 : 1 (WCAG AA)
    /// for any fill, since black and white meet at a luminance of about 0.18.
    static func textColour(_ t: Double) -> String {
        let l = luminance(rgb(t))
        let onWhite = 1.05 / (l + 0.05), onBlack = (l + 0.05) / 0.05
        return onBlack >= onWhite ? "#000000" : "#ffffff"
    }

    /// WCAG relative luminance of an sRGB colour with 0...255 channels.
    static func luminance(_ c: (r: Double, g: Double, b: Double)) -> Double {
        func linear(_ v: Double) -> Double {
            let s = v / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)
    }

    static func hex(_ c: (r: Double, g: Double, b: Double)) -> String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for v in [c.r, c.g, c.b] {
            let byte = Swift.min(255, Swift.max(0, Int(v.rounded())))
            s.append(digits[byte / 16])
            s.append(digits[byte % 16])
        }
        return s
    }
}
