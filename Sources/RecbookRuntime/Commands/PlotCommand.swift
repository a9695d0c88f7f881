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
    static let metric = ValueOption<Metric>("metric", default: .hr, doc: "The metric on the vertical axis.")
    static let cutoff = OptionalOption<Int>(
        "k", bounds: .atLeast(1), absent: "the largest cut-off the evaluations computed", doc: "The metric's cut-off.")
    static let logarithmic = ValueOption<Bool>("log-x", default: false, doc: "Draw the horizontal axis on a log scale.")
    static let title = OptionalOption<String>("title", absent: "the metric against the axis", doc: "The chart's title.")

    static let signature = CommandSignature(
        name: "plot",
        summary: "Draws a metric against a swept axis, one line per evaluation, with a seed band.",
        subjects: [evaluations],
        options: [x, metric, cutoff, logarithmic, title],
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
        let metric = invocation[metric]
        let hasSeeds = axes.contains { $0.name == Axis.seedName }
        let lineAxes = axes.filter { $0.name != axisName && $0.name != Axis.seedName }
        func result(_ family: ValueFamily, _ point: [String: Value]) -> EvaluationResult {
            guard case .evaluation(let value) = family.element(at: point).value else { preconditionFailure("not an evaluation") }
            return value.result
        }
        let sample = result(families[0], ValueFamily.points(of: axes)[0])
        let k: Int? = metric.usesCutoff ? (invocation[cutoff] ?? sample.cutoffs.last) : nil
        if let k, !sample.cutoffs.contains(k) { throw .cutoffNotComputed(k, at: invocation.statement.range(of: cutoff)) }
        let seeds = axes.first { $0.name == Axis.seedName }?.values ?? [.integer(0)]

        var series: [Chart.Series] = []
        for (name, family) in zip(names, families) {
            for line in ValueFamily.points(of: lineAxes) {
                var means: [Double] = [], lower: [Double] = [], upper: [Double] = []
                for value in axis.values {
                    var point = line
                    point[axisName] = value
                    let values = seeds.map { seed -> Double in
                        var p = point
                        if hasSeeds { p[Axis.seedName] = seed }
                        return result(family, p).mean(metric, at: k)
                    }
                    let interval = MeanInterval(values)
                    means.append(interval.mean)
                    lower.append(interval.lower)
                    upper.append(interval.upper)
                }
                let suffix = lineAxes.map { "\($0.name)=\(FamilySummary.coordinate(line[$0.name]).displayText)" }.joined(separator: ", ")
                series.append(Chart.Series(
                    name: suffix.isEmpty ? name : "\(name) (\(suffix))", x: xs, y: means,
                    lower: hasSeeds ? lower : nil, upper: hasSeeds ? upper : nil))
            }
        }
        let metricLabel = MetricKey(metric, cutoff: k).description
        let caption = hasSeeds
            ? "mean over \(seeds.count) seeds; bands: 95 % Student t interval"
            : "single runs (no seed axis): no interval"
        let chart = Chart(
            kind: .line, title: invocation[title] ?? "\(metricLabel) against \(axisName)", xLabel: axisName,
            yLabel: metricLabel, series: series, caption: caption, logarithmicX: invocation[logarithmic])
        return CommandOutcome(outputs: [.chart(chart)])
    }
}
