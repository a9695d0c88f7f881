import RecbookLanguage
import RecbookResults
import RecommenderKit

/// `train itemknn|ease|ials DATASET`: the standard baselines (docs/algorithms.md).
extension TrainCommand {
    private static let itemknn = OptionCondition.subject(0, is: ModelFamily.itemknn.rawValue)
    private static let ease = OptionCondition.subject(0, is: ModelFamily.ease.rawValue)
    private static let ials = OptionCondition.subject(0, is: ModelFamily.ials.rawValue)

    static let neighbours = ValueOption<Int>(
        "neighbours", default: 100, bounds: .between(1, 1_000_000), doc: "Similarities kept per item (the largest).", when: itemknn)
    static let shrink = ValueOption<Double>(
        "shrink", default: 10, bounds: .atLeast(0), doc: "Added to the cosine's denominator (damps few common users).", when: itemknn)
    static let lambda = ValueOption<Double>(
        "lambda", default: 500, bounds: .greaterThan(0), doc: "L2 weight λ on the item–item weights (Steck 2019).", when: ease)
    static let alsRegularization = ValueOption<Double>(
        "reg", default: 0.01, bounds: .atLeast(0), doc: "L2 regularisation λ of every user and item vector.", when: ials)
    static let alpha = ValueOption<Double>(
        "alpha", default: 1, bounds: .atLeast(0), doc: "Confidence of a training pair: c = 1 + alpha (others: 1).", when: ials)
    static let iterations = ValueOption<Int>(
        "iterations", default: 15, bounds: .between(1, 10_000), doc: "Alternations (users, then items).", when: ials)
    static let conjugateGradientSteps = ValueOption<Int>(
        "cg-steps", default: 3, bounds: .between(1, 1_000), doc: "Conjugate-gradient steps per vector and alternation.", when: ials)

    static var baselineOptions: [any OptionDeclaration] {
        [neighbours, shrink, lambda, alsRegularization, alpha, iterations, conjugateGradientSteps]
    }

    static func trainItemKNN(_ invocation: Invocation, dataset: Dataset, datasetName: String) -> CommandOutcome {
        let configuration = ItemKNNConfiguration(neighbours: invocation[neighbours], shrink: Float(invocation[shrink]))
        let clock = Stopwatch()
        let model = ItemKNN(training: dataset.train, configuration: configuration, context: invocation.compute)
        let seconds = clock.seconds
        let summary = "itemknn, \(configuration.neighbours) neighbours, shrink \(formatNumber(Double(configuration.shrink)))"
        return CommandOutcome(
            value: .model(ModelValue(content: .itemKNN(model), datasetName: datasetName, summary: summary)),
            outputs: [
                .text("\(summary): \(NumberFormat.integer.format(Double(model.neighbourItems.count))) item–item similarities kept"),
                .figures([Figure(label: "Training time", value: seconds, format: .duration)]),
            ])
    }

    static func trainEASE(_ invocation: Invocation, dataset: Dataset, datasetName: String) throws(RunFailure) -> CommandOutcome {
        let configuration = EASEConfiguration(lambda: invocation[lambda])
        let clock = Stopwatch()
        let model: EASE
        do {
            model = try EASE(training: dataset.train, configuration: configuration, context: invocation.compute)
        } catch {
            throw .ease(error, at: invocation.statement.range(of: data))
        }
        let seconds = clock.seconds
        let summary = "ease, lambda \(formatNumber(configuration.lambda))"
        return CommandOutcome(
            value: .model(ModelValue(content: .ease(model), datasetName: datasetName, summary: summary)),
            outputs: [
                .text("\(summary): \(model.itemCount) × \(model.itemCount) item weights"),
                .figures([Figure(label: "Training time", value: seconds, format: .duration)]),
            ])
    }

    static func trainImplicitALS(_ invocation: Invocation, dataset: Dataset, datasetName: String) -> CommandOutcome {
        let configuration = ImplicitALSConfiguration(
            factors: invocation[factors], regularization: Float(invocation[alsRegularization]), alpha: Float(invocation[alpha]),
            iterations: invocation[iterations], conjugateGradientSteps: invocation[conjugateGradientSteps])
        let tracker = StepProgress(task: "train ials", total: configuration.iterations, observer: invocation.observer)
        let model = ImplicitALSTrainer.train(
            on: dataset.train, configuration: configuration, generator: invocation.generator, context: invocation.compute,
            progress: tracker.record)
        let summary = "ials, \(configuration.factors) factors, reg \(formatNumber(Double(configuration.regularization)))"
            + ", alpha \(formatNumber(Double(configuration.alpha))), \(configuration.iterations) iterations"
        var log = ""
        for record in model.history {
            log += "iteration \(record.iteration)  objective \(NumberFormat.fixed(2).format(record.objective ?? .nan))"
                + "  \(NumberFormat.duration.format(record.seconds))\n"
        }
        var outputs: [CellOutput] = [
            .text(String(log.dropLast())),
            .figures([
                Figure(label: "Iterations", value: Double(configuration.iterations), format: .integer),
                Figure(label: "Final objective", value: model.history.last?.objective ?? .nan, format: .fixed(2)),
                Figure(label: "Training time", value: model.history.reduce(0) { $0 + $1.seconds }, format: .duration),
            ]),
        ]
        if model.history.count >= 2 {
            outputs.append(.chart(Chart(
                kind: .line, title: invocation.binding.map { "Objective of “\($0)”" } ?? "Objective", xLabel: "Iteration",
                yLabel: "Weighted squared error + λ‖·‖²",
                series: [Chart.Series(
                    name: "iALS objective", x: model.history.map { Double($0.iteration) }, y: model.history.map { $0.objective ?? .nan })])))
        }
        return CommandOutcome(
            value: .model(ModelValue(content: .implicitALS(model), datasetName: datasetName, summary: summary)), outputs: outputs)
    }
}

