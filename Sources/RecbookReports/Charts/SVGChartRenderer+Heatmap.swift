import RecbookResults

extension SVGChartRenderer {
    /// Draws the grid of cells with row labels at the left, column labels underneath and a
    /// colour key at the right; returns the baseline of the lowest text.
    func drawHeatmap(_ chart: Chart, _ cells: CleanedChart.Cells, into canvas: inout Canvas) -> Double {
        let rowCount = cells.rows.count, columnCount = cells.columns.count
        let font = Self.labelLayoutFont
        let finite = cells.finite
        let low = finite.min(), high = finite.max()
        let lowText = low.map(cells.format.format) ?? "", highText = high.map(cells.format.format) ?? ""

        // Horizontal layout: [y label] [row labels] grid [key].
        let contentLeft = chart.yLabel.isEmpty ? 8.0 : 30.0
        let rowLabelWidth = Swift.min(150, cells.rows.map { ChartText.width($0, fontSize: font) }.max() ?? 0)
        let gridLeft = contentLeft + rowLabelWidth + 8
        let keyLabelWidth = Swift.max(ChartText.width(lowText, fontSize: font), ChartText.width(highText, fontSize: font),
                                      cells.emptyCount > 0 ? ChartText.width("no value", fontSize: font) : 0)
        let keyArea = 16 + 14 + 6 + keyLabelWidth
        let available = Self.width - 8 - keyArea - gridLeft
        let cellWidth = Swift.min(120, available / Double(columnCount))
        let cellHeight = Swift.min(34, Swift.max(18, 520 / Double(rowCount)))
        let gridTop = Self.plotTop, gridWidth = cellWidth * Double(columnCount), gridHeight = cellHeight * Double(rowCount)
        let gridBottom = gridTop + gridHeight

        canvas.define("\(idPrefix)-nodata", "<pattern id=\"\(idPrefix)-nodata\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><path d=\"M3 0V6\" stroke=\"currentColor\" stroke-opacity=\"0.3\" stroke-width=\"1.2\"/></pattern>")

        // Cells, each printing its value in the colour that contrasts with its fill (the size is an
        // inline style so a page's small-screen enlargement of chart text leaves it in its cell).
        // One size for every number: the largest (11 down to 7) at which they all fit their cells.
        let texts = cells.values.flatMap { $0 }.filter(\.isFinite).map(cells.format.format)
        let widest = texts.map { ChartText.width($0, fontSize: 1) }.max() ?? 0
        let valueFont = Swift.max(7, Swift.min(11, cellHeight * 0.45, widest > 0 ? (cellWidth - 3) / widest : 11).rounded(.down))
        canvas.body.line("<g class=\"cells\">")
        for r in 0..<rowCount {
            for c in 0..<columnCount {
                let value = cells.values[r][c]
                let x = gridLeft + Double(c) * cellWidth, y = gridTop + Double(r) * cellHeight
                let cx = x + cellWidth / 2, cy = y + cellHeight / 2
                let w = Swift.max(0.5, cellWidth - 2), h = cellHeight - 2
                let place = "\(cells.rows[r]) · \(cells.columns[c])"
                guard value.isFinite, let low, let high else {
                    canvas.body.line("<rect class=\"cell empty\" x=\"\((x + 1).svg)\" y=\"\((y + 1).svg)\" width=\"\(w.svg)\" height=\"\(h.svg)\" fill=\"url(#\(idPrefix)-nodata)\" stroke=\"currentColor\" stroke-opacity=\"0.2\"><title>\(escapeHTML(place)): no value</title></rect>")
                    canvas.body.text("–", x: cx, y: cy + valueFont * 0.4, anchor: "middle", extra: "style=\"font-size:\((valueFont + 3).svg)px\" opacity=\"0.75\" class=\"cell-value\"")
                    continue
                }
                let t = high > low ? (value - low) / (high - low) : 0.5
                let text = cells.format.format(value)
                canvas.body.line("<rect class=\"cell\" x=\"\((x + 1).svg)\" y=\"\((y + 1).svg)\" width=\"\(w.svg)\" height=\"\(h.svg)\" fill=\"\(ColourRamp.colour(t))\"><title>\(escapeHTML(place)): \(escapeHTML(text))</title></rect>")
                // The number is printed when it fits the cell (the tooltip always has it).
                if ChartText.width(text, fontSize: valueFont) <= cellWidth - 3 {
                    canvas.body.line("<text x=\"\(cx.svg)\" y=\"\((cy + valueFont * 0.36).svg)\" text-anchor=\"middle\" fill=\"\(ColourRamp.textColour(t))\" style=\"font-size:\(valueFont.svg)px\" class=\"cell-value\">\(escapeHTML(text))</text>")
                }
            }
        }
        canvas.body.line("</g>")

        // Row labels, right-aligned against the grid.
        for (r, label) in cells.rows.enumerated() {
            canvas.body.fittedText(label, x: gridLeft - 8, y: gridTop + (Double(r) + 0.5) * cellHeight + 4, anchor: "end",
                                   extra: "class=\"tick row-label\"", fontSize: font, maxWidth: rowLabelWidth, keepingEnds: true)
        }
        // Column labels: level when they all fit their cells, otherwise slanted.
        let columnWidths = cells.columns.map { ChartText.width($0, fontSize: font) }
        var columnsBottom: Double
        if columnWidths.allSatisfy({ $0 <= cellWidth - 4 }) {
            for (c, label) in cells.columns.enumerated() {
                canvas.body.text(label, x: gridLeft + (Double(c) + 0.5) * cellWidth, y: gridBottom + 17, anchor: "middle", extra: "class=\"tick column-label\"")
            }
            columnsBottom = gridBottom + 17
        } else {
            let longest = Swift.min(160, columnWidths.max() ?? 0)
            for (c, label) in cells.columns.enumerated() {
                let x = gridLeft + (Double(c) + 0.5) * cellWidth + 4, y = gridBottom + 12
                canvas.body.fittedText(label, x: x, y: y, anchor: "end", extra: "class=\"tick column-label\" transform=\"rotate(-45 \(x.svg) \(y.svg))\"",
                                       fontSize: font, maxWidth: longest, keepingEnds: true)
            }
            columnsBottom = gridBottom + 12 + longest * 0.71
        }

        // The colour key: the ramp from the lowest value (bottom) to the highest (top).
        let keyLeft = gridLeft + gridWidth + 16
        let keyHeight = Swift.max(gridHeight, 80.0)
        var keyBottom = gridTop + keyHeight
        if let low, let high {
            let stops = (0...10).map { i -> String in
                let t = Double(i) / 10
                return "<stop offset=\"\(t.svg)\" stop-color=\"\(ColourRamp.colour(t))\"/>"
            }
            canvas.define("\(idPrefix)-ramp", "<linearGradient id=\"\(idPrefix)-ramp\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\(stops.joined())</linearGradient>")
            canvas.body.line("<g class=\"colour-key\">")
            canvas.body.line("<rect x=\"\(keyLeft.svg)\" y=\"\(gridTop.svg)\" width=\"14\" height=\"\(keyHeight.svg)\" fill=\"url(#\(idPrefix)-ramp)\" stroke=\"currentColor\" stroke-opacity=\"0.3\"/>")
            canvas.body.text(high > low ? highText : lowText, x: keyLeft + 20, y: gridTop + 10, anchor: "start", extra: "class=\"key-label key-max\"")
            if high > low {
                canvas.body.text(lowText, x: keyLeft + 20, y: keyBottom, anchor: "start", extra: "class=\"key-label key-min\"")
            }
            canvas.body.line("</g>")
        } else {
            keyBottom = gridTop
        }
        if cells.emptyCount > 0 {
            let y = keyBottom + 10
            canvas.body.line("<rect class=\"key-empty\" x=\"\(keyLeft.svg)\" y=\"\(y.svg)\" width=\"14\" height=\"12\" fill=\"url(#\(idPrefix)-nodata)\" stroke=\"currentColor\" stroke-opacity=\"0.3\"/>")
            canvas.body.text("no value", x: keyLeft + 20, y: y + 10, anchor: "start", extra: "class=\"key-label\" opacity=\"0.8\"")
            keyBottom = y + 12
        }

        let xBaseline = columnsBottom + 24
        axisLabels(chart, xCentre: gridLeft + gridWidth / 2, xBaseline: xBaseline,
                   yCentre: gridTop + gridHeight / 2, yLength: gridHeight, into: &canvas.body)
        return Swift.max(chart.xLabel.isEmpty ? columnsBottom : xBaseline, keyBottom + 4)
    }
}
