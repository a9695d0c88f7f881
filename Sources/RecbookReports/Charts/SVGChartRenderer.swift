import RecbookResults

/// Draws a `Chart` as a self-contained SVG: title, axes with nice ticks, grid, legend,
/// and an accessible `<title>`/`<desc>`. Text and axes use `currentColor`, so the chart
/// follows the page's light or dark colours; series use a fixed palette that reads on both.
/// The size is given by `viewBox` only, so the chart scales to its container.
public struct SVGChartRenderer: Sendable {
    /// Series colours: mid-luminance hues legible on white and on near-black.
    public static let palette = ["#3b82f6", "#f59e0b", "#10b981", "#ef4444", "#a855f7", "#14b8a6", "#ec4899", "#84cc16"]

    /// Prefix for element ids, unique per chart within one HTML page.
    public var idPrefix: String
    /// For a file opened on its own (the Markdown report's `_files/`): adds a background and a
    /// style that follows the viewer's light or dark preference.
    public var standalone: Bool

    public init(idPrefix: String = "chart", standalone: Bool = false) {
        self.idPrefix = idPrefix
        self.standalone = standalone
    }

    // Layout in viewBox units.
    static let width = 640.0, height = 360.0
    static let plotLeft = 68.0, plotRight = 624.0, plotTop = 48.0, plotBottom = 272.0

    public func render(_ chart: Chart) -> String {
        let cleaned = CleanedChart(chart)
        var svg = SVGBuilder()
        let titleID = "\(idPrefix)-title", descID = "\(idPrefix)-desc"
        svg.line("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(Self.width.svg) \(Self.height.svg)\" role=\"img\" aria-labelledby=\"\(titleID) \(descID)\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" font-size=\"12\">")
        svg.line("<title id=\"\(titleID)\">\(escapeHTML(chart.title))</title>")
        svg.line("<desc id=\"\(descID)\">\(escapeHTML(describe(chart, cleaned)))</desc>")
        if standalone {
            // Its own background too: viewers may show the file on white or on black.
            svg.line("<style>svg{color:#1f2328}.chart-background{fill:#ffffff}@media (prefers-color-scheme: dark){svg{color:#e6edf3}.chart-background{fill:#0d1117}}</style>")
            svg.line("<rect class=\"chart-background\" width=\"100%\" height=\"100%\"/>")
        }
        svg.text(chart.title, x: Self.width / 2, y: 24, anchor: "middle", extra: "font-size=\"15\" font-weight=\"600\" class=\"chart-title\"")

        if cleaned.isEmpty {
            frame(&svg)
            svg.text("No data to show", x: (Self.plotLeft + Self.plotRight) / 2, y: (Self.plotTop + Self.plotBottom) / 2,
                     anchor: "middle", extra: "opacity=\"0.7\"")
        } else {
            switch chart.kind {
            case .line: drawLines(chart, cleaned, into: &svg)
            case .bar: drawBars(chart, cleaned, into: &svg)
            case .heatmap: frame(&svg)  // drawn by the heat-map renderer (to come)
            }
        }
        axisLabels(chart, into: &svg)
        legend(chart, into: &svg)
        if cleaned.skipped > 0 {
            svg.text("\(cleaned.skipped) non-finite value\(cleaned.skipped == 1 ? "" : "s") (NaN or ∞) not shown",
                     x: Self.plotRight, y: Self.height - 8, anchor: "end", extra: "font-size=\"10\" opacity=\"0.75\" class=\"chart-note\"")
        }
        svg.line("</svg>")
        return svg.text
    }

    // MARK: - Line charts

    private func drawLines(_ chart: Chart, _ data: CleanedChart, into svg: inout SVGBuilder) {
        let xs = data.points.flatMap { $0.map(\.x) }, ys = data.points.flatMap { $0.map(\.y) }
        let xScale = NiceScale(min: xs.min()!, max: xs.max()!, tickCount: 6)
        let yScale = NiceScale(min: ys.min()!, max: ys.max()!, tickCount: 5)
        grid(yScale: yScale, into: &svg)
        for tick in xScale.ticks {
            let x = mapX(tick, xScale)
            svg.line("<line x1=\"\(x.svg)\" y1=\"\(Self.plotBottom.svg)\" x2=\"\(x.svg)\" y2=\"\((Self.plotBottom + 5).svg)\" stroke=\"currentColor\"/>")
            svg.text(label(tick, xScale), x: x, y: Self.plotBottom + 19, anchor: "middle", extra: "class=\"tick x-tick\"")
        }
        frame(&svg)
        for (index, points) in data.points.enumerated() where !points.isEmpty {
            let colour = Self.palette[index % Self.palette.count]
            let coordinates = points.map { "\(mapX($0.x, xScale).svg),\(mapY($0.y, yScale).svg)" }
            svg.line("<g class=\"series\" data-series=\"\(escapeHTML(chart.series[index].name))\">")
            if points.count > 1 {
                svg.line("<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.25\" stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"\(coordinates.joined(separator: " "))\"/>")
            }
            if points.count <= 40 {
                for (point, xy) in zip(points, coordinates) {
                    let parts = xy.split(separator: ",")
                    svg.line("<circle cx=\"\(parts[0])\" cy=\"\(parts[1])\" r=\"3\" fill=\"\(colour)\"><title>\(escapeHTML(chart.series[index].name)): \(point.x.plain), \(point.y.plain)</title></circle>")
                }
            }
            svg.line("</g>")
        }
    }

