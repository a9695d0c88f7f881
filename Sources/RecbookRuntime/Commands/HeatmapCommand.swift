import RecbookLanguage
import RecbookResults
import RecommenderKit

/// `heatmap EVAL rows=AXIS columns=AXIS`: a metric over a two-axis grid (factors × learning
/// rate, say), each cell the mean over seeds when the family runs over seeds.
enum HeatmapCommand: NotebookCommand {
    static let evaluation = Subject<BoundName>(
        0, "EVAL", type: .reference(ReferenceRequirement(kind: .evaluation)), doc: "An evaluation over (at least) two axes.")
    static let rows = RequiredOption<AxisName>("rows", doc: "The axis down the side.")
    static let columns = RequiredOption<AxisName>("columns", doc: "The axis across the top.")

    static let signature: CommandSignature = {
        var signature = CommandSignature(
        name: "heatmap",
        summary: "Draws a metric over a grid of two swept axes, as a heat map of seed means.",
        subjects: [evaluation],
        options: [rows, columns, ChartOptions.metric, ChartOptions.cutoff, ChartOptions.title],
        result: .nothing,
        example: "heatmap grid_eval rows=factors columns=lr metric=ndcg k=10", families: .aggregate)
        signature.averagesOverSeedsOnly = true
        return signature
    }()

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let subject = invocation[evaluation]
        let family = invocation.family(of: subject)
        let rowAxis = family.axes.first { $0.name == invocation[rows].name }!
        let columnAxis = family.axes.first { $0.name == invocation[columns].name }!
        let others = family.axes.filter { $0.name != rowAxis.name && $0.name != columnAxis.name }
        // Every other axis is averaged over; only seeds make sense to average.
        if let extra = others.first(where: { $0.name != Axis.seedName }) {
            throw .extraAxis(extra.name, command: "a heat map", at: invocation.statement.range(of: Self.evaluation))
        }
        let metric = invocation[ChartOptions.metric]
        let k = try invocation.chartCutoff(metric, of: family)
        let seeds = others.first?.values
        let values: [[Double]] = rowAxis.values.map { row in
            columnAxis.values.map { column in
                MeanInterval(family.seedValues(metric, at: k, point: [rowAxis.name: row, columnAxis.name: column])).mean
            }
        }
        let label = MetricKey(metric, cutoff: k).description
        let grid = Chart.Grid(
            rows: rowAxis.values.map { FamilySummary.coordinate($0).displayText },
            columns: columnAxis.values.map { FamilySummary.coordinate($0).displayText }, values: values, format: .fixed(4))
        let caption = seeds.map { "\(label), mean over \($0.count) seeds" } ?? "\(label), single runs"
        return CommandOutcome(outputs: [.chart(Chart(
            kind: .heatmap, title: invocation[ChartOptions.title] ?? "\(label) over \(rowAxis.name) × \(columnAxis.name)",
            xLabel: columnAxis.name, yLabel: rowAxis.name, series: [], grid: grid, caption: caption))])
    }
}
