import RecbookResults

extension SVGChartRenderer {
    /// Draws bands, lines and markers in the standard plot rectangle; returns the x label's baseline.
    func drawLines(_ chart: Chart, _ data: CleanedChart, into canvas: inout Canvas) -> Double {
        let all = data.points.flatMap { $0 }
        let xs = all.map(\.x)
        // The y range covers the bands as well as the lines.
        let ys = all.flatMap { [$0.y] + [$0.lower, $0.upper].compactMap { $0 } }
        let yScale = NiceScale(min: ys.min()!, max: ys.max()!, tickCount: 5)
        let plotWidth = Self.plotRight - Self.plotLeft
        let mapY = { (v: Double) in Self.plotBottom - (v - yScale.lower) / (yScale.upper - yScale.lower) * (Self.plotBottom - Self.plotTop) }
        let mapX: (Double) -> Double
        let xTicks: [(value: Double, label: String)]
        if chart.logarithmicX {
            let scale = LogScale(values: xs, length: plotWidth, fontSize: Self.labelLayoutFont)
            mapX = { Self.plotLeft + scale.fraction($0) * plotWidth }
            xTicks = scale.ticks.map { ($0, LogScale.label($0)) }
        } else {
            let scale = NiceScale(min: xs.min()!, max: xs.max()!, tickCount: 6)
            mapX = { Self.plotLeft + ($0 - scale.lower) / (scale.upper - scale.lower) * plotWidth }
            xTicks = scale.ticks.map { ($0, NumberFormat.fixed(scale.decimals).format($0)) }
        }

        yGrid(yScale, left: Self.plotLeft, right: Self.plotRight, map: mapY, into: &canvas.body)
        for tick in xTicks {
            let x = mapX(tick.value)
            if chart.logarithmicX {
                canvas.body.line("<line x1=\"\(x.svg)\" y1=\"\(Self.plotTop.svg)\" x2=\"\(x.svg)\" y2=\"\(Self.plotBottom.svg)\" stroke=\"currentColor\" stroke-opacity=\"0.08\"/>")
            }
            canvas.body.line("<line x1=\"\(x.svg)\" y1=\"\(Self.plotBottom.svg)\" x2=\"\(x.svg)\" y2=\"\((Self.plotBottom + 5).svg)\" stroke=\"currentColor\"/>")
            // A label that would run off the edge is aligned to the edge instead of centred.
            let half = ChartText.width(tick.label, fontSize: Self.labelLayoutFont) / 2
            let (labelX, anchor) = x + half > Self.width - 4 ? (Self.width - 4, "end") : x - half < 4 ? (4.0, "start") : (x, "middle")
            canvas.body.text(tick.label, x: labelX, y: Self.plotBottom + 19, anchor: anchor, extra: "class=\"tick x-tick\"")
        }
        frame(&canvas.body)

        // Bands first, under every line.
        for (index, points) in data.points.enumerated() {
            let style = SeriesStyle(index: index)
            let name = escapeHTML(chart.series[index].name)
            for run in bandRuns(points) {
                if run.count == 1 {
                    // A lone point with bounds: an error bar.
                    let p = run[0], x = mapX(p.x)
                    canvas.body.line("<path class=\"error-bar\" data-series=\"\(name)\" d=\"M\(x.svg) \(mapY(p.lower!).svg)V\(mapY(p.upper!).svg)M\((x - 4).svg) \(mapY(p.lower!).svg)H\((x + 4).svg)M\((x - 4).svg) \(mapY(p.upper!).svg)H\((x + 4).svg)\" stroke=\"\(style.colour)\" stroke-width=\"1.5\" fill=\"none\"/>")
                    continue
                }
                let upper = run.map { "\(mapX($0.x).svg),\(mapY($0.upper!).svg)" }
                let lower = run.reversed().map { "\(mapX($0.x).svg),\(mapY($0.lower!).svg)" }
                canvas.body.line("<polygon class=\"band\" data-series=\"\(name)\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(style.colour)\" fill-opacity=\"0.2\" stroke=\"none\"/>")
            }
        }

        for (index, points) in data.points.enumerated() where !points.isEmpty {
            let style = SeriesStyle(index: index)
            let series = chart.series[index]
            let coordinates = points.map { (mapX($0.x), mapY($0.y)) }
            canvas.body.line("<g class=\"series\" data-series=\"\(escapeHTML(series.name))\" data-colour=\"\(style.colour)\" data-marker=\"\(style.marker.rawValue)\" data-dash=\"\(style.dashArray ?? "solid")\">")
            if points.count > 1 {
                let dash = style.dashArray.map { " stroke-dasharray=\"\($0)\"" } ?? ""
                canvas.body.line("<polyline fill=\"none\" stroke=\"\(style.colour)\" stroke-width=\"2.25\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dash) points=\"\(coordinates.map { "\($0.0.svg),\($0.1.svg)" }.joined(separator: " "))\"/>")
            }
            // Every point gets a marker when there are few; long series get about a dozen,
            // staggered between series so they do not pile up on the same x.
            let step = points.count <= 40 ? 1 : (points.count + 11) / 12
            let offset = step == 1 ? 0 : (index * step / Swift.max(1, Swift.min(step, chart.series.count))) % step
            for (i, point) in points.enumerated() where i % step == offset {
                var tip = "\(series.name): \(point.x.plain), \(point.y.plain)"
                if point.hasBand { tip += " (\(point.lower!.plain)–\(point.upper!.plain))" }
                canvas.body.line(style.markerElement(x: coordinates[i].0, y: coordinates[i].1, tooltip: tip))
            }
            canvas.body.line("</g>")
        }
        axisLabels(chart, xCentre: (Self.plotLeft + Self.plotRight) / 2, xBaseline: Self.plotBottom + 40,
                   yCentre: (Self.plotTop + Self.plotBottom) / 2, yLength: Self.plotBottom - Self.plotTop, into: &canvas.body)
        return Self.plotBottom + 40
    }

    /// Consecutive points that all have both band ends.
    private func bandRuns(_ points: [CleanedChart.Point]) -> [[CleanedChart.Point]] {
        var runs: [[CleanedChart.Point]] = [], current: [CleanedChart.Point] = []
        for point in points {
            if point.hasBand {
                current.append(point)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}
