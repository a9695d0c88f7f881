import RecbookResults

/// Draws a `Chart` as a self-contained SVG: title, axes with nice ticks, grid, legend,
/// caption, and an accessible `<title>`/`<desc>`. Text and axes use `currentColor`, so the chart
/// follows the page's light or dark colours; series use a fixed palette that reads on both.
/// The size is given by `viewBox` only, so the chart scales to its container. Its width is
/// fixed; its height grows with the legend, the bar panels' rows and the heat map's rows.
///
/// - Line charts: one line per series with an optional translucent error band, a marker whose
///   shape differs by series, and a linear or logarithmic x axis.
/// - Bar charts: one small panel per category (usually a metric) with its own value scale, one
///   bar per series, optional error bars.
/// - Heat maps: a grid of cells on a sequential colour scale, each printing its value.
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

    // Layout in viewBox units. The plot rectangle of line charts (and of a single row of bar panels).
    static let width = 640.0, minimumHeight = 360.0
    static let plotLeft = 68.0, plotRight = 624.0, plotTop = 48.0, plotBottom = 272.0
    /// Text is laid out for the size small screens enlarge it to (see `ReportStylesheet`), so
    /// labels that fit there fit everywhere.
    static let legendLayoutFont = 16.0, labelLayoutFont = 16.0

    public func render(_ chart: Chart) -> String {
        let data = CleanedChart(chart)
        var canvas = Canvas(prefix: idPrefix)
        var bottom: Double
        if data.isEmpty {
            frame(&canvas.body)
            canvas.body.text("No data to show", x: (Self.plotLeft + Self.plotRight) / 2, y: (Self.plotTop + Self.plotBottom) / 2,
                             anchor: "middle", extra: "opacity=\"0.7\"")
            axisLabels(chart, xCentre: (Self.plotLeft + Self.plotRight) / 2, xBaseline: Self.plotBottom + 40,
                       yCentre: (Self.plotTop + Self.plotBottom) / 2, yLength: Self.plotBottom - Self.plotTop, into: &canvas.body)
            bottom = Self.plotBottom + 40
        } else {
            switch chart.kind {
            case .line: bottom = drawLines(chart, data, into: &canvas)
            case .bar: bottom = drawBars(chart, data, into: &canvas)
            case .heatmap: bottom = drawHeatmap(chart, data.cells!, into: &canvas)
            }
        }

        // Under the plot: legend, caption, notes; each pushes the bottom down.
        var padding = 14.0
        if chart.kind != .heatmap && !chart.series.isEmpty {
            bottom = legend(chart, firstBaseline: bottom + 22, into: &canvas)
            padding = 26
        }
        if let caption = chart.caption, !caption.allSatisfy(\.isWhitespace) {
            let lines = ChartText.wrap(caption, fontSize: 14, maxWidth: Self.width - 40)
            for (i, line) in lines.enumerated() {
                bottom += i == 0 ? 22 : 15
                canvas.body.text(line, x: Self.width / 2, y: bottom, anchor: "middle",
                                 extra: "font-size=\"11\" opacity=\"0.75\" class=\"chart-caption\"")
            }
            padding = 14
        }
        var notes: [String] = []
        if data.skipped > 0 {
            notes.append("\(data.skipped) non-finite value\(data.skipped == 1 ? "" : "s") (NaN or ∞) not shown")
        }
        if data.notPositive > 0 {
            notes.append("\(data.notPositive) point\(data.notPositive == 1 ? "" : "s") with x ≤ 0 not shown on the log axis")
        }
        for note in notes {
            bottom += 16
            canvas.body.text(note, x: Self.plotRight, y: bottom, anchor: "end", extra: "font-size=\"10\" opacity=\"0.75\" class=\"chart-note\"")
            padding = 12
        }
        let height = Swift.max(chart.kind == .heatmap && !data.isEmpty ? 0 : Self.minimumHeight, (bottom + padding).rounded(.up))

        var svg = SVGBuilder()
        let titleID = "\(idPrefix)-title", descID = "\(idPrefix)-desc"
        svg.line("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(Self.width.svg) \(height.svg)\" role=\"img\" aria-labelledby=\"\(titleID) \(descID)\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" font-size=\"12\">")
        svg.line("<title id=\"\(titleID)\">\(escapeHTML(chart.title))</title>")
        svg.line("<desc id=\"\(descID)\">\(escapeHTML(describe(chart, data)))</desc>")
        if standalone {
            // Its own background too: viewers may show the file on white or on black.
            svg.line("<style>svg{color:#1f2328}.chart-background{fill:#ffffff}@media (prefers-color-scheme: dark){svg{color:#e6edf3}.chart-background{fill:#0d1117}}</style>")
            svg.line("<rect class=\"chart-background\" width=\"100%\" height=\"100%\"/>")
        }
        if !canvas.defs.text.isEmpty {
            svg.line("<defs>")
            svg.text += canvas.defs.text
            svg.line("</defs>")
        }
        svg.fittedText(chart.title, x: Self.width / 2, y: 24, anchor: "middle",
                       extra: "font-size=\"15\" font-weight=\"600\" class=\"chart-title\"", fontSize: 17, maxWidth: Self.width - 24)
        svg.text += canvas.body.text
        svg.line("</svg>")
        return svg.text
    }

    /// The chart's markup, and definitions (patterns, gradients) it refers to by id.
    struct Canvas {
        var prefix: String
        var body = SVGBuilder()
        var defs = SVGBuilder()
        var defined: Set<String> = []

        mutating func define(_ id: String, _ markup: @autoclosure () -> String?) {
            guard !defined.contains(id), let markup = markup() else { return }
            defined.insert(id)
            defs.line(markup)
        }

        mutating func defineSeriesPattern(_ style: SeriesStyle) {
            let prefix = self.prefix
            define(style.patternID(prefix), style.patternDefinition(prefix))
        }
    }

    // MARK: - Shared pieces

    /// Horizontal grid lines and labels for `scale` across `left...right`, mapped by `map`.
    func yGrid(_ scale: NiceScale, left: Double, right: Double, map: (Double) -> Double, into svg: inout SVGBuilder) {
        for tick in scale.ticks {
            let y = map(tick)
            svg.line("<line x1=\"\(left.svg)\" y1=\"\(y.svg)\" x2=\"\(right.svg)\" y2=\"\(y.svg)\" stroke=\"currentColor\" stroke-opacity=\"0.15\"/>")
            svg.text(NumberFormat.fixed(scale.decimals).format(tick), x: left - 7, y: y + 4, anchor: "end", extra: "class=\"tick y-tick\"")
        }
    }

    func frame(_ svg: inout SVGBuilder, left: Double = plotLeft, top: Double = plotTop, right: Double = plotRight, bottom: Double = plotBottom) {
        svg.line("<path d=\"M\(left.svg) \(top.svg)V\(bottom.svg)H\(right.svg)\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.7\"/>")
    }

    /// The x label centred under the plot and the y label rotated beside it (each shortened to fit).
    func axisLabels(_ chart: Chart, xCentre: Double, xBaseline: Double, yCentre: Double, yLength: Double, into svg: inout SVGBuilder) {
        if !chart.xLabel.isEmpty {
            svg.fittedText(chart.xLabel, x: xCentre, y: xBaseline, anchor: "middle", extra: "class=\"axis-label\"",
                           fontSize: Self.labelLayoutFont, maxWidth: Self.width - 24)
        }
        if !chart.yLabel.isEmpty {
            svg.fittedText(chart.yLabel, x: 16, y: yCentre, anchor: "middle", extra: "class=\"axis-label\" transform=\"rotate(-90 16 \(yCentre.svg))\"",
                           fontSize: Self.labelLayoutFont, maxWidth: Swift.max(60, yLength + 40))
        }
    }

    // MARK: - Legend

    /// One entry per series, in order: on one centred row when they fit, otherwise in aligned
    /// columns over as many rows as needed. Long names are shortened with an ellipsis (in the
    /// middle, since run names tend to differ at the end) and keep
    /// their full text as a tooltip. Returns the last row's baseline.
    func legend(_ chart: Chart, firstBaseline: Double, into canvas: inout Canvas) -> Double {
        let font = Self.legendLayoutFont, swatch = 22.0, gap = 18.0, rowHeight = 20.0
        let available = Self.width - 16
        let shown = chart.series.map { ChartText.truncateMiddle($0.name, fontSize: font, maxWidth: 190) }
        let widths = shown.map { swatch + 6 + ChartText.width($0, fontSize: font) }
        var positions: [(x: Double, baseline: Double)] = []
        let oneRow = widths.reduce(0, +) + gap * Double(widths.count - 1)
        if oneRow <= available {
            var x = (Self.width - oneRow) / 2
            for w in widths {
                positions.append((x, firstBaseline))
                x += w + gap
            }
        } else {
            // The most columns whose widest entries fit side by side; entries run left to right.
            var columns = 1, columnWidths = [widths.max()!]
            for count in stride(from: Swift.min(widths.count, 12), through: 2, by: -1) {
                let candidate = (0..<count).map { column in stride(from: column, to: widths.count, by: count).map { widths[$0] }.max()! }
                if candidate.reduce(0, +) + gap * Double(count - 1) <= available {
                    (columns, columnWidths) = (count, candidate)
                    break
                }
            }
            let total = columnWidths.reduce(0, +) + gap * Double(columns - 1)
            var lefts: [Double] = [], x = Swift.max(8, (Self.width - total) / 2)
            for w in columnWidths {
                lefts.append(x)
                x += w + gap
            }
            for i in widths.indices {
                positions.append((lefts[i % columns], firstBaseline + Double(i / columns) * rowHeight))
            }
        }
        canvas.body.line("<g class=\"legend\">")
        for (index, series) in chart.series.enumerated() {
            let style = SeriesStyle(index: index)
            let (x, y) = positions[index]
            var attributes = "class=\"legend-entry\" data-series=\"\(escapeHTML(series.name))\" data-colour=\"\(style.colour)\""
            attributes += chart.kind == .bar
                ? " data-pattern=\"\(style.patternName)\""
                : " data-marker=\"\(style.marker.rawValue)\" data-dash=\"\(style.dashArray ?? "solid")\""
            canvas.body.line("<g \(attributes)>")
            if shown[index] != series.name { canvas.body.line("<title>\(escapeHTML(series.name))</title>") }
            if chart.kind == .bar {
                if style.hasPattern { canvas.defineSeriesPattern(style) }
                canvas.body.line("<rect x=\"\((x + 3).svg)\" y=\"\((y - 10).svg)\" width=\"16\" height=\"12\" rx=\"2\" fill=\"\(style.barFill(idPrefix))\"/>")
            } else {
                let dash = style.dashArray.map { " stroke-dasharray=\"\($0)\"" } ?? ""
                canvas.body.line("<path d=\"M\(x.svg) \((y - 4).svg)H\((x + swatch).svg)\" stroke=\"\(style.colour)\" stroke-width=\"2.25\"\(dash)/>")
                canvas.body.line(style.markerElement(x: x + swatch / 2, y: y - 4, size: 3.6))
            }
            canvas.body.text(shown[index], x: x + swatch + 6, y: y, anchor: "start", extra: "")
            canvas.body.line("</g>")
        }
        canvas.body.line("</g>")
        return positions.last!.baseline
    }

    // MARK: - Description

    func describe(_ chart: Chart, _ data: CleanedChart) -> String {
        var text: String
        switch chart.kind {
        case .line:
            text = "Line chart of \(chart.yLabel.isEmpty ? "values" : chart.yLabel) against \(chart.xLabel.isEmpty ? "x" : chart.xLabel)"
            text += chart.logarithmicX ? " (log scale)." : "."
        case .bar:
            text = "Bar chart of \(chart.yLabel.isEmpty ? "values" : chart.yLabel) by \(chart.xLabel.isEmpty ? "category" : chart.xLabel)."
        case .heatmap:
            return describeHeatmap(chart, data)
        }
        if chart.series.isEmpty { return text + " No series." + captionSentence(chart) }
        let parts = chart.series.enumerated().map { index, series -> String in
            if chart.kind == .line {
                let points = data.points[index]
                guard let first = points.first, let last = points.last else { return "\(series.name): no finite values" }
                var part = "\(series.name): \(points.count) point\(points.count == 1 ? "" : "s") from \(first.y.plain) to \(last.y.plain)"
                let banded = points.filter(\.hasBand)
                if let a = banded.first, let b = banded.last {
                    part += banded.count == 1
                        ? ", band \(a.lower!.plain)–\(a.upper!.plain)"
                        : ", band from \(a.lower!.plain)–\(a.upper!.plain) to \(b.lower!.plain)–\(b.upper!.plain)"
                }
                return part
            }
            let bars = data.bars[index].compactMap { $0 }
            guard !bars.isEmpty else { return "\(series.name): no finite values" }
            return "\(series.name): " + bars.map { bar in
                bar.value.plain + (bar.hasError ? " (\(bar.lower!.plain)–\(bar.upper!.plain))" : "")
            }.joined(separator: ", ")
        }
        text += " " + parts.joined(separator: "; ") + "."
        if chart.kind == .bar && data.categoryCount > 1 { text += " Each \(chart.xLabel.isEmpty ? "category" : chart.xLabel.lowercased()) has its own scale." }
        if data.skipped > 0 { text += " \(data.skipped) non-finite values are not shown." }
        if data.notPositive > 0 { text += " \(data.notPositive) points with x ≤ 0 are not shown on the log axis." }
        return text + captionSentence(chart)
    }

    private func describeHeatmap(_ chart: Chart, _ data: CleanedChart) -> String {
        func axis(_ count: Int, _ noun: String, _ label: String, _ names: [String]) -> String {
            "\(count) \(noun)\(count == 1 ? "" : "s") (\(label.isEmpty ? "" : label + ": ")\(names.joined(separator: ", ")))"
        }
        guard let cells = data.cells else { return "Heat map. No data." + captionSentence(chart) }
        var text = "Heat map with " + axis(cells.rows.count, "row", chart.yLabel, cells.rows)
        text += " and " + axis(cells.columns.count, "column", chart.xLabel, cells.columns) + "."
        var lowest: (Double, Int, Int)?, highest: (Double, Int, Int)?
        for (r, row) in cells.values.enumerated() {
            for (c, v) in row.enumerated() where v.isFinite {
                if lowest == nil || v < lowest!.0 { lowest = (v, r, c) }
                if highest == nil || v > highest!.0 { highest = (v, r, c) }
            }
        }
        func place(_ r: Int, _ c: Int) -> String {
            (chart.yLabel.isEmpty ? "" : chart.yLabel + " ") + cells.rows[r] + ", " + (chart.xLabel.isEmpty ? "" : chart.xLabel + " ") + cells.columns[c]
        }
        if let lowest, let highest {
            text += " Lowest \(cells.format.format(lowest.0)) at \(place(lowest.1, lowest.2));"
            text += " highest \(cells.format.format(highest.0)) at \(place(highest.1, highest.2))."
        }
        if cells.rows.count * cells.columns.count <= 400 {
            text += " " + cells.values.enumerated().map { r, row in
                "\(cells.rows[r]): " + row.map { $0.isFinite ? cells.format.format($0) : "no value" }.joined(separator: ", ")
            }.joined(separator: "; ") + "."
        }
        let empty = cells.emptyCount
        if empty > 0 { text += " \(empty) cell\(empty == 1 ? " has" : "s have") no value." }
        return text + captionSentence(chart)
    }

    private func captionSentence(_ chart: Chart) -> String {
        guard let caption = chart.caption, !caption.allSatisfy(\.isWhitespace) else { return "" }
        return " " + caption
    }
}
