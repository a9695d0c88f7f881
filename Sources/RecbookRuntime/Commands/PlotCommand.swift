import RecbookLanguage
import RecbookResults
import RecommenderKit

/// `plot EVAL… x=AXIS`: a metric against a swept axis, one line per evaluation (and per value
/// of any other axis); over seeds, the mean with its 95 % Student t interval as a band.
/// This is the robustness curve: HR against ε for each attack and model.
enum PlotCommand: NotebookCommand {
    static let evaluations = RepeatedSubject<BoundName>(
        0, "EVAL", type: .reference(ReferenceRequirement(kind: .evaluation)), minimum: 1, doc: "Evaluations to draw, one line each.")
    static let x = RequiredOption<AxisName>("x", doc: "The axis along the horizontal axis (e.g. `epsilon`).")
    static let logarithmic = ValueOption<Bool>("log-x", default: false, doc: "Draw the horizontal axis on a log scale.")

    static let signature = CommandSignature(
        name: "plot",
        summary: "Draws a metric against a swept axis, one line per evaluation, with a seed band.",
        subjects: [evaluations],
        options: [x, ChartOptions.metric, ChartOptions.cutoff, logarithmic, ChartOptions.title],
        result: .nothing,
        example: "plot broken apr_broken x=epsilon metric=hr k=100", families: .aggregate)

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let subjects = invocation[evaluations]
        let names = subjects.map(\.description)
        let families = subjects.map { invocation.family(of: $0) }
        let axisName = invocation[x].name
        let axes = families[0].axes
        guard let axis = axes.first(where: { $0.name == axisName }) else {
            preconditionFailure("the checker accepts only axes of the subjects")
        }
        let xs = try axis.values.map { value throws(RunFailure) -> Double in
            switch value {
            case .integer(let v): return Double(v)
            case .float(let v): return v
            default: throw .axisNotNumeric(axisName, at: invocation.statement.valueRange(of: x))
            }
        }
        let metric = invocation[ChartOptions.metric]
        let seeds = axes.first { $0.name == Axis.seedName }?.values
        let lineAxes = axes.filter { $0.name != axisName && $0.name != Axis.seedName }
        let k = try invocation.chartCutoff(metric, of: families[0])

        var series: [Chart.Series] = []
        for (name, family) in zip(names, families) {
            for line in ValueFamily.points(of: lineAxes) {
                var means: [Double] = [], lower: [Double] = [], upper: [Double] = []
                for value in axis.values {
                    var point = line
                    point[axisName] = value
                    let interval = MeanInterval(family.seedValues(metric, at: k, point: point))
                    means.append(interval.mean)
                    lower.append(interval.lower)
                    upper.append(interval.upper)
                }
                let suffix = lineAxes.map { "\($0.name)=\(FamilySummary.coordinate(line[$0.name]).displayText)" }.joined(separator: ", ")
                series.append(Chart.Series(
                    name: suffix.isEmpty ? name : "\(name) (\(suffix))", x: xs, y: means,
                    lower: seeds == nil ? nil : lower, upper: seeds == nil ? nil : upper))
            }
        }
        let metricLabel = MetricKey(metric, cutoff: k).description
        let caption = seeds.map { "mean over \($0.count) seeds; bands: 95 % Student t interval" }
            ?? "single runs (no seed axis): no interval"
        let chart = Chart(
            kind: .line, title: invocation[ChartOptions.title] ?? "\(metricLabel) against \(axisName)", xLabel: axisName,
            yLabel: metricLabel, series: series, caption: caption, logarithmicX: invocation[logarithmic])
        return CommandOutcome(outputs: [.chart(chart)])
    }
}
