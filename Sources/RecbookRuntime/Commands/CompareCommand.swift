import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `compare EVAL EVAL…`: metrics side by side, the change of each against the first
/// (as the seed prints "HR decreases by 20.29%"), a paired test over users, and a chart.
enum CompareCommand {
    static func run(_ statement: CheckedStatement, label: String, in environment: ExecutionEnvironment) throws -> CommandOutcome {
        let names = statement.subjects.compactMap(\.reference)
        let evaluations = names.map { environment.evaluation($0).result }
        let baseline = evaluations[0]

        // Columns every evaluation has, at the requested cut-off (or all shared ones).
        var keys = baseline.keys.filter { key in evaluations.allSatisfy { $0.keys.contains(key) } }
        if let k = statement.option("k").int {
            keys = keys.filter { $0.cutoff == nil || $0.cutoff == k }
            if !keys.contains(where: { $0.cutoff == k }) {
                throw RunFailure("not every evaluation was computed at K = \(k)", at: statement.option("k").range)
            }
        }
        guard !keys.isEmpty else {
            throw RunFailure("these evaluations share no metric at a common cut-off", at: statement.range)
        }
        for (name, result) in zip(names, evaluations).dropFirst() where result.users != baseline.users {
            throw RunFailure("`\(name)` was evaluated on other users than `\(names[0])`; compare evaluations of the same dataset",
                             at: statement.subjects[names.firstIndex(of: name) ?? 0].range)
        }
        let test = statement.option("test").word ?? "t-test"

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
                } else if test != "none" {
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
        if test != "none" { changeColumns.append(test == "wilcoxon" ? "p (Wilcoxon)" : "p (paired t-test)") }
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
    private static func pValue(_ test: String, _ a: [Double], _ b: [Double]) -> Double? {
        let result: PairedTestResult
        switch test {
        case "none": return nil
        case "wilcoxon": result = WilcoxonSignedRankTest.test(a, b)
        default: result = PairedTTest.test(a, b)
        }
        return result.pValue.isFinite ? result.pValue : nil
    }
}