    // MARK: - Bar charts

    private func drawBars(_ chart: Chart, _ data: CleanedChart, into svg: inout SVGBuilder) {
        let values = data.bars.flatMap { $0.compactMap { $0 } }
        // Bars grow from zero, so zero is always on the axis.
        let yScale = NiceScale(min: Swift.min(0, values.min()!), max: Swift.max(0, values.max()!), tickCount: 5)
        grid(yScale: yScale, into: &svg)
        let groups = data.categoryCount
        let groupWidth = (Self.plotRight - Self.plotLeft) / Double(Swift.max(1, groups))
        let seriesCount = Swift.max(1, chart.series.count)
        let barWidth = groupWidth * 0.8 / Double(seriesCount)
        let zeroY = mapY(0, yScale)
        let showValues = groups * seriesCount <= 16
        for group in 0..<groups {
            let groupLeft = Self.plotLeft + Double(group) * groupWidth
            let category = group < chart.categories.count ? chart.categories[group] : "\(group + 1)"
            svg.text(category, x: groupLeft + groupWidth / 2, y: Self.plotBottom + 19, anchor: "middle", extra: "class=\"tick x-tick\"")
            for series in 0..<chart.series.count {
                guard group < data.bars[series].count, let value = data.bars[series][group] else { continue }
                let colour = Self.palette[series % Self.palette.count]
                let x = groupLeft + groupWidth * 0.1 + Double(series) * barWidth
                let y = mapY(value, yScale)
                let top = Swift.min(y, zeroY), barHeight = abs(zeroY - y)
                svg.line("<rect x=\"\((x + 1).svg)\" y=\"\(top.svg)\" width=\"\(Swift.max(1, barWidth - 2).svg)\" height=\"\(barHeight.svg)\" fill=\"\(colour)\"><title>\(escapeHTML(chart.series[series].name)) · \(escapeHTML(category)): \(value.plain)</title></rect>")
                if showValues {
                    svg.text(value.plain, x: x + barWidth / 2, y: value >= 0 ? top - 4 : top + barHeight + 12,
                             anchor: "middle", extra: "font-size=\"10\" class=\"bar-value\"")
                }
            }
        }
        frame(&svg)
    }

    // MARK: - Shared pieces

    private func grid(yScale: NiceScale, into svg: inout SVGBuilder) {
        for tick in yScale.ticks {
            let y = mapY(tick, yScale)
            svg.line("<line x1=\"\(Self.plotLeft.svg)\" y1=\"\(y.svg)\" x2=\"\(Self.plotRight.svg)\" y2=\"\(y.svg)\" stroke=\"currentColor\" stroke-opacity=\"0.15\"/>")
            svg.text(label(tick, yScale), x: Self.plotLeft - 8, y: y + 4, anchor: "end", extra: "class=\"tick y-tick\"")
        }
    }

    private func frame(_ svg: inout SVGBuilder) {
        svg.line("<path d=\"M\(Self.plotLeft.svg) \(Self.plotTop.svg)V\(Self.plotBottom.svg)H\(Self.plotRight.svg)\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.7\"/>")
    }

    private func axisLabels(_ chart: Chart, into svg: inout SVGBuilder) {
        if !chart.xLabel.isEmpty {
            svg.text(chart.xLabel, x: (Self.plotLeft + Self.plotRight) / 2, y: Self.plotBottom + 40, anchor: "middle", extra: "class=\"axis-label\"")
        }
        if !chart.yLabel.isEmpty {
            let cy = (Self.plotTop + Self.plotBottom) / 2
            svg.text(chart.yLabel, x: 16, y: cy, anchor: "middle", extra: "class=\"axis-label\" transform=\"rotate(-90 16 \(cy.svg))\"")
        }
    }

