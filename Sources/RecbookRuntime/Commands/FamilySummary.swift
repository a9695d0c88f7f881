import RecbookLanguage
import RecbookResults
import RecommenderKit

/// What a statement that ran over a family shows: one row per element with its headline
/// figures, and, when the family runs over seeds, the mean with its 95 % Student t interval
/// and n for every other point of the axes. Per-element logs and charts are left out.
enum FamilySummary {
    static func outputs(label: String, axes: [Axis], points: [[String: Value]], outcomes: [CommandOutcome]) -> [CellOutput] {
        var outputs: [CellOutput] = [.text("\(label): \(points.count) values over \(axes.map(\.description).joined(separator: " × "))")]
        // Caveats hold for the whole family: each distinct one once.
        for case .notice(let text) in outcomes.flatMap(\.outputs) where !outputs.contains(.notice(text)) {
            outputs.append(.notice(text))
        }
        let figures = outcomes.map { outcome in
            outcome.outputs.flatMap { output -> [Figure] in if case .figures(let f) = output { f } else { [] } }
        }
        guard let labels = figures.first?.map(\.label), !labels.isEmpty else { return outputs }
        let formats = figures[0].map(\.format)
        let rows: [[TableValue]] = zip(points, figures).map { point, figures in
            axes.map { coordinate(point[$0.name]) } + labels.map { label in
                figures.first { $0.label == label }.map { .number($0.value, $0.format) } ?? .empty
            }
        }
        outputs.append(.table(Table(title: "“\(label)” for each element", columns: axes.map(\.name) + labels, rows: rows)))

        guard axes.contains(where: { $0.name == Axis.seedName }) else { return outputs }
        let others = axes.filter { $0.name != Axis.seedName }
        var groups: [[String: Value]] = []
        var members: [[Int]] = []
        for (index, point) in points.enumerated() {
            let key = point.filter { $0.key != Axis.seedName }
            if let g = groups.firstIndex(of: key) { members[g].append(index) } else {
                groups.append(key)
                members.append([index])
            }
        }
        var aggregated: [[TableValue]] = []
        for (group, indices) in zip(groups, members) {
            var row = others.map { coordinate(group[$0.name]) }
            row.append(.number(Double(indices.count), .integer))
            for (column, label) in labels.enumerated() {
                let values = indices.compactMap { i in figures[i].first { $0.label == label }?.value }
                guard !values.isEmpty else { row += [.empty, .empty]; continue }
                let interval = MeanInterval(values)
                row.append(.number(interval.mean, formats[column]))
                row.append(.text(formats[column].format(interval.lower) + " – " + formats[column].format(interval.upper)))
            }
            aggregated.append(row)
        }
        let columns = others.map(\.name) + ["n"] + labels.flatMap { [$0 + " mean", $0 + " 95 % CI"] }
        outputs.append(.table(Table(title: "“\(label)” over seeds: mean and 95 % Student t interval", columns: columns, rows: aggregated)))
        outputs += seedAveraged(outcomes, groups: groups, members: members, others: others)
        return outputs
    }

    /// The outcomes' seed-averaged tables (e.g. `evaluate groups=activity`), one per point of
    /// the other axes: each numeric cell is the mean over seeds with its 95 % t interval. A
    /// table whose shape or labels differ between seeds is left out rather than misaligned.
    static func seedAveraged(
        _ outcomes: [CommandOutcome], groups: [[String: Value]], members: [[Int]], others: [Axis]
    ) -> [CellOutput] {
        var outputs: [CellOutput] = []
        for (group, indices) in zip(groups, members) {
            let tableCount = outcomes[indices[0]].seedAveragedTables.count
            for t in 0..<tableCount {
                let tables = indices.compactMap { outcomes[$0].seedAveragedTables.count > t ? outcomes[$0].seedAveragedTables[t] : nil }
                let first = tables[0]
                guard tables.count == indices.count,
                    tables.allSatisfy({ $0.columns == first.columns && $0.rows.count == first.rows.count && $0.rows.map(\.first) == first.rows.map(\.first) })
                else { continue }
                let rows: [[TableValue]] = first.rows.indices.map { r in
                    first.rows[r].indices.map { c in
                        guard case .number(_, let format) = first.rows[r][c] else { return first.rows[r][c] }
                        let values = tables.compactMap { table -> Double? in
                            if case .number(let v, _) = table.rows[r][c] { v } else { nil }
                        }
                        guard values.count == tables.count else { return .empty }
                        // Equal on every seed (e.g. group sizes, or a model without randomness): no interval.
                        if values.allSatisfy({ $0 == values[0] }) { return .number(values[0], format) }
                        let interval = MeanInterval(values)
                        return .text(format.format(interval.mean) + " (" + format.format(interval.lower) + " – " + format.format(interval.upper) + ")")
                    }
                }
                let at = others.map { "\($0.name)=\(coordinate(group[$0.name]).displayText)" }.joined(separator: ", ")
                let title = (first.title ?? "") + ": mean (95 % t interval) over \(indices.count) seeds" + (at.isEmpty ? "" : " at \(at)")
                outputs.append(.table(Table(title: title, columns: first.columns, rows: rows)))
            }
        }
        return outputs
    }

    static func coordinate(_ value: Value?) -> TableValue {
        switch value {
        case .integer(let x)?: .number(Double(x), .integer)
        case .float(let x)?: .text(formatNumber(x))
        case let v?: .text(v.stringValue ?? v.description)
        case nil: .empty
        }
    }
}
