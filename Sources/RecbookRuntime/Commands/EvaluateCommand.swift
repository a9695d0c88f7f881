import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `evaluate MODEL`: full-ranking evaluation on the test part of a dataset.
enum EvaluateCommand {
    static func run(_ statement: CheckedStatement, label: String, in environment: ExecutionEnvironment) throws -> CommandOutcome {
        let modelName = statement.subject(0).reference ?? ""
        let model = environment.model(modelName)
        let datasetName = statement.option("on").reference ?? model.datasetName
        let dataset = environment.dataset(datasetName).dataset
        let recommender = model.recommender
        if datasetName != model.datasetName {
            // Scores are indexed by the training data's ids: another dataset must use the same ones.
            let own = environment.dataset(model.datasetName).dataset
            guard own.users == dataset.users, own.items == dataset.items else {
                throw RunFailure(
                    "`\(datasetName)` does not have the same users and items as `\(model.datasetName)`, which `\(modelName)` was trained on",
                    at: statement.option("on").valueRange ?? statement.subject(0).range)
            }
        }
        let cutoffs = statement.option("k").ints ?? [100]
        let metrics = Set((statement.option("metrics").words ?? ["hr", "ndcg", "auc"]).compactMap(Metric.init(rawValue:)))
        let configuration = EvaluationConfiguration(cutoffs: cutoffs, metrics: metrics)
        let result = Evaluator.evaluate(recommender, on: dataset, configuration: configuration, context: environment.compute)
        if result.evaluatedUserCount == 0 {
            throw RunFailure("`\(datasetName)` has no user with both training and test items to evaluate", at: statement.range)
        }
        let value = EvaluationValue(result: result, modelName: modelName, datasetName: datasetName)
        return CommandOutcome(value: .evaluation(value), outputs: EvaluationReport.outputs(value))
    }
}

/// How an evaluation is shown: headline figures at the largest cut-off, and a metric × K
/// table when there are several cut-offs.
enum EvaluationReport {
    static func outputs(_ value: EvaluationValue) -> [CellOutput] {
        let result = value.result
        var outputs: [CellOutput] = []
        var note = "\(value.modelName) on \(value.datasetName): \(NumberFormat.integer.format(Double(result.evaluatedUserCount))) users evaluated"
        if result.skippedUserCount > 0 {
            note += ", \(result.skippedUserCount) skipped (test items but no training rows)"
        }
        outputs.append(.text(note))
        let largest = result.cutoffs.last
        let headline = result.keys.filter { $0.cutoff == nil || $0.cutoff == largest }
        outputs.append(.figures(headline.map { Figure(label: $0.description, value: result.mean($0.metric, at: $0.cutoff)) }))
        if result.cutoffs.count > 1 {
            let metrics = uniqueMetrics(result.keys.filter { $0.cutoff != nil })
            let rows: [[TableValue]] = result.cutoffs.map { k in
                [.number(Double(k), .integer)] + metrics.map { .number(result.mean($0, at: k), .fixed(4)) }
            }
            outputs.append(.table(Table(title: "“\(value.modelName)” at every cut-off", columns: ["K"] + metrics.map(\.displayName), rows: rows)))
        }
        return outputs
    }

    static func uniqueMetrics(_ keys: [MetricKey]) -> [Metric] {
        var seen: [Metric] = []
        for key in keys where !seen.contains(key.metric) { seen.append(key.metric) }
        return seen
    }
}
