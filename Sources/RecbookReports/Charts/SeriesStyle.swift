#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How one series is drawn. Colour cycles through the 8-colour palette; the marker shape
/// cycles through 7 shapes (7 and 8 share no factor, so colour and shape together repeat only
/// after 56 series); from the 9th series on, lines also get a dash pattern and bars a stripe
/// pattern, one per round of the palette, so no two series ever look the same.
struct SeriesStyle: Equatable {
    enum Marker: String, CaseIterable {
        case circle, square, triangle, diamond, triangleDown = "triangle-down", plus, cross
    }

    let index: Int

    var colour: String { SVGChartRenderer.palette[index % SVGChartRenderer.palette.count] }
    var marker: Marker { Marker.allCases[index % Marker.allCases.count] }
    /// 0 for the first 8 series, 1 for the next 8, and so on.
    var round: Int { index / SVGChartRenderer.palette.count }

    /// The line's `stroke-dasharray`, nil for a solid line (the first round).
    var dashArray: String? {
        switch round {
        case 0: return nil
        case 1: return "7 3"
        case 2: return "2 3"
        case 3: return "8 3 2 3"
        default: return "\(round + 5) 3 2 3 2 3"
        }
    }

    /// Bars of the first round are plain; later rounds get stripes at their own angle and spacing.
    var hasPattern: Bool { round > 0 }
    var stripeAngle: Double { [45.0, 135, 0, 90][(round - 1) % 4] }
    var stripeSpacing: Double { 5 + 2 * Double((round - 1) / 4) }
    var patternName: String { hasPattern ? "stripes-\(stripeAngle.svg)-\(stripeSpacing.svg)" : "solid" }

    func patternID(_ prefix: String) -> String { "\(prefix)-series-\(index)" }

    /// A bar's fill: the colour, or the series' striped pattern.
    func barFill(_ prefix: String) -> String { hasPattern ? "url(#\(patternID(prefix)))" : colour }

    /// The `<pattern>` definition for striped bars (nil for plain ones).
    func patternDefinition(_ prefix: String) -> String? {
        guard hasPattern else { return nil }
        let s = stripeSpacing.svg, half = (stripeSpacing / 2).svg
        return "<pattern id=\"\(patternID(prefix))\" width=\"\(s)\" height=\"\(s)\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(\(stripeAngle.svg))\"><rect width=\"\(s)\" height=\"\(s)\" fill=\"\(colour)\"/><path d=\"M\(half) 0V\(s)\" stroke=\"#000\" stroke-opacity=\"0.45\" stroke-width=\"1.8\"/></pattern>"
    }

    /// The marker at (x, y) as one SVG element, with a tooltip when given.
    func markerElement(x: Double, y: Double, size: Double = 3.5, tooltip: String? = nil) -> String {
        let title = tooltip.map { "<title>\(escapeHTML($0))</title>" } ?? ""
        let close = title.isEmpty ? "/>" : ">\(title)</\(marker == .circle ? "circle" : "path")>"
        if marker == .circle {
            return "<circle cx=\"\(x.svg)\" cy=\"\(y.svg)\" r=\"\(size.svg)\" fill=\"\(colour)\"\(close)"
        }
        return "<path d=\"\(Self.markerPath(marker, x: x, y: y, size: size))\" fill=\"\(colour)\"\(close)"
    }

    /// An absolute-coordinate path (M, L and Z only) for a marker centred at (x, y) whose
    /// area is close to that of a circle of radius `size`.
    static func markerPath(_ marker: Marker, x: Double, y: Double, size r: Double) -> String {
        let vertices: [(Double, Double)]
        switch marker {
        case .circle:
            vertices = (0..<12).map { i in
                let a = Double(i) * Double.pi / 6
                return (r * cos(a), r * sin(a))
            }
        case .square:
            let h = r * 0.89
            vertices = [(-h, -h), (h, -h), (h, h), (-h, h)]
        case .triangle:
            let s = r * 1.35
            vertices = [(0, -s * 1.1), (s, s * 0.65), (-s, s * 0.65)]
        case .triangleDown:
            let s = r * 1.35
            vertices = [(0, s * 1.1), (s, -s * 0.65), (-s, -s * 0.65)]
        case .diamond:
            let s = r * 1.3
            vertices = [(0, -s), (s * 0.85, 0), (0, s), (-s * 0.85, 0)]
        case .plus, .cross:
            let a = r * 1.25, b = r * 0.42
            let plus: [(Double, Double)] = [
                (-b, -a), (b, -a), (b, -b), (a, -b), (a, b), (b, b),
                (b, a), (-b, a), (-b, b), (-a, b), (-a, -b), (-b, -b),
            ]
            if marker == .plus {
                vertices = plus
            } else {
                let c = 0.7071067811865476
                vertices = plus.map { (($0.0 - $0.1) * c, ($0.0 + $0.1) * c) }
            }
        }
        var d = ""
        for (i, v) in vertices.enumerated() {
            d += (i == 0 ? "M" : "L") + "\((x + v.0).svg) \((y + v.1).svg)"
        }
        return d + "Z"
    }
}
