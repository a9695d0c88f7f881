import Testing
import RecbookResults
@testable import RecbookReports

/// Layout of line and bar charts for any number of series: every mark inside the viewBox,
/// every series in the legend, no two series drawn alike, the legend clear of the plot.
@Suite struct ChartLayoutTests {
    static let longName = "a very long series name that could never fit one legend column"

    static func names(_ count: Int) -> [String] {
        (0..<count).map { i in i % 5 == 4 ? "\(longName) #\(i)" : "series \(i)" }
    }

    static func lineChart(_ count: Int) -> Chart {
        let x = [1.0, 2, 3, 4, 5]
        let series = names(count).enumerated().map { i, name in
            let y = x.map { 0.3 + 0.02 * Double(i) + 0.4 / $0 }
            // Every third series has a band.
            return i % 3 == 0
                ? Chart.Series(name: name, x: x, y: y, lower: y.map { $0 - 0.05 }, upper: y.map { $0 + 0.08 })
                : Chart.Series(name: name, x: x, y: y)
        }
        return Chart(kind: .line, title: "Loss of \(count) runs", xLabel: "Epoch", yLabel: "Loss", series: series,
                     caption: "mean over 10 seeds; bands: 95 % t interval")
    }

    static func barChart(_ count: Int) -> Chart {
        let series = names(count).enumerated().map { i, name in
            let y = [0.28 - 0.004 * Double(i), 0.066 - 0.001 * Double(i), 0.82 - 0.01 * Double(i)]
            return i % 2 == 0
                ? Chart.Series(name: name, x: [], y: y, lower: y.map { $0 * 0.9 }, upper: y.map { $0 * 1.1 })
                : Chart.Series(name: name, x: [], y: y)
        }
        return Chart(kind: .bar, title: "compare: \(count) evaluations", xLabel: "Metric", yLabel: "Value",
                     categories: ["HR@100", "nDCG@100", "AUC"], series: series, caption: "error bars: min–max over 3 seeds")
    }

    struct LegendEntry {
        var element: ChartSVG.Element
        var text: String
        var title: String?
        var swatch: ChartSVG.Element?
    }

