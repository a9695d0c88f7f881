import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `adv-train MODEL`: APR continuing a BPR-MF model and its optimizer state.
enum AdvTrainCommand {
    static func run(_ statement: CheckedStatement, label: String, in environment: ExecutionEnvironment) throws -> CommandOutcome {
        let modelName = statement.subject(0).reference ?? ""
        let model = environment.model(modelName)
        guard case .bpr(var base) = model.content else {
            throw RunFailure("`\(modelName)` is not a trained BPR-MF model", at: statement.subject(0).range)
        }
        let dataset = environment.dataset(model.datasetName).dataset
        if let lr = statement.option("lr").double { base.configuration.learningRate = Float(lr) }
        let epochs = statement.option("epochs").int ?? 1
        let configuration = APRConfiguration(
            epsilon: Float(statement.option("epsilon").double ?? 0.5),
            alpha: Float(statement.option("alpha").double ?? 1),
            epochs: epochs,
            variant: statement.option("variant").word == "seed" ? .seedFullData : .perBatch)
        let tracker = EpochProgress(task: "adv-train (APR)", total: epochs, observer: environment.observer)
        let trained: BPRModel
        do {
            trained = try AdversarialTrainer.train(
                base, on: dataset, configuration: configuration, generator: environment.generator(for: statement, label: label),
                context: environment.compute, progress: tracker.record)
        } catch {
            throw RunFailure("\(error)", at: statement.range)
        }
        let variant = configuration.variant == .perBatch ? "per-batch" : "seed"
        let summary = "\(model.summary) + APR (ε \(configuration.epsilon), α \(configuration.alpha), \(variant), \(epochs) epochs)"
        var outputs: [CellOutput] = [.text("APR from \(modelName): ε = \(configuration.epsilon), α = \(configuration.alpha), \(variant) perturbation")]
        outputs += TrainingReport.outputs(history: trained.history, newEpochs: epochs, title: "Training loss, BPR then APR")
        return CommandOutcome(value: .model(ModelValue(content: .bpr(trained), datasetName: model.datasetName, summary: summary)), outputs: outputs)
    }
}
