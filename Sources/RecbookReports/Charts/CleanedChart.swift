import RecbookResults

/// A chart's data with NaN and infinities removed (and counted), error ends paired with their
/// points, and a heat map's grid made rectangular.
struct CleanedChart {
    struct Point {
        var x: Double, y: Double
        /// The band's ends at this point (nil: no band here).
        var lower: Double?, upper: Double?
        var hasBand: Bool { lower != nil && upper != nil }
    }

    struct Bar {
        var value: Double
        var lower: Double?, upper: Double?
        var hasError: Bool { lower != nil && upper != nil }
    }

    struct Cells {
        var rows: [String]
        var columns: [String]
        /// `values[row][column]`, NaN where there is no value.
        var values: [[Double]]
        var format: NumberFormat
        var finite: [Double] { values.flatMap { $0 }.filter(\.isFinite) }
        var emptyCount: Int { values.flatMap { $0 }.count(where: { !$0.isFinite }) }
    }

    var points: [[Point]] = []
    var bars: [[Bar?]] = []
    var categoryCount = 0
    var cells: Cells?
    /// Values not drawn because they are NaN or infinite.
    var skipped = 0
    /// Points not drawn because their x is zero or negative on a log axis.
    var notPositive = 0

    init(_ chart: Chart) {
        switch chart.kind {
        case .line:
            for series in chart.series {
                var kept: [Point] = []
                for (i, (x, y)) in zip(series.x, series.y).enumerated() {
                    guard x.isFinite && y.isFinite else { skipped += 1; continue }
                    guard !chart.logarithmicX || x > 0 else { notPositive += 1; continue }
                    let (lower, upper) = Self.ends(series, i, y)
                    kept.append(Point(x: x, y: y, lower: lower, upper: upper))
                }
                points.append(kept)
            }
        case .bar:
            categoryCount = max(chart.categories.count, chart.series.map(\.y.count).max() ?? 0)
            for series in chart.series {
                bars.append(series.y.enumerated().map { i, y in
                    guard y.isFinite else { return nil }
                    let (lower, upper) = Self.ends(series, i, y)
                    return Bar(value: y, lower: lower, upper: upper)
                })
                skipped += series.y.count(where: { !$0.isFinite })
            }
        case .heatmap:
            guard let grid = chart.grid else { break }
            let rowCount = max(grid.rows.count, grid.values.count)
            let columnCount = max(grid.columns.count, grid.values.map(\.count).max() ?? 0)
            guard rowCount > 0 && columnCount > 0 else { break }
            let rows = (0..<rowCount).map { $0 < grid.rows.count ? grid.rows[$0] : "\($0 + 1)" }
            let columns = (0..<columnCount).map { $0 < grid.columns.count ? grid.columns[$0] : "\($0 + 1)" }
            let values = (0..<rowCount).map { r in
                (0..<columnCount).map { c -> Double in
                    guard r < grid.values.count, c < grid.values[r].count, grid.values[r][c].isFinite else { return .nan }
                    return grid.values[r][c]
                }
            }
            cells = Cells(rows: rows, columns: columns, values: values, format: grid.format)
        }
    }

    /// The error ends at point `i`: both given and finite, or one given and the value as the other.
    private static func ends(_ series: Chart.Series, _ i: Int, _ y: Double) -> (Double?, Double?) {
        func end(_ values: [Double]?) -> Double?? {
            guard let values else { return .some(nil) }  // no such array: the value itself
            guard i < values.count, values[i].isFinite else { return nil }  // missing here: no band
            return .some(values[i])
        }
        guard series.lower != nil || series.upper != nil else { return (nil, nil) }
        guard let lowerEnd = end(series.lower), let upperEnd = end(series.upper) else { return (nil, nil) }
        let a = lowerEnd ?? y, b = upperEnd ?? y
        return (Swift.min(a, b), Swift.max(a, b))
    }

    var isEmpty: Bool {
        if let cells { return cells.rows.isEmpty || cells.columns.isEmpty }
        return points.allSatisfy(\.isEmpty) && bars.allSatisfy { $0.allSatisfy { $0 == nil } }
    }
}
