import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `evaluate MODEL`: full-ranking evaluation on the test part of a dataset.
enum EvaluateCommand: NotebookCommand {
    static let model = Subject<BoundName>(0, "MODEL", type: .reference(ReferenceRequirement(kind: .model)), doc: "The model to evaluate.")
    static let cutoffs = ValueOption<[Int]>(
        "k", default: [100], bounds: .between(1, 100_000), type: .oneOrList(.integer), doc: "Cut-off(s) of the top-K metrics.")
    static let metrics = ValueOption<[Metric]>("metrics", default: [.hr, .ndcg, .auc], doc: "Metrics to compute.")
    static let on = OptionalOption<BoundName>(
        "on", type: .reference(ReferenceRequirement(kind: .dataset)), default: .datasetOfSubject(0),
        doc: "Dataset whose test set is used.")
    // Poisoning (see EvaluateCommand+Targets.swift).
    static let targets = OptionalOption<[String]>(
        "targets", type: .oneOrList(.string), absent: "none: the test items are measured",
        doc: "Measure these items (raw ids) instead: each ranked for every genuine user who has not interacted with it.")
    static let injected = ValueOption<Bool>(
        "injected", default: false, doc: "Evaluate the fake users a poisoning attack injected too.")

    static let signature = CommandSignature(
        name: "evaluate",
        summary: "Ranks every candidate item for each test user and measures the test item's position.",
        subjects: [model],
        options: [cutoffs, metrics, on, targets, injected],
        result: .value(.evaluation),
        example: "clean = evaluate bpr k=[10, 100]")

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let statement = invocation.statement
        let modelName = invocation[model]
        let model = invocation.model(modelName)
        let datasetName = invocation[on]?.name ?? model.datasetName
        let dataset = invocation.dataset(named: datasetName).dataset
        if datasetName != model.datasetName {
            // Scores are indexed by the training data's ids: another dataset must use the same ones.
            let own = invocation.dataset(named: model.datasetName).dataset
            guard own.users == dataset.users, own.items == dataset.items else {
                throw .otherIDs(
                    datasetName, trainedOn: model.datasetName, model: modelName.name,
                    at: statement.valueRange(of: on) ?? statement.range(of: Self.model))
            }
        }
        var configuration = EvaluationConfiguration(cutoffs: invocation[cutoffs], metrics: Set(invocation[metrics]))
        configuration.includesInjectedUsers = invocation[injected]
        if let targetIDs = invocation[targets] {
            return try evaluateTargets(targetIDs, model: model, modelName: modelName.name, dataset: dataset, datasetName: datasetName,
                                       configuration: configuration, invocation: invocation)
        }
        let result = Evaluator.evaluate(model.recommender, on: dataset, configuration: configuration, context: invocation.compute)
        if result.evaluatedUserCount == 0 {
            throw .nothingToEvaluate(datasetName, at: statement.range)
        }
        let value = EvaluationValue(result: result, modelName: modelName.name, datasetName: datasetName)
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
        if let targets = value.targets { note += " on \(targets.count) target item\(targets.count == 1 ? "" : "s")" }
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
        if let targets = value.targets { outputs.append(.table(targetTable(targets, cutoffs: result.cutoffs))) }
        return outputs
    }

    static func uniqueMetrics(_ keys: [MetricKey]) -> [Metric] {
        var seen: [Metric] = []
        for key in keys where !seen.contains(key.metric) { seen.append(key.metric) }
        return seen
    }
}
