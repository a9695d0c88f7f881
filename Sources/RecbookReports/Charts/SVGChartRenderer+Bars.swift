import RecbookResults

extension SVGChartRenderer {
    /// Draws one panel per category, each with its own value scale starting at zero, in as many
    /// rows of panels as the series count needs (each bar keeps a readable width). Returns the
    /// x label's baseline.
    func drawBars(_ chart: Chart, _ data: CleanedChart, into canvas: inout Canvas) -> Double {
        let seriesCount = Swift.max(1, chart.series.count), categories = data.categoryCount
        let contentLeft = chart.yLabel.isEmpty ? 8.0 : 30.0, contentRight = Self.width - 8
        let contentWidth = contentRight - contentLeft
        let gap = 16.0, minimumSlot = 7.0
        // Room for the widest tick label of any panel (whichever tick count its height gets).
        var widestTick = 0.0
        for category in 0..<categories {
            for count in [4, 5] {
                let scale = panelScale(data, category, tickCount: count)
                for tick in scale.ticks {
                    widestTick = Swift.max(widestTick, ChartText.width(NumberFormat.fixed(scale.decimals).format(tick), fontSize: Self.labelLayoutFont))
                }
            }
        }
        let gutter = Swift.max(36, widestTick + 10)
        let minimumPanel = gutter + Swift.max(80, Double(seriesCount) * minimumSlot + 8)
        let columns = Swift.max(1, Swift.min(categories, Int((contentWidth + gap) / (minimumPanel + gap))))
        let rows = (categories + columns - 1) / columns
        let panelWidth = (contentWidth - gap * Double(columns - 1)) / Double(columns)
        let plotHeight = rows == 1 ? Self.plotBottom - Self.plotTop : 150.0
        let rowPitch = plotHeight + 52

        for category in 0..<categories {
            let row = category / columns, column = category % columns
            let panelLeft = contentLeft + Double(column) * (panelWidth + gap)
            let left = panelLeft + gutter, right = panelLeft + panelWidth
            let top = Self.plotTop + Double(row) * rowPitch, bottom = top + plotHeight
            let name = category < chart.categories.count ? chart.categories[category] : "\(category + 1)"
            let bars = (0..<chart.series.count).map { s -> CleanedChart.Bar? in
                category < data.bars[s].count ? data.bars[s][category] : nil
            }
            // Bars grow from zero, so zero is always on the axis.
            let scale = panelScale(data, category, tickCount: plotHeight > 200 ? 5 : 4)
            let mapY = { (v: Double) in bottom - (v - scale.lower) / (scale.upper - scale.lower) * plotHeight }

            canvas.body.line("<g class=\"panel\" data-category=\"\(escapeHTML(name))\">")
            yGrid(scale, left: left, right: right, map: mapY, into: &canvas.body)
            let inner = right - left - 8
            let groupWidth = Swift.min(inner, Double(seriesCount) * 44)
            let slot = groupWidth / Double(seriesCount)
            let barWidth = Swift.max(0.8, slot * (slot >= 8 ? 0.8 : 0.88))
            let groupLeft = left + 4 + (inner - groupWidth) / 2
            let zeroY = mapY(0)
            for (s, bar) in bars.enumerated() {
                guard let bar else { continue }
                let style = SeriesStyle(index: s)
                if style.hasPattern { canvas.defineSeriesPattern(style) }
                let x = groupLeft + Double(s) * slot + (slot - barWidth) / 2, centre = x + barWidth / 2
                let y = mapY(bar.value)
                let barTop = Swift.min(y, zeroY), barHeight = abs(zeroY - y)
                var tip = "\(chart.series[s].name) · \(name): \(bar.value.plain)"
                if bar.hasError { tip += " (\(bar.lower!.plain)–\(bar.upper!.plain))" }
                canvas.body.line("<rect x=\"\(x.svg)\" y=\"\(barTop.svg)\" width=\"\(barWidth.svg)\" height=\"\(barHeight.svg)\" fill=\"\(style.barFill(idPrefix))\"><title>\(escapeHTML(tip))</title></rect>")
                var labelTop = barTop, labelBottom = barTop + barHeight
                if bar.hasError {
                    let yLow = mapY(bar.lower!), yHigh = mapY(bar.upper!)
                    let cap = Swift.min(4, Swift.max(1, barWidth * 0.3))
                    canvas.body.line("<path class=\"error-bar\" d=\"M\(centre.svg) \(yLow.svg)V\(yHigh.svg)M\((centre - cap).svg) \(yLow.svg)H\((centre + cap).svg)M\((centre - cap).svg) \(yHigh.svg)H\((centre + cap).svg)\" stroke=\"currentColor\" stroke-opacity=\"0.85\" stroke-width=\"1.3\" fill=\"none\"/>")
                    labelTop = Swift.min(labelTop, yHigh)
                    labelBottom = Swift.max(labelBottom, yLow)
                }
                let valueText = bar.value.plain
                if slot >= ChartText.width(valueText, fontSize: 10) + 4 {
                    canvas.body.text(valueText, x: centre, y: bar.value >= 0 ? labelTop - 4 : labelBottom + 11,
                                     anchor: "middle", extra: "font-size=\"10\" class=\"bar-value\"")
                }
            }
            frame(&canvas.body, left: left, top: top, right: right, bottom: bottom)
            if zeroY < bottom - 0.5 {
                canvas.body.line("<line x1=\"\(left.svg)\" y1=\"\(zeroY.svg)\" x2=\"\(right.svg)\" y2=\"\(zeroY.svg)\" stroke=\"currentColor\" stroke-opacity=\"0.7\"/>")
            }
            canvas.body.fittedText(name, x: (left + right) / 2, y: bottom + 19, anchor: "middle",
                                   extra: "font-weight=\"600\" class=\"tick x-tick\"", fontSize: Self.labelLayoutFont, maxWidth: right - left)
            canvas.body.line("</g>")
        }
        let lastBottom = Self.plotTop + Double(rows - 1) * rowPitch + plotHeight
        axisLabels(chart, xCentre: (contentLeft + contentRight) / 2, xBaseline: lastBottom + 40,
                   yCentre: (Self.plotTop + lastBottom) / 2, yLength: lastBottom - Self.plotTop, into: &canvas.body)
        return lastBottom + 40
    }

    /// A panel's value scale: zero and every bar and error end of its category.
    /// Below zero it leaves room under the lowest bar for its value label.
    private func panelScale(_ data: CleanedChart, _ category: Int, tickCount: Int) -> NiceScale {
        let bars = data.bars.compactMap { category < $0.count ? $0[category] : nil }
        let extents = bars.flatMap { [$0.value] + [$0.lower, $0.upper].compactMap { $0 } }
        let low = Swift.min(0, extents.min() ?? 0), high = Swift.max(0, extents.max() ?? 1)
        return NiceScale(min: low < 0 ? low - 0.1 * (high - low) : low, max: high, tickCount: tickCount)
    }
}
