#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import RecbookResults
@testable import RecbookReports

/// Line charts: error bands, the y range covering them, logarithmic x axes.
@Suite struct ChartLineTests {
    static let banded = Chart(
        kind: .line, title: "HR@100", xLabel: "Epoch", yLabel: "HR@100",
        series: [
            .init(name: "bpr", x: [1, 2, 3], y: [0.5, 0.6, 0.7], lower: [0.3, 0.55, 0.65], upper: [0.75, 0.65, 0.95]),
            .init(name: "apr", x: [1, 2, 3], y: [0.52, 0.58, 0.6]),
        ],
        caption: "mean over 10 seeds; bands: 95 % t interval")

    private func points(_ list: String) -> [(x: Double, y: Double)] {
        let numbers = list.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        return stride(from: 0, to: numbers.count - 1, by: 2).map { (numbers[$0], numbers[$0 + 1]) }
    }

    @Test func bandBoundsItsLine() throws {
        let svg = ChartSVG(SVGChartRenderer().render(Self.banded))
        #expect(svg.isWellFormed)
        let bands = svg.all("polygon", class: "band")
        #expect(bands.map { $0["data-series"] } == ["bpr"])
        let band = points(try #require(bands.first?["points"]))
        let line = points(try #require(svg.all("polyline").first?["points"]))
        #expect(band.count == 2 * line.count)
        // Upper ends left to right, then lower ends right to left, at the line's x values.
        let upper = Array(band.prefix(line.count)), lower = Array(band.suffix(line.count).reversed())
        for (i, point) in line.enumerated() {
            #expect(upper[i].x == point.x && lower[i].x == point.x)
            #expect(upper[i].y < point.y && point.y < lower[i].y)
        }
        // Same hue as its line, translucent, under it.
        #expect(bands[0]["fill"] == SVGChartRenderer.palette[0])
        #expect(Double(bands[0]["fill-opacity"]!)! < 0.5)
        let bandIndex = svg.elements.firstIndex { $0.name == "polygon" }!, lineIndex = svg.elements.firstIndex { $0.name == "polyline" }!
        #expect(bandIndex < lineIndex)
    }

    @Test func yRangeCoversTheBands() {
        let svg = ChartSVG(SVGChartRenderer().render(Self.banded))
        // Data 0.5...0.7, bands 0.3...0.95: the axis covers the bands.
        let ticks = chartTickLabels(svg, "y").compactMap(Double.init)
        #expect(ticks.first! <= 0.3 && ticks.last! >= 0.95)
        #expect(svg.pointsOutsideViewBox.isEmpty)
        // Band top and bottom stay inside the plot rectangle.
        let band = points(svg.all("polygon").first!["points"]!)
        #expect(band.allSatisfy { $0.y >= SVGChartRenderer.plotTop && $0.y <= SVGChartRenderer.plotBottom })
    }

    @Test func describesBandsCaptionAndLogScale() {
        let svg = SVGChartRenderer(idPrefix: "b").render(Self.banded)
        #expect(svg.contains("<desc id=\"b-desc\">Line chart of HR@100 against Epoch. bpr: 3 points from 0.5000 to 0.7000, band from 0.3000–0.7500 to 0.6500–0.9500; apr: 3 points from 0.5200 to 0.6000. mean over 10 seeds; bands: 95 % t interval</desc>"))
        var log = Self.banded
        log.logarithmicX = true
        #expect(SVGChartRenderer().render(log).contains("Line chart of HR@100 against Epoch (log scale)."))
    }

    @Test func loneBandedPointGetsAnErrorBar() {
        let chart = Chart(kind: .line, title: "One", xLabel: "x", yLabel: "y",
                          series: [.init(name: "s", x: [1], y: [0.5], lower: [0.4], upper: [0.6])])
        let svg = ChartSVG(SVGChartRenderer().render(chart))
        #expect(svg.all("path", class: "error-bar").count == 1)
        #expect(svg.all("polygon").isEmpty)
        #expect(svg.pointsOutsideViewBox.isEmpty)
    }

    @Test func partialBandsBreakWhereAnEndIsMissing() {
        let chart = Chart(kind: .line, title: "Gaps", xLabel: "x", yLabel: "y",
                          series: [.init(name: "s", x: [1, 2, 3, 4, 5], y: [1, 2, 3, 4, 5],
                                         lower: [0.5, 1.5, .nan, 3.5, 4.5], upper: [1.5, 2.5, 3.5, 4.5, 5.5])])
        let svg = ChartSVG(SVGChartRenderer().render(chart))
        // Points 1–2 and 4–5 have both ends: two band pieces of two points each.
        #expect(svg.all("polygon", class: "band").map { points($0["points"]!).count } == [4, 4])
    }

    /// The x tick marks (short lines below the plot) and their labels.
    private func xTicks(_ svg: ChartSVG) -> (positions: [Double], labels: [String]) {
        let marks = svg.all("line").filter { $0.number("y1") == SVGChartRenderer.plotBottom && $0.number("y2") == SVGChartRenderer.plotBottom + 5 }
        return (marks.compactMap { $0.number("x1") }, chartTickLabels(svg, "x"))
    }

    @Test func logAxisTicksAtTheDataValues() {
        let eps = [0.001, 0.01, 0.1, 1]
        let chart = Chart(kind: .line, title: "HR against ε", xLabel: "ε", yLabel: "HR@100",
                          series: [.init(name: "bpr", x: eps, y: [0.28, 0.27, 0.2, 0.08])], logarithmicX: true)
        let svg = ChartSVG(SVGChartRenderer().render(chart))
        let (positions, labels) = xTicks(svg)
        #expect(labels == ["0.001", "0.01", "0.1", "1"])
        // Equal ratios, equal steps: 68 + k × 556 / 3.
        #expect(positions == [68, 253.33, 438.67, 624])
        // y over the nice scale 0.05...0.3: 272 − (y − 0.05) / 0.25 × 224.
        #expect(svg.all("polyline").first?["points"] == "68,65.92 253.33,74.88 438.67,137.6 624,245.12")
    }

    @Test func logAxisTicksAtDecadesForDenseData() {
        // 61 points from 1 to 1000: too many to label, so decades and their 1-2-5 (or 1-3) multiples.
        let xs = (0...60).map { pow(10, Double($0) / 20) }
        let chart = Chart(kind: .line, title: "Time", xLabel: "items", yLabel: "seconds",
                          series: [.init(name: "fit", x: xs, y: xs.map { $0 / 100 })], logarithmicX: true)
        let svg = ChartSVG(SVGChartRenderer().render(chart))
        let (positions, labels) = xTicks(svg)
        #expect(labels.first == "1" && labels.last == "1000")
        #expect(labels.contains("10") && labels.contains("100"))
        for (position, label) in zip(positions, labels) {
            let value = Double(label.filter { $0 != "," })!
            // Ticks are m × 10^k with m in 1, 2, 3 or 5, placed by log10 over 1...1000.
            let mantissa = value / pow(10, Double(Int(log10(value))))
            #expect([1, 2, 3, 5].contains { abs(mantissa - $0) < 1e-9 }, "\(label)")
            #expect(abs(position - (68 + log10(value) / 3 * 556)) < 0.01)
        }
        #expect(svg.pointsOutsideViewBox.isEmpty)
    }

    @Test func logAxisLabelsAreTheValues() {
        #expect(LogScale.label(0.001) == "0.001")
        #expect(LogScale.label(0.3) == "0.3")
        #expect(LogScale.label(50) == "50")
        #expect(LogScale.label(20000) == "20,000")
        #expect(LogScale.label(0.00002) == "2e-5")
        #expect(LogScale.label(3e9) == "3e9")
    }

    @Test func nonPositiveXIsLeftOffALogAxis() {
        let chart = Chart(kind: .line, title: "ε", xLabel: "ε", yLabel: "HR",
                          series: [.init(name: "s", x: [0, 0.1, 1], y: [0.3, 0.2, 0.1])], logarithmicX: true)
        let text = SVGChartRenderer().render(chart)
        #expect(text.contains("1 point with x ≤ 0 not shown on the log axis"))
        #expect(chartTickLabels(ChartSVG(text), "x") == ["0.1", "1"])
        #expect(ChartSVG(text).pointsOutsideViewBox.isEmpty)
    }

    @Test func manyPointsGetSomeMarkersForTheirShape() {
        let xs = (1...200).map(Double.init)
        let chart = Chart(kind: .line, title: "Long", xLabel: "step", yLabel: "loss",
                          series: (0..<10).map { i in .init(name: "s\(i)", x: xs, y: xs.map { 1 / $0 + Double(i) }) })
        let svg = ChartSVG(SVGChartRenderer().render(chart))
        let markers = svg.inside(class: "series").filter { $0.name == "circle" || $0.name == "path" }
        #expect(markers.count >= 10 * 10 && markers.count <= 10 * 20)
        #expect(svg.pointsOutsideViewBox.isEmpty)
    }
}
