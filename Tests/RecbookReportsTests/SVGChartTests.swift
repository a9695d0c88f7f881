import Testing
import RecbookResults
@testable import RecbookReports

@Suite struct SVGChartTests {
    struct ScaleCase: Sendable, CustomStringConvertible {
        var min: Double, max: Double, count: Int
        var ticks: [Double]
        var decimals: Int
        var description: String { "\(min)...\(max)" }
    }

    static let scaleCases: [ScaleCase] = [
        // 0.24 / 4 = 0.06 → nice step 0.05.
        ScaleCase(min: 0.05, max: 0.29, count: 5, ticks: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3], decimals: 2),
        // 4 / 5 = 0.8 → step 1.
        ScaleCase(min: 1, max: 5, count: 6, ticks: [1, 2, 3, 4, 5], decimals: 0),
        // 0.3831 / 4 ≈ 0.096 → step 0.1.
        ScaleCase(min: 0.31, max: 0.6931, count: 5, ticks: [0.3, 0.4, 0.5, 0.6, 0.7], decimals: 1),
        // 0 to 0.8229: 0.2057 → step 0.2.
        ScaleCase(min: 0, max: 0.8229, count: 5, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1.0], decimals: 1),
        // A flat series at 2 is widened to 1...3: step 0.5.
        ScaleCase(min: 2, max: 2, count: 5, ticks: [1, 1.5, 2, 2.5, 3], decimals: 1),
        // Flat at zero: -1...1.
        ScaleCase(min: 0, max: 0, count: 5, ticks: [-1, -0.5, 0, 0.5, 1], decimals: 1),
        // 0 to 73371: 18342 → step 20000.
        ScaleCase(min: 0, max: 73371, count: 5, ticks: [0, 20000, 40000, 60000, 80000], decimals: 0),
        // Negative to positive with a 2.5 step: 9 / 4 = 2.25 → 2.5.
        ScaleCase(min: -4, max: 5, count: 5, ticks: [-5, -2.5, 0, 2.5, 5], decimals: 1),
    ]

    @Test(arguments: scaleCases)
    func niceTicks(_ c: ScaleCase) {
        let scale = NiceScale(min: c.min, max: c.max, tickCount: c.count)
        #expect(scale.ticks.count == c.ticks.count)
        for (tick, expected) in zip(scale.ticks, c.ticks) {
            #expect(abs(tick - expected) < 1e-12)
        }
        #expect(scale.decimals == c.decimals)
    }

    @Test func lineChartHasTitleAxesTicksAndLegend() {
        let svg = SVGChartRenderer(idPrefix: "c1").render(SampleRun.lossChart)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 640 360\" role=\"img\" aria-labelledby=\"c1-title c1-desc\""))
        #expect(svg.contains("<title id=\"c1-title\">Training loss</title>"))
        #expect(svg.contains("<desc id=\"c1-desc\">Line chart of BPR loss against Epoch. bpr: 5 points from 0.6931 to 0.3100.</desc>"))
        #expect(tickLabels(svg, axis: "x") == ["1", "2", "3", "4", "5"])
        #expect(tickLabels(svg, axis: "y") == ["0.3", "0.4", "0.5", "0.6", "0.7"])
        #expect(svg.contains(">Epoch</text>"))
        #expect(svg.contains(">BPR loss</text>"))
        #expect(svg.contains("<g class=\"legend\">"))
        #expect(svg.contains(">bpr</text>"))
        #expect(svg.contains("<polyline"))
        // Text follows the page colour; no width/height attributes, only a viewBox.
        #expect(svg.contains("fill=\"currentColor\""))
        #expect(!svg.contains(" width=\"640\""))
        // First point (1, 0.6931): x at the left edge, y from the 0.3...0.7 scale:
        // 272 - (0.3931 / 0.4) * 224 = 51.864 → 51.86.
        #expect(svg.contains("points=\"68,51.86 "))
    }

    @Test func barChartStartsAtZeroAndLabelsCategories() {
        let svg = SVGChartRenderer(idPrefix: "c2").render(SampleRun.comparisonChart)
        #expect(tickLabels(svg, axis: "x") == ["HR@100", "nDCG@100", "AUC"])
        // One panel per metric, each with its own scale from zero: HR up to 0.3, nDCG up to 0.08, AUC up to 1.
        #expect(tickLabels(svg, axis: "y") == [
            "0.00", "0.05", "0.10", "0.15", "0.20", "0.25", "0.30",
            "0.00", "0.02", "0.04", "0.06", "0.08",
            "0.0", "0.2", "0.4", "0.6", "0.8", "1.0",
        ])
        #expect(svg.ranges(of: "<g class=\"panel\"").count == 3)
        #expect(svg.ranges(of: "<rect x=").count == 6 + 2)  // bars + legend swatches
        #expect(svg.contains("<title>clean · AUC: 0.8229</title>"))
        #expect(svg.contains("Bar chart of Value by Metric. clean: 0.2760, 0.0656, 0.8229; fgsm: 0.2200, 0.0514, 0.7935."))
    }

    @Test func onePointIsDrawnAsAMarker() {
        let chart = Chart(kind: .line, title: "One", xLabel: "x", yLabel: "y", series: [.init(name: "s", x: [3], y: [0.5])])
        let svg = SVGChartRenderer().render(chart)
        #expect(!svg.contains("<polyline"))
        #expect(svg.contains("<circle"))
        #expect(tickLabels(svg, axis: "x") == ["1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5"])
    }

    @Test func nonFiniteValuesAreSkippedAndNoted() {
        let chart = Chart(kind: .line, title: "Loss", xLabel: "Epoch", yLabel: "Loss",
                          series: [.init(name: "s", x: [1, 2, 3, 4], y: [1, .nan, .infinity, 2])])
        let svg = SVGChartRenderer().render(chart)
        #expect(svg.contains("2 non-finite values (NaN or ∞) not shown"))
        #expect(svg.contains("s: 2 points from 1 to 2."))
        #expect(!svg.contains("nan"))
        #expect(!svg.contains("inf"))
    }

    @Test func emptyChartSaysSo() {
        for chart in [
            Chart(kind: .line, title: "Empty", xLabel: "", yLabel: "", series: []),
            Chart(kind: .line, title: "Empty", xLabel: "", yLabel: "", series: [.init(name: "s", x: [], y: [])]),
            Chart(kind: .bar, title: "Empty", xLabel: "", yLabel: "", categories: ["a"], series: [.init(name: "s", x: [], y: [.nan])]),
        ] {
            let svg = SVGChartRenderer().render(chart)
            #expect(svg.contains(">No data to show</text>"))
            #expect(svg.hasSuffix("</svg>\n"))
        }
    }

    @Test func textIsEscaped() {
        let chart = Chart(kind: .bar, title: "<script>t</script>", xLabel: "a&b", yLabel: "\"y\"", categories: ["<c>"],
                          series: [.init(name: "<s>", x: [], y: [1])])
        let svg = SVGChartRenderer().render(chart)
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("<c>"))
        #expect(!svg.contains("<s>"))
        #expect(svg.contains("&lt;script&gt;t&lt;/script&gt;"))
        #expect(svg.contains(">a&amp;b</text>"))
    }

    @Test func standaloneChartsCarryTheirOwnColours() {
        let standalone = SVGChartRenderer(standalone: true).render(SampleRun.lossChart)
        #expect(standalone.contains("@media (prefers-color-scheme: dark)"))
        #expect(standalone.contains("<rect class=\"chart-background\" width=\"100%\" height=\"100%\"/>"))
        #expect(!SVGChartRenderer().render(SampleRun.lossChart).contains("<style>"))
    }

    private func tickLabels(_ svg: String, axis: String) -> [String] {
        svg.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("class=\"tick \(axis)-tick\">") else { return nil }
            let start = line.firstRange(of: "\">")!.upperBound
            let end = line.firstRange(of: "</text>")!.lowerBound
            return String(line[start..<end])
        }
    }
}