    private func legend(_ chart: Chart, into svg: inout SVGBuilder) {
        guard !chart.series.isEmpty else { return }
        // Entries laid out left to right, centred; widths estimated from the name length,
        // generously, since small screens enlarge chart text.
        let widths = chart.series.map { 26 + 10 * Double($0.name.count) }
        let total = widths.reduce(0, +) + 12 * Double(widths.count - 1)
        var x = Swift.max(8, (Self.width - total) / 2)
        let y = Self.height - 26
        svg.line("<g class=\"legend\">")
        for (index, series) in chart.series.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            svg.line("<rect x=\"\(x.svg)\" y=\"\((y - 9).svg)\" width=\"14\" height=\"10\" rx=\"2\" fill=\"\(colour)\"/>")
            svg.text(series.name, x: x + 20, y: y, anchor: "start", extra: "")
            x += widths[index] + 12
        }
        svg.line("</g>")
    }

    private func mapX(_ value: Double, _ scale: NiceScale) -> Double {
        Self.plotLeft + (value - scale.lower) / (scale.upper - scale.lower) * (Self.plotRight - Self.plotLeft)
    }

    private func mapY(_ value: Double, _ scale: NiceScale) -> Double {
        Self.plotBottom - (value - scale.lower) / (scale.upper - scale.lower) * (Self.plotBottom - Self.plotTop)
    }

    private func label(_ value: Double, _ scale: NiceScale) -> String {
        NumberFormat.fixed(scale.decimals).format(value)
    }

    private func describe(_ chart: Chart, _ data: CleanedChart) -> String {
        let kind = chart.kind == .line ? "Line chart" : "Bar chart"
        var text = "\(kind) of \(chart.yLabel.isEmpty ? "values" : chart.yLabel)"
        text += chart.kind == .line ? " against \(chart.xLabel.isEmpty ? "x" : chart.xLabel)." : " by \(chart.xLabel.isEmpty ? "category" : chart.xLabel)."
        if chart.series.isEmpty { return text + " No series." }
        let parts = chart.series.enumerated().map { index, series -> String in
            let ys = chart.kind == .line ? data.points[index].map(\.y) : data.bars[index].compactMap { $0 }
            guard let first = ys.first, let last = ys.last else { return "\(series.name): no finite values" }
            return chart.kind == .line
                ? "\(series.name): \(ys.count) point\(ys.count == 1 ? "" : "s") from \(first.plain) to \(last.plain)"
                : "\(series.name): " + ys.map(\.plain).joined(separator: ", ")
        }
        text += " " + parts.joined(separator: "; ") + "."
        if data.skipped > 0 { text += " \(data.skipped) non-finite values are not shown." }
        return text
    }
}

/// A chart's data with NaN and infinities removed (and counted).
private struct CleanedChart {
    var points: [[(x: Double, y: Double)]] = []
    var bars: [[Double?]] = []
    var categoryCount = 0
    var skipped = 0

    init(_ chart: Chart) {
        switch chart.kind {
        case .line:
            for series in chart.series {
                var kept: [(x: Double, y: Double)] = []
                for (x, y) in zip(series.x, series.y) {
                    if x.isFinite && y.isFinite { kept.append((x, y)) } else { skipped += 1 }
                }
                points.append(kept)
            }
        case .bar:
            categoryCount = max(chart.categories.count, chart.series.map(\.y.count).max() ?? 0)
            for series in chart.series {
                bars.append(series.y.map { $0.isFinite ? $0 : nil })
                skipped += series.y.count(where: { !$0.isFinite })
            }
        case .heatmap:
            break
        }
    }

    var isEmpty: Bool { points.allSatisfy(\.isEmpty) && bars.allSatisfy { $0.allSatisfy { $0 == nil } } }
}

/// Accumulates SVG markup line by line.
private struct SVGBuilder {
    var text = ""
    mutating func line(_ s: String) {
        text += s
        text += "\n"
    }
    mutating func text(_ content: String, x: Double, y: Double, anchor: String, extra: String) {
        line("<text x=\"\(x.svg)\" y=\"\(y.svg)\" text-anchor=\"\(anchor)\" fill=\"currentColor\"\(extra.isEmpty ? "" : " " + extra)>\(escapeHTML(content))</text>")
    }
}

extension Double {
    /// A coordinate with at most two decimals (keeps SVG small and stable).
    var svg: String {
        let s = NumberFormat.fixed(2).format(self)
        var trimmed = Substring(s)
        if trimmed.contains(".") {
            while trimmed.last == "0" { trimmed = trimmed.dropLast() }
            if trimmed.last == "." { trimmed = trimmed.dropLast() }
        }
        return trimmed == "-0" ? "0" : String(trimmed)
    }

    /// A data value for tooltips and descriptions: up to four significant decimals.
    var plain: String {
        if self == rounded() && abs(self) < 1e15 { return String(Int(self)) }
        let digits = abs(self) >= 100 ? 1 : abs(self) >= 1 ? 3 : 4
        return NumberFormat.fixed(digits).format(self)
    }
}
