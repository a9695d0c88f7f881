import RecbookLanguage
import RecbookResults
import RecommenderKit

/// `evaluate MODEL targets=[…]`: how a model ranks the items a poisoning attack pushes.
extension EvaluateCommand {
    static func evaluateTargets(
        _ rawIDs: [String], model: ModelValue, modelName: String, dataset: Dataset, datasetName: String,
        configuration: EvaluationConfiguration, invocation: Invocation
    ) throws(RunFailure) -> CommandOutcome {
        let statement = invocation.statement
        var items: [Int] = []
        for id in rawIDs {
            guard let item = dataset.items.index(of: id) else {
                let examples = dataset.items.rawIDs.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
                throw .unknownTargetItem(id, dataset: datasetName, examples: examples, at: statement.valueRange(of: targets))
            }
            if !items.contains(item) { items.append(item) }
        }
        let evaluation = Evaluator.evaluateTargets(
            model.recommender, on: dataset, targets: items, configuration: configuration, context: invocation.compute)
        if evaluation.result.evaluatedUserCount == 0 {
            throw .nothingToEvaluate(datasetName, at: statement.range)
        }
        let rows = evaluation.targets.map { TargetItemRow(rawID: dataset.items.rawID(of: $0.item), summary: $0) }
        let value = EvaluationValue(result: evaluation.result, modelName: modelName, datasetName: datasetName, targets: rows)
        // A figure per target, so that over seeds its mean position gets a mean and an interval too.
        let ranks = rows.map { Figure(label: "Mean rank of “\($0.rawID)”", value: $0.summary.meanRank, format: .fixed(1)) }
        return CommandOutcome(value: .evaluation(value), outputs: EvaluationReport.outputs(value) + [.figures(ranks)])
    }
}

extension EvaluationReport {
    /// One row per target item: users measured, HR at every cut-off and the mean position.
    static func targetTable(_ targets: [TargetItemRow], cutoffs: [Int]) -> Table {
        let rows: [[TableValue]] = targets.map { row in
            [.text(row.rawID), .number(Double(row.summary.users), .integer)]
                + cutoffs.map { .number(row.summary.hitRatio[$0] ?? .nan, .fixed(4)) }
                + [.number(row.summary.meanRank, .fixed(1))]
        }
        return Table(
            title: "Target items", columns: ["Item", "Users"] + cutoffs.map { "HR@\($0)" } + ["Mean rank"], rows: rows)
    }
}
