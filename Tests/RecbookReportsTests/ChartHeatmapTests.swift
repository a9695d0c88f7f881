import Testing
import RecbookResults
@testable import RecbookReports

/// Heat maps: one coloured cell per grid entry printing its formatted value, labels on both
/// axes, a colour key, hatched "–" cells for missing values.
@Suite struct ChartHeatmapTests {
    static let grid = Chart(
        kind: .heatmap, title: "HR@100 over factors × learning rate", xLabel: "learning rate", yLabel: "factors", series: [],
        grid: .init(rows: ["8", "16", "32"], columns: ["0.001", "0.01", "0.1", "1"],
                    values: [[0.1234, 0.125, .nan, 0.2], [0.3, 0.05, 0.0, 1.0], [0.45678, .nan, 0.999, 0.5]],
                    format: .fixed(2)),
        caption: "mean over 3 seeds")

    @Test func cellsPrintTheirFormattedValues() {
        let svg = ChartSVG(SVGChartRenderer(idPrefix: "h").render(Self.grid))
        #expect(svg.isWellFormed, "\(svg.problems)")
        #expect(svg.pointsOutsideViewBox.isEmpty, "\(svg.pointsOutsideViewBox.prefix(3).map(\.what))")
        #expect(svg.all("rect", class: "cell").count == 3 * 4)
        #expect(svg.all("rect", class: "empty").count == 2)
        // 0.125 rounds half away from zero; 0.999 rounds up to 1.00.
        #expect(svg.all("text", class: "cell-value").map(\.text) == [
            "0.12", "0.13", "–", "0.20",
            "0.30", "0.05", "0.00", "1.00",
            "0.46", "–", "1.00", "0.50",
        ])
        #expect(chartTickLabels(svg, "row") == ["8", "16", "32"])
        #expect(chartTickLabels(svg, "column") == ["0.001", "0.01", "0.1", "1"])
        #expect(svg.all("text", class: "axis-label").map(\.text) == ["learning rate", "factors"])
        #expect(svg.all("text", class: "chart-title").map(\.text) == ["HR@100 over factors × learning rate"])
        #expect(svg.all("text", class: "chart-caption").map(\.text) == ["mean over 3 seeds"])
        // The key runs from the minimum to the maximum, and names the hatched cells.
        #expect(svg.all("text", class: "key-min").map(\.text) == ["0.00"])
        #expect(svg.all("text", class: "key-max").map(\.text) == ["1.00"])
        #expect(svg.all("text", class: "key-label").contains { $0.text == "no value" })
        #expect(svg.all("title").contains { $0.text == "8 · 0.1: no value" })
        #expect(svg.all("title").contains { $0.text == "32 · 0.001: 0.46" })
        // Missing cells are hatched, not coloured.
        #expect(svg.all("rect", class: "empty").allSatisfy { $0["fill"] == "url(#h-nodata)" })
    }

    @Test func cellColoursFollowTheValueAndTextContrasts() {
        let svg = ChartSVG(SVGChartRenderer().render(Self.grid))
        let cells = svg.all("rect", class: "cell").filter { !$0.classes.contains("empty") }
        let values = [0.1234, 0.125, 0.2, 0.3, 0.05, 0.0, 1.0, 0.45678, 0.999, 0.5]
        // Lowest value: the ramp's first colour; highest: viridis yellow.
        #expect(cells[5]["fill"] == ColourRamp.colour(0))
        #expect(cells[6]["fill"] == "#fde725")
        // Brighter fills for larger values (the ramp is ordered by luminance).
        let luminances = cells.map { ColourRamp.luminance(rgb($0["fill"]!)) }
        let order = values.indices.sorted { values[$0] < values[$1] }
        for (a, b) in zip(order, order.dropFirst()) {
            // Values closer than the hex colour's resolution may share a fill.
            if values[b] - values[a] > 0.01 { #expect(luminances[a] < luminances[b]) } else { #expect(luminances[a] <= luminances[b]) }
        }
        // Dark cells get white text, bright cells near-black, each with WCAG contrast of at least 4.5.
        let texts = svg.all("text", class: "cell-value").filter { $0.text != "–" }
        #expect(texts[5]["fill"] == "#ffffff")
        #expect(texts[6]["fill"] == "#000000")
        for (cell, text) in zip(cells, texts) {
            let l1 = ColourRamp.luminance(rgb(cell["fill"]!)), l2 = ColourRamp.luminance(rgb(text["fill"]!))
            #expect((max(l1, l2) + 0.05) / (min(l1, l2) + 0.05) >= 4.5, "\(cell["fill"]!) with \(text["fill"]!)")
        }
    }

    @Test func otherFormatsAndASingleValue() {
        let chart = Chart(kind: .heatmap, title: "Change", xLabel: "", yLabel: "", series: [],
                          grid: .init(rows: ["apr"], columns: ["HR@100", "users"], values: [[-0.2029, 0]], format: .percent(1)))
        #expect(ChartSVG(SVGChartRenderer().render(chart)).all("text", class: "cell-value").map(\.text) == ["-20.3%", "0.0%"])
        var integers = chart
        integers.grid!.format = .integer
        integers.grid!.values = [[73371, 73371]]
        let svg = ChartSVG(SVGChartRenderer().render(integers))
        #expect(svg.all("text", class: "cell-value").map(\.text) == ["73,371", "73,371"])
        // One distinct value: the key shows it once, and the cells take the ramp's middle.
        #expect(svg.all("text", class: "key-max").map(\.text) == ["73,371"])
        #expect(svg.all("text", class: "key-min").isEmpty)
        #expect(svg.all("rect", class: "cell").allSatisfy { $0["fill"] == ColourRamp.colour(0.5) })
    }

    @Test func raggedAndLargeGridsStayInside() {
        // Rows shorter than the column list are padded with missing cells; many long labels still fit.
        let columns = (0..<14).map { "attack-method-\($0)" }
        let chart = Chart(kind: .heatmap, title: "Wide", xLabel: "attack", yLabel: "model", series: [],
                          grid: .init(rows: (0..<30).map { "model number \($0)" }, columns: columns,
                                      values: (0..<30).map { r in (0..<(r == 3 ? 5 : 14)).map { Double(r * 14 + $0) * 37.5 } }, format: .integer))
        let svg = ChartSVG(SVGChartRenderer().render(chart))
        #expect(svg.isWellFormed, "\(svg.problems)")
        #expect(svg.pointsOutsideViewBox.isEmpty, "\(svg.pointsOutsideViewBox.prefix(3).map(\.what))")
        #expect(svg.all("rect", class: "cell").count == 30 * 14)
        #expect(svg.all("rect", class: "empty").count == 9)
        // Slanted column labels keep their distinguishing ends.
        #expect(Set(chartTickLabels(svg, "column")).count == 14)
        #expect(svg.size.height > 30 * 18)
    }

    @Test func describesTheGrid() {
        let svg = SVGChartRenderer(idPrefix: "d").render(Self.grid)
        #expect(svg.contains("<desc id=\"d-desc\">Heat map with 3 rows (factors: 8, 16, 32) and 4 columns (learning rate: 0.001, 0.01, 0.1, 1). Lowest 0.00 at factors 16, learning rate 0.1; highest 1.00 at factors 16, learning rate 1. 8: 0.12, 0.13, no value, 0.20; 16: 0.30, 0.05, 0.00, 1.00; 32: 0.46, no value, 1.00, 0.50. 2 cells have no value. mean over 3 seeds</desc>"))
    }

    @Test func missingGridSaysSo() {
        let chart = Chart(kind: .heatmap, title: "Nothing", xLabel: "x", yLabel: "y", series: [])
        let svg = SVGChartRenderer().render(chart)
        #expect(svg.contains(">No data to show</text>"))
        #expect(ChartSVG(svg).isWellFormed)
        #expect(svg.contains(">Nothing</text>"))
    }

    private func rgb(_ hex: String) -> (r: Double, g: Double, b: Double) {
        let digits = Array(hex.dropFirst())
        func byte(_ i: Int) -> Double { Double(Int(String(digits[i..<(i + 2)]), radix: 16)!) }
        return (byte(0), byte(2), byte(4))
    }
}
