import RecbookLanguage
import RecbookResults
import RecommenderKit

/// `adv-train MODEL`: APR continuing a BPR-MF model and its optimizer state.
enum AdvTrainCommand: NotebookCommand {
    static let mayStartEarly = true
    static let model = Subject<BoundName>(
        0, "MODEL", type: .reference(ReferenceRequirement(kind: .model, families: [.bprmf], allowsAttacked: false)),
        doc: "The model to start from.")
    static let epsilon = ValueOption<Double>(
        "epsilon", default: 0.5, bounds: .greaterThan(0), doc: "L2 norm of the adversarial perturbation.")
    static let alpha = ValueOption<Double>("alpha", default: 1, bounds: .atLeast(0), doc: "Weight of the adversarial loss.")
    static let epochs = ValueOption<Int>("epochs", default: 1, bounds: .between(1, 100_000), doc: "Passes over the training pairs.")
    static let variant = ValueOption<APRVariant>(
        "variant", default: .perBatch,
        doc: "`per-batch`: perturbation from each batch's gradient (the paper); `seed`: full-data FGSM per batch.")
    static let learningRate = OptionalOption<Double>(
        "lr", bounds: .greaterThan(0), absent: "the model's own learning rate", doc: "Learning rate.")

    static let signature = CommandSignature(
        name: "adv-train",
        summary: "Continues training a model adversarially (APR, He et al. 2018).",
        subjects: [model],
        options: [epsilon, alpha, epochs, variant, learningRate, CommonOptions.seed, CommonOptions.seeds],
        result: .value(.model(.bprmf)),
        example: "apr = adv-train bpr epsilon=0.5 alpha=1 epochs=1", isRandom: true)

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let modelName = invocation[model]
        let model = invocation.model(modelName)
        guard case .bpr(var base) = model.content else {
            throw .notABPRModel(modelName.name, at: invocation.statement.range(of: Self.model))
        }
        let dataset = invocation.dataset(named: model.datasetName).dataset
        if let lr = invocation[learningRate] { base.configuration.learningRate = Float(lr) }
        let epochs = invocation[epochs]
        let configuration = APRConfiguration(
            epsilon: Float(invocation[epsilon]), alpha: Float(invocation[alpha]), epochs: epochs, variant: invocation[variant])
        let tracker = StepProgress(task: "adv-train (APR)", total: epochs, observer: invocation.observer)
        let trained: BPRModel
        do {
            trained = try AdversarialTrainer.train(
                base, on: dataset, configuration: configuration, generator: invocation.generator,
                context: invocation.compute, progress: tracker.record)
        } catch {
            throw .training(error, at: invocation.statement.range)
        }
        let variant = configuration.variant.rawValue
        let summary = "\(model.summary) + APR (ε \(configuration.epsilon), α \(configuration.alpha), \(variant), \(epochs) epochs)"
        var outputs: [CellOutput] = [.text("APR from \(modelName): ε = \(configuration.epsilon), α = \(configuration.alpha), \(variant) perturbation")]
        outputs += TrainingReport.outputs(history: trained.history, newEpochs: epochs, title: "Training loss" + (invocation.binding.map { " of “\($0)”" } ?? "") + ", BPR then APR")
        return CommandOutcome(value: .model(ModelValue(content: .bpr(trained), datasetName: model.datasetName, summary: summary)), outputs: outputs)
    }
}
