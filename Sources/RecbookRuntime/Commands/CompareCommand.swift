import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `compare EVAL EVAL…`: metrics side by side, the change of each against the first
/// (as the seed prints "HR decreases by 20.29%"), a paired test over users, and a chart.
enum CompareCommand: NotebookCommand {
    /// The paired tests over users `compare` offers.
    enum SignificanceTest: String, WordArgument {
        case tTest = "t-test", wilcoxon, none
    }

    static let evaluations = RepeatedSubject<BoundName>(
        0, "EVAL", type: .reference(ReferenceRequirement(kind: .evaluation)), minimum: 2, doc: "Evaluations to compare.")
    static let test = ValueOption<SignificanceTest>("test", default: .tTest, doc: "Paired test over users.", affectsValue: false)
    static let cutoff = OptionalOption<Int>(
        "k", bounds: .between(1, 100_000), type: .cutoff, absent: "every cut-off the evaluations share", doc: "The cut-off to show.")

    /// Corrections for testing many pairs at once.
    enum Correction: String, WordArgument {
        case holm, none
    }
    static let correction = ValueOption<Correction>(
        "correction", default: .holm,
        doc: "Multiple-comparison correction of the seed-paired p-values: Holm's step-down, or none.", affectsValue: false)

    static let signature: CommandSignature = {
        var signature = CommandSignature(
            name: "compare",
            summary: "Tabulates evaluations side by side, with a significance test against the first.",
            subjects: [evaluations],
            options: [test, cutoff, correction],
            result: .value(.comparison),
            example: "compare clean broken", families: .aggregate)
        signature.pairsUsers = true
        return signature
    }()

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let subjects = invocation[Self.evaluations]
        let names = subjects.map(\.description)
        let families = subjects.map { invocation.family(of: $0) }
        // The checker made every family's axes the same.
        let axes = families[0].axes
        if axes.isEmpty {
                let evaluations = families.map { $0.evaluation(at: [:]) }
            let outputs = try perUser(
                invocation, names: names, evaluations: evaluations, datasets: families.map { $0.evaluatedDataset(at: [:]) })
            return CommandOutcome(value: .comparison(ComparisonValue(outputs: outputs)), outputs: outputs)
        }
        let outputs = try overFamilies(invocation, names: names, families: families, axes: axes)
        return CommandOutcome(value: .comparison(ComparisonValue(outputs: outputs)), outputs: outputs)
    }

    /// Families: with a `seed` axis, each evaluation against the first paired by seed (mean,
    /// t interval of the paired difference, paired t-test over seeds, Holm-corrected); without
    /// one, the per-user comparison at every point of the axes.
    private static func overFamilies(
        _ invocation: Invocation, names: [String], families: [ValueFamily], axes: [Axis]
    ) throws(RunFailure) -> [CellOutput] {
        let points = ValueFamily.points(of: axes)
        guard axes.contains(where: { $0.name == Axis.seedName }) else {
            var outputs: [CellOutput] = []
            for point in points {
                let label = axes.map { "\($0.name)=\(FamilySummary.coordinate(point[$0.name]).displayText)" }.joined(separator: ", ")
                outputs.append(.text("at \(label):"))
                outputs += try perUser(
                    invocation, names: names, evaluations: families.map { $0.evaluation(at: point) },
                    datasets: families.map { $0.evaluatedDataset(at: point) }, chart: false)
            }
            return outputs
        }
        let others = axes.filter { $0.name != Axis.seedName }
        let groups = ValueFamily.points(of: others)
        let seeds = axes.first { $0.name == Axis.seedName }!.values
        var keys = families[0].evaluation(at: points[0]).keys
        if let k = invocation[cutoff] {
            keys = keys.filter { $0.cutoff == nil || $0.cutoff == k }
            if !keys.contains(where: { $0.cutoff == k }) { throw .cutoffNotComputed(k, at: invocation.statement.range(of: cutoff)) }
        }
        struct Row { var cells: [TableValue]; var p: Double }
        var rows: [Row] = []
        var summary: [[TableValue]] = []
        for group in groups {
            let coordinates = others.map { FamilySummary.coordinate(group[$0.name]) }
            func values(_ family: ValueFamily, _ key: MetricKey) -> [Double] {
                family.seedValues(key.metric, at: key.cutoff, point: group)
            }
            for (name, family) in zip(names, families) {
                var row = coordinates + [.text(name), .number(Double(seeds.count), .integer)]
                for key in keys {
                    let interval = MeanInterval(values(family, key))
                    row += [.number(interval.mean, .fixed(4)), .text(NumberFormat.fixed(4).format(interval.lower) + " – " + NumberFormat.fixed(4).format(interval.upper))]
                }
                summary.append(row)
            }
            for (name, family) in zip(names, families).dropFirst() {
                for key in keys {
                    let base = values(families[0], key), other = values(family, key)
                    let difference = MeanInterval(zip(other, base).map { $0 - $1 })
                    let baseMean = MeanInterval(base).mean
                    let p = PairedTTest.test(other, base).pValue
                    rows.append(Row(cells: coordinates + [
                        .text(name), .text(key.description), .number(Double(seeds.count), .integer),
                        .number(difference.mean, .fixed(4)),
                        .text(NumberFormat.fixed(4).format(difference.lower) + " – " + NumberFormat.fixed(4).format(difference.upper)),
                        .number(baseMean != 0 ? difference.mean / baseMean : .nan, .percent(2)),
                    ], p: p))
                }
            }
        }
        let holm = invocation[correction] == .holm && rows.count > 1
        let adjusted = holm ? HolmCorrection.adjust(rows.map { $0.p.isFinite ? $0.p : 1 }) : rows.map(\.p)
        let otherNames = others.map(\.name)
        var outputs: [CellOutput] = [.table(Table(
            title: "Over \(seeds.count) seeds: mean and 95 % Student t interval",
            columns: otherNames + ["Evaluation", "n"] + keys.flatMap { [$0.description, $0.description + " 95 % CI"] },
            rows: summary))]
        outputs.append(.table(Table(
            title: "Change against “\(names[0])”, paired by seed",
            columns: otherNames + ["Evaluation", "Metric", "n", "Mean difference", "95 % CI (t)", "Relative change",
                                   holm ? "p (paired t over seeds, Holm)" : "p (paired t over seeds, uncorrected)"],
            rows: zip(rows, adjusted).map { row, p in row.cells + [p.isFinite ? .number(p, .pValue) : .empty] })))
        outputs.append(.text(
            "Each seed's evaluations are paired: the difference is taken seed by seed, then averaged; "
                + (holm ? "p-values are Holm-corrected over the \(rows.count) tests of this table." : "p-values are not corrected for multiple tests.")))
        return outputs
    }

    /// The per-user comparison of single evaluations (the seed notebook's "HR decreases by …").
    private static func perUser(
        _ invocation: Invocation, names: [String], evaluations: [EvaluationResult], datasets: [String], chart: Bool = true
    ) throws(RunFailure) -> [CellOutput] {
        let statement = invocation.statement
        let baseline = evaluations[0]

        // Columns every evaluation has, at the requested cut-off (or all shared ones).
        var keys = baseline.keys.filter { key in evaluations.allSatisfy { $0.keys.contains(key) } }
        if let k = invocation[cutoff] {
            keys = keys.filter { $0.cutoff == nil || $0.cutoff == k }
            if !keys.contains(where: { $0.cutoff == k }) {
                throw .cutoffNotComputed(k, at: statement.range(of: cutoff))
            }
        }
        guard !keys.isEmpty else {
            throw .nothingShared(at: statement.range)
        }
        for (index, (name, result)) in zip(names, evaluations).enumerated().dropFirst() where result.users != baseline.users {
            throw .otherUsers(name, dataset: datasets[index], baseline: names[0], baselineDataset: datasets[0], at: statement.subjects[index].range)
        }
        let test = invocation[test]

        var outputs: [CellOutput] = []
        outputs.append(.table(Table(
            title: "Metrics",
            columns: ["Evaluation"] + keys.map(\.description),
            rows: zip(names, evaluations).map { name, result in
                [.text(name)] + keys.map { .number(result.mean($0.metric, at: $0.cutoff), .fixed(4)) }
            })))

        var changeRows: [[TableValue]] = []
        var sentences: [String] = []
        for (name, result) in zip(names, evaluations).dropFirst() {
            for key in keys {
                let before = baseline.mean(key.metric, at: key.cutoff)
                let after = result.mean(key.metric, at: key.cutoff)
                let change = before != 0 ? after / before - 1 : .nan
                var row: [TableValue] = [.text(name), .text(key.description), .number(after, .fixed(4)), .number(change, .percent(2))]
                var pText = ""
                // Corpus-level metrics (coverage, Gini) are one figure per evaluation: no test over users.
                if baseline.hasPerUserValues(key), result.hasPerUserValues(key),
                    let p = pValue(test, baseline.perUser(key.metric, at: key.cutoff), result.perUser(key.metric, at: key.cutoff))
                {
                    row.append(.number(p, .pValue))
                    pText = p < 0.0001 ? " (p < 0.0001)" : " (p = \(NumberFormat.pValue.format(p)))"
                } else if test != .none {
                    row.append(.empty)
                }
                changeRows.append(row)
                if change.isFinite {
                    let direction = change < 0 ? "decreases" : "increases"
                    sentences.append("\(name): \(key) \(direction) by \(NumberFormat.fixed(2).format(abs(change) * 100))%\(pText)")
                }
            }
        }
        var changeColumns = ["Evaluation", "Metric", "Value", "Change vs “\(names[0])”"]
        if test != .none { changeColumns.append(test == .wilcoxon ? "p (Wilcoxon)" : "p (paired t-test)") }
        outputs.append(.table(Table(title: "Change against “\(names[0])”", columns: changeColumns, rows: changeRows)))
        outputs.append(.text(sentences.joined(separator: "\n")))
        if chart { outputs.append(.chart(Chart(
            kind: .bar, title: "Comparison", xLabel: "Metric", yLabel: "Value",
            categories: keys.map(\.description),
            series: zip(names, evaluations).map { name, result in
                Chart.Series(name: name, x: [], y: keys.map { result.mean($0.metric, at: $0.cutoff) })
            }))) }
        return outputs
    }

    /// The two-sided p-value of the chosen paired test, nil for `none` or when undefined.
    private static func pValue(_ test: SignificanceTest, _ a: [Double], _ b: [Double]) -> Double? {
        let result: PairedTestResult
        switch test {
        case .none: return nil
        case .wilcoxon: result = WilcoxonSignedRankTest.test(a, b)
        case .tTest: result = PairedTTest.test(a, b)
        }
        return result.pValue.isFinite ? result.pValue : nil
    }
}
