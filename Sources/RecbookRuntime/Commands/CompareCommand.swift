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
        "k", bounds: .atLeast(1), absent: "every cut-off the evaluations share", doc: "The cut-off to show.")

    static let signature = CommandSignature(
        name: "compare",
        summary: "Tabulates evaluations side by side, with a significance test against the first.",
        subjects: [evaluations],
        options: [test, cutoff],
        result: .value(.comparison),
        example: "compare clean broken")

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let statement = invocation.statement
        let names = invocation[Self.evaluations].map(\.name)
        let evaluations = names.map { invocation.environment.evaluation($0).result }
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
            throw .otherUsers(name, baseline: names[0], at: statement.subjects[index].range)
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
                if let p = pValue(test, baseline.perUser(key.metric, at: key.cutoff), result.perUser(key.metric, at: key.cutoff)) {
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
        outputs.append(.chart(Chart(
            kind: .bar, title: "Comparison", xLabel: "Metric", yLabel: "Value",
            categories: keys.map(\.description),
            series: zip(names, evaluations).map { name, result in
                Chart.Series(name: name, x: [], y: keys.map { result.mean($0.metric, at: $0.cutoff) })
            })))
        return CommandOutcome(value: .comparison(ComparisonValue(outputs: outputs)), outputs: outputs)
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