    static func legendEntries(_ svg: ChartSVG) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        for element in svg.elements {
            if element.name == "g" && element.classes.contains("legend-entry") {
                entries.append(LegendEntry(element: element, text: "", title: nil, swatch: nil))
            } else if !entries.isEmpty, element.ancestorClasses.last == "legend-entry" {
                switch element.name {
                case "text": entries[entries.count - 1].text = element.text
                case "title": entries[entries.count - 1].title = element.text
                case "rect": entries[entries.count - 1].swatch = element
                default: break
                }
            }
        }
        return entries
    }

    /// The lowest point drawn before the legend and the highest point of the legend.
    static func legendClearance(_ svg: ChartSVG) -> (plotBottom: Double, legendTop: Double) {
        let legendIndex = svg.elements.firstIndex { $0.name == "g" && $0["class"] == "legend" }!
        let before = svg.elements.prefix(legendIndex)
        var plotBottom = 0.0
        for element in before where !element.ancestors.contains("defs") {
            // Tick marks, labels, bars, lines: any y is a point drawn above the legend.
            for name in ["y", "cy", "y1", "y2"] { if let y = element.number(name) { plotBottom = max(plotBottom, y) } }
        }
        let legendTop = svg.elements[legendIndex...].filter { $0.ancestorClasses.contains("legend-entry") }.flatMap { element -> [Double] in
            var ys: [Double] = []
            if let y = element.number("y") { ys.append(element.name == "text" ? y - 12 : y) }
            if let d = element["d"] { ys += ChartSVG.pathPoints(d).map(\.y) }
            if let cy = element.number("cy"), let r = element.number("r") { ys.append(cy - r) }
            return ys
        }.min()!
        return (plotBottom, legendTop)
    }

    static func checkCommon(_ svg: ChartSVG, _ chart: Chart) {
        #expect(svg.isWellFormed, "\(svg.problems)")
        let outside = svg.pointsOutsideViewBox
        #expect(outside.isEmpty, "outside the viewBox \(svg.size): \(outside.prefix(5).map { "(\($0.x), \($0.y)) \($0.what)" })")
        #expect(svg.size.width == 640)
        #expect(svg.drawnPoints.count > 20 * chart.series.count)

        // Every series has an entry, in order, showing its name or a shortened form with the full name as tooltip.
        let entries = legendEntries(svg)
        #expect(entries.map { $0.element["data-series"] ?? "" } == chart.series.map(\.name))
        for (entry, series) in zip(entries, chart.series) {
            if entry.text != series.name {
                #expect(entry.text.contains("…"), "\(entry.text)")
                #expect(entry.title == series.name)
                #expect(ChartText.width(entry.text, fontSize: 12) < ChartText.width(series.name, fontSize: 12))
            }
        }
        // Entries on one row do not run into each other.
        let rows = Dictionary(grouping: entries.compactMap { entry -> (x: Double, y: Double, width: Double)? in
            let text = svg.elements.first { $0.name == "text" && $0.text == entry.text && $0.ancestorClasses.contains("legend-entry") }
            guard let text, let x = text.number("x"), let y = text.number("y") else { return nil }
            return (x, y, ChartText.width(entry.text, fontSize: 12))
        }, by: \.y)
        for (_, row) in rows {
            let sorted = row.sorted { $0.x < $1.x }
            for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(b.x - (a.x + a.width) >= 28 - 1) }
        }
        let (plotBottom, legendTop) = legendClearance(svg)
        #expect(legendTop > plotBottom + 4, "legend at \(legendTop) overlaps the plot down to \(plotBottom)")

        // Title, axis labels and caption are drawn; the caption is the lowest text.
        #expect(svg.all("text", class: "chart-title").map(\.text) == [chart.title])
        #expect(svg.all("text", class: "axis-label").map(\.text) == [chart.xLabel, chart.yLabel])
        let caption = svg.all("text", class: "chart-caption")
        #expect(caption.map(\.text) == [chart.caption!])
        let lowestOther = svg.all("text").filter { !$0.classes.contains("chart-caption") }.compactMap { $0.number("y") }.max()!
        #expect(caption[0].number("y")! > lowestOther)
    }

    @Test(arguments: [1, 8, 30])
    func lineChartLayout(_ count: Int) {
        let chart = Self.lineChart(count)
        let svg = ChartSVG(SVGChartRenderer(idPrefix: "l\(count)").render(chart))
        Self.checkCommon(svg, chart)

        // No two series share colour, marker and dash; lines and markers use their legend's style.
        let entries = Self.legendEntries(svg)
        let styles = entries.map { [$0.element["data-colour"]!, $0.element["data-marker"]!, $0.element["data-dash"]!] }
        #expect(Set(styles).count == count)
        let groups = svg.all("g", class: "series")
        #expect(groups.count == count)
        for (group, style) in zip(groups, styles) {
            #expect([group["data-colour"]!, group["data-marker"]!, group["data-dash"]!] == style)
        }
        // Series past the eighth reuse a colour, so they differ by dash as well as marker.
        if count > 8 {
            #expect(entries[8].element["data-colour"] == entries[0].element["data-colour"])
            #expect(entries[8].element["data-dash"] != entries[0].element["data-dash"])
            #expect(entries[8].element["data-marker"] != entries[0].element["data-marker"])
        }
        #expect(svg.all("polygon", class: "band").count == (count + 2) / 3)
    }

    @Test(arguments: [1, 8, 19, 30])
    func barChartLayout(_ count: Int) {
        let chart = Self.barChart(count)
        let svg = ChartSVG(SVGChartRenderer(idPrefix: "b\(count)").render(chart))
        Self.checkCommon(svg, chart)

        let entries = Self.legendEntries(svg)
        let styles = entries.map { [$0.element["data-colour"]!, $0.element["data-pattern"]!] }
        #expect(Set(styles).count == count)
        // One bar per series and category, filled like its legend swatch.
        let bars = svg.inside(class: "panel").filter { $0.name == "rect" }
        #expect(bars.count == count * 3)
        let titles = svg.inside(class: "panel").filter { $0.name == "title" }.map(\.text)
        for (i, (bar, title)) in zip(bars, titles).enumerated() {
            let series = i % count
            #expect(title.hasPrefix(chart.series[series].name + " · "))
            #expect(bar["fill"] == entries[series].swatch?["fill"])
        }
        // Error bars for every other series.
        #expect(svg.all("path", class: "error-bar").count == (count + 1) / 2 * 3)
        // Every referenced pattern is defined in the chart itself.
        for fill in Set(bars.compactMap { $0["fill"] }) where fill.hasPrefix("url(") {
            let id = String(fill.dropFirst(5).dropLast())
            #expect(svg.elements.contains { $0.name == "pattern" && $0["id"] == id })
        }
    }

    @Test func barPanelsHaveTheirOwnScales() {
        let svg = ChartSVG(SVGChartRenderer().render(SampleRun.comparisonChart))
        let panels = svg.all("g", class: "panel").map { $0["data-category"]! }
        #expect(panels == ["HR@100", "nDCG@100", "AUC"])
        // Each panel's tallest bar fills most of its height, whatever the metric's magnitude.
        let bars = svg.inside(class: "panel").filter { $0.name == "rect" }
        for panel in 0..<3 {
            let heights = bars[(panel * 2)..<(panel * 2 + 2)].map { $0.number("height")! }
            #expect(heights.max()! > 0.6 * 224, "panel \(panels[panel]): \(heights)")
        }
        // Bar values are printed above the bars.
        #expect(svg.all("text", class: "bar-value").map(\.text) == ["0.2760", "0.2200", "0.0656", "0.0514", "0.8229", "0.7935"])
    }

    @Test func barErrorBarsSpanLowerToUpper() {
        let chart = Chart(kind: .bar, title: "AUC", xLabel: "Metric", yLabel: "", categories: ["AUC"],
                          series: [.init(name: "a", x: [], y: [0.8], lower: [0.7], upper: [0.9])])
        let svg = ChartSVG(SVGChartRenderer().render(chart))
        // Scale 0...1 over 224 units from y = 272: 0.9 → 70.4, 0.7 → 115.2; the bar's top 0.8 → 92.8.
        let path = svg.all("path", class: "error-bar")
        #expect(path.count == 1)
        let ys = Set(ChartSVG.pathPoints(path[0]["d"]!).map(\.y))
        #expect(ys == [70.4, 115.2])
        #expect(svg.inside(class: "panel").first { $0.name == "rect" }?.number("y") == 92.8)
        #expect(svg.all("title").contains { $0.text == "a · AUC: 0.8000 (0.7000–0.9000)" })
    }

    @Test func negativeBarsHangFromZero() {
        let chart = Chart(kind: .bar, title: "Change", xLabel: "", yLabel: "", categories: ["HR@100"],
                          series: [.init(name: "a", x: [], y: [-0.2029]), .init(name: "b", x: [], y: [0.05])])
        let svg = ChartSVG(SVGChartRenderer().render(chart))
        #expect(svg.pointsOutsideViewBox.isEmpty)
        let bars = svg.inside(class: "panel").filter { $0.name == "rect" }
        // The negative bar starts at the zero line and the positive one ends on it.
        #expect(bars[0].number("y")! == bars[1].number("y")! + bars[1].number("height")!)
        // Its value label stays above the panel's category label.
        let value = svg.all("text", class: "bar-value").first { $0.text == "-0.2029" }!
        let category = svg.all("text", class: "x-tick").first!
        #expect(value.number("y")! < category.number("y")! - 12)
    }

    @Test func markerShapesDifferBySeries() {
        let svg = ChartSVG(SVGChartRenderer().render(Self.lineChart(8)))
        let markers = Self.legendEntries(svg).map { $0.element["data-marker"]! }
        #expect(Array(markers.prefix(7)) == ["circle", "square", "triangle", "diamond", "triangle-down", "plus", "cross"])
        // The first series' points are circles, the second's are drawn as paths (squares).
        let groups = svg.all("g", class: "series")
        let firstIndex = svg.elements.firstIndex { $0.name == "g" && $0["data-series"] == "series 0" }!
        let secondIndex = svg.elements.firstIndex { $0.name == "g" && $0["data-series"] == "series 1" }!
        #expect(svg.elements[firstIndex...].dropFirst().prefix { $0.ancestors.count > svg.elements[firstIndex].ancestors.count }.filter { $0.name == "circle" }.count == 5)
        #expect(svg.elements[secondIndex...].dropFirst().prefix { $0.ancestors.count > svg.elements[secondIndex].ancestors.count }.filter { $0.name == "path" }.count == 5)
        #expect(groups.count == 8)
    }

    @Test func longNamesAreShortenedInTheMiddle() {
        #expect(ChartText.truncateMiddle("short", fontSize: 12, maxWidth: 200) == "short")
        let shortened = ChartText.truncateMiddle(Self.longName + " seed 12", fontSize: 16, maxWidth: 190)
        #expect(shortened.hasPrefix("a very"))
        #expect(shortened.hasSuffix("seed 12"))
        #expect(shortened.contains("…"))
        #expect(ChartText.width(shortened, fontSize: 16) <= 190)
        #expect(ChartText.truncate("Training loss of a model", fontSize: 12, maxWidth: 60).hasSuffix("…"))
    }

    @Test func everyChartIsSelfContained() {
        let charts = [Self.lineChart(30), Self.barChart(30), ChartHeatmapTests.grid, SampleRun.lossChart]
        for chart in charts {
            for standalone in [false, true] {
                let text = SVGChartRenderer(idPrefix: "s", standalone: standalone).render(chart)
                let svg = ChartSVG(text)
                #expect(svg.isWellFormed, "\(svg.problems)")
                #expect(!text.contains("href"))
                #expect(text.ranges(of: "http").count == 1)  // the xmlns only
                var rest = Substring(text)
                while let found = rest.firstRange(of: "url(#") {
                    let after = rest[found.upperBound...]
                    let id = String(after.prefix { $0 != ")" })
                    #expect(svg.elements.contains { $0["id"] == id }, "url(#\(id)) is not defined")
                    rest = after
                }
            }
        }
    }
}
