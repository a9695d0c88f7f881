import RecbookLanguage
import RecbookResults
import RecommenderKit

/// `table EVAL… rows=AXIS [columns=AXIS]`: a pivot table of one metric, one axis down the
/// side and another (or the evaluations) across the top, each cell the mean over seeds with
/// its 95 % Student t interval.
enum TableCommand: NotebookCommand {
    static let evaluations = RepeatedSubject<BoundName>(
        0, "EVAL", type: .reference(ReferenceRequirement(kind: .evaluation)), minimum: 1,
        doc: "Evaluations with the same axes; with several, each gets its own columns.")
    static let rows = RequiredOption<AxisName>("rows", doc: "The axis down the side.")
    static let columns = OptionalOption<AxisName>(
        "columns", absent: "one column per evaluation", doc: "The axis across the top.")
    static let title = OptionalOption<String>("title", absent: "the metric and the axes", doc: "The table's title.")

    static let signature: CommandSignature = {
        var signature = CommandSignature(
        name: "table",
        summary: "Tabulates a metric with one axis as rows and another (or the evaluations) as columns: seed means with their 95 % intervals.",
        subjects: [evaluations],
        options: [rows, columns, ChartOptions.metric, ChartOptions.cutoff, title],
        result: .nothing,
        example: "table fgsm_hr pgd_hr rows=epsilon metric=hr k=100", families: .aggregate)
        signature.averagesOverSeedsOnly = true
        return signature
    }()

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let subjects = invocation[evaluations]
        let families = subjects.map { invocation.family(of: $0) }
        // The checker gave every family the same axes, and checked that `rows` and `columns`
        // name two different ones of them.
        let axes = families[0].axes
        let rowAxis = axes.first { $0.name == invocation[rows].name }!
        let columnAxis = invocation[columns].map { name in axes.first { $0.name == name.name }! }
        let others = axes.filter { $0.name != rowAxis.name && $0.name != columnAxis?.name }
        if let extra = others.first(where: { $0.name != Axis.seedName }) {
            throw .extraAxis(extra.name, command: "a table", at: invocation.statement.range(of: Self.evaluations))
        }
        let metric = invocation[ChartOptions.metric]
        let k = try invocation.chartCutoff(metric, of: families[0])
        let seeds = others.first?.values.count

        // Columns: each evaluation, times each value of the column axis.
        let names = subjects.map(\.description)
        var columnKeys: [(family: ValueFamily, name: String, point: [String: Value])] = []
        for (name, family) in zip(names, families) {
            guard let columnAxis else {
                columnKeys.append((family, name, [:]))
                continue
            }
            for value in columnAxis.values {
                let label = FamilySummary.coordinate(value).displayText
                columnKeys.append((family, families.count > 1 ? "\(name), \(columnAxis.name) = \(label)" : "\(columnAxis.name) = \(label)", [columnAxis.name: value]))
            }
        }
        let rowsOut: [[TableValue]] = rowAxis.values.map { row in
            [FamilySummary.coordinate(row)] + columnKeys.map { key in
                var point = key.point
                point[rowAxis.name] = row
                return cell(key.family.seedValues(metric, at: k, point: point), overSeeds: seeds != nil)
            }
        }
        let label = MetricKey(metric, cutoff: k).description
        let defaultTitle = seeds.map { "\(label): mean and 95 % Student t interval over \($0) seeds" } ?? "\(label), single runs"
        return CommandOutcome(outputs: [.table(Table(
            title: invocation[title] ?? defaultTitle,
            columns: [rowAxis.name] + columnKeys.map(\.name), rows: rowsOut))])
    }

    /// "0.2760 (0.2679 – 0.2841)" over seeds, "0.2760" for a single run.
    static func cell(_ values: [Double], overSeeds: Bool) -> TableValue {
        let interval = MeanInterval(values)
        guard overSeeds else { return .number(interval.mean, .fixed(4)) }
        let f = NumberFormat.fixed(4)
        return .text("\(f.format(interval.mean)) (\(f.format(interval.lower)) – \(f.format(interval.upper)))")
    }
}
