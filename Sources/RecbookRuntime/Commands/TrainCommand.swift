import RecbookLanguage
import RecbookResults
import RecommenderKit

/// `train ALGO DATASET`: BPR-MF (fresh, or continued `from` a model) and the baselines
/// (most-popular, random, ItemKNN, EASE, iALS; `TrainCommand+Baselines.swift`).
enum TrainCommand: NotebookCommand {
    static let mayStartEarly = true
    static let algorithm = Subject<ModelFamily>(0, "ALGO", doc: "The algorithm.")
    static let data = Subject<BoundName>(1, "DATASET", type: .reference(ReferenceRequirement(kind: .dataset)), doc: "The training data.")

    private static let bprmf = OptionCondition.subject(0, is: ModelFamily.bprmf.rawValue)
    static let factors = ValueOption<Int>(
        "factors", default: 64, bounds: .between(1, 4096), doc: "Embedding size.",
        when: .subject(0, is: ModelFamily.bprmf.rawValue, ModelFamily.ials.rawValue))
    static let learningRate = ValueOption<Double>("lr", default: 0.05, bounds: .greaterThan(0), doc: "Learning rate.", when: bprmf)
    static let regularization = ValueOption<Double>(
        "reg", default: 0, bounds: .atLeast(0), doc: "L2 regularisation of the embeddings.", when: bprmf)
    static let epochs = ValueOption<Int>(
        "epochs", default: 5, bounds: .between(1, 100_000), doc: "Passes over the training pairs.", when: bprmf)
    static let batch = ValueOption<Int>(
        "batch", default: 512, bounds: .between(1, 1_000_000), doc: "Training pairs per mini-batch.", when: bprmf)
    static let optimizer = ValueOption<OptimizerKind>("optimizer", default: .adagrad, doc: "Update rule.", when: bprmf)
    static let blocks = ValueOption<Int>(
        "blocks", default: 1, bounds: .between(1, Double(BPRConfiguration.maximumBlocks)),
        doc: "Splits users and items into this many groups each and trains the blocks of the grid stratum by stratum, "
            + "a stratum's blocks in parallel; the results are the same on any number of threads. "
            + "1: every pair in one shuffled order, on one thread.",
        when: bprmf, requires: OptionRequirement("optimizer", is: OptimizerKind.sgdPerSample.rawValue))
    static let from = OptionalOption<BoundName>(
        "from", type: .reference(ReferenceRequirement(kind: .model, families: [.bprmf], allowsAttacked: false)),
        absent: "none: start from random embeddings",
        doc: "Continue training this model (optimizer state included).", when: bprmf)
    static let seed = CommonOptions.seed(when: randomFamilies)
    static let seeds = CommonOptions.seeds(when: randomFamilies)
    private static let randomFamilies = OptionCondition.subject(
        0, is: ModelFamily.bprmf.rawValue, ModelFamily.random.rawValue, ModelFamily.ials.rawValue)

    static let signature = CommandSignature(
        name: "train",
        summary: "Trains a recommender on a dataset.",
        subjects: [algorithm, data],
        options: [factors, learningRate, regularization, epochs, batch, optimizer, blocks, from]
            + baselineOptions + [seed, seeds],
        result: .modelOfAlgorithm(subject: 0),
        example: "bpr = train bprmf data factors=64 epochs=5", isRandom: true)

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let datasetName = invocation[data]
        let dataset = invocation.dataset(datasetName).dataset
        switch invocation[algorithm] {
        case .mostpop:
            let model = PopularityRecommender(training: dataset.train)
            return CommandOutcome(
                value: .model(ModelValue(content: .popularity(model), datasetName: datasetName.name, summary: "most-popular baseline")),
                outputs: [.text("most-popular baseline: items ranked by their \(NumberFormat.integer.format(Double(dataset.train.count))) training interactions")])
        case .random:
            var stream = invocation.generator.derived("random-scores")
            let model = RandomRecommender(userCount: dataset.userCount, itemCount: dataset.itemCount, seed: stream.next())
            return CommandOutcome(
                value: .model(ModelValue(content: .random(model), datasetName: datasetName.name, summary: "random baseline")),
                outputs: [.text("random baseline: every (user, item) gets a fixed pseudo-random score")])
        case .bprmf:
            return try trainBPR(invocation, dataset: dataset, datasetName: datasetName.name)
        case .itemknn:
            return trainItemKNN(invocation, dataset: dataset, datasetName: datasetName.name)
        case .ease:
            return try trainEASE(invocation, dataset: dataset, datasetName: datasetName.name)
        case .ials:
            return trainImplicitALS(invocation, dataset: dataset, datasetName: datasetName.name)
        }
    }

    private static func trainBPR(_ invocation: Invocation, dataset: Dataset, datasetName: String) throws(RunFailure) -> CommandOutcome {
        let statement = invocation.statement
        let epochs = invocation[epochs]
        let tracker = StepProgress(task: "train bprmf", total: epochs, observer: invocation.observer)
        let model: BPRModel
        do {
            if let start = invocation[from] {
                guard case .bpr(var base) = invocation.model(start).content else {
                    throw RunFailure.notABPRModel(start.name, at: statement.valueRange(of: from))
                }
                try checkContinuation(statement, base: base, start: start.name, dataset: dataset)
                if statement.wrote(learningRate) { base.configuration.learningRate = Float(invocation[learningRate]) }
                if statement.wrote(regularization) { base.configuration.regularization = Float(invocation[regularization]) }
                if statement.wrote(batch) { base.configuration.batchSize = invocation[batch] }
                if statement.wrote(blocks) { base.configuration.blocks = invocation[blocks] }
                let stream = statement.wrote(seed) ? invocation.generator : nil
                model = try BPRTrainer.continueTraining(
                    base, on: dataset, epochs: epochs, generator: stream, context: invocation.compute, progress: tracker.record)
            } else {
                let configuration = BPRConfiguration(
                    factors: invocation[factors],
                    learningRate: Float(invocation[learningRate]),
                    regularization: Float(invocation[regularization]),
                    epochs: epochs,
                    batchSize: invocation[batch],
                    optimizer: invocation[optimizer],
                    blocks: invocation[blocks])
                model = try BPRTrainer.train(
                    on: dataset, configuration: configuration, generator: invocation.generator, context: invocation.compute,
                    progress: tracker.record)
            }
        } catch let failure as RunFailure {
            throw failure
        } catch {
            throw .training(error, at: statement.range)
        }
        let c = model.configuration
        let grid = c.blocks > 1 ? " on \(c.blocks)×\(c.blocks) blocks" : ""
        let summary = "bprmf, \(c.factors) factors, \(c.optimizer.rawValue)\(grid) lr \(c.learningRate), \(model.epochsTrained) epochs"
        return CommandOutcome(
            value: .model(ModelValue(content: .bpr(model), datasetName: datasetName, summary: summary)),
            outputs: TrainingReport.outputs(history: model.history, newEpochs: epochs, title: invocation.binding.map { "Training loss of “\($0)”" } ?? "Training loss"))
    }

    /// Continuing keeps the embedding width and the optimizer (its state would not fit another).
    private static func checkContinuation(_ statement: CheckedStatement, base: BPRModel, start: String, dataset: Dataset) throws(RunFailure) {
        if base.userCount != dataset.userCount || base.itemCount != dataset.itemCount {
            throw .continuationShapeMismatch(
                start, users: base.userCount, items: base.itemCount, datasetUsers: dataset.userCount,
                datasetItems: dataset.itemCount, at: statement.range(of: data))
        }
        if statement.wrote(factors), statement[factors] != base.configuration.factors {
            throw .continuationChanges("factors", from: start, current: "has \(base.configuration.factors)", at: statement.range(of: factors))
        }
        if statement.wrote(optimizer), statement[optimizer] != base.configuration.optimizer {
            throw .continuationChanges(
                "optimizer", from: start, current: "uses \(base.configuration.optimizer.rawValue)", at: statement.range(of: optimizer))
        }
    }
}

/// Forwards finished training steps (epochs, ALS iterations) to the run observer as progress.
final class StepProgress {
    private let task: String
    private let total: Int
    private let observer: RunObserver
    private let clock = Stopwatch()
    private var completed = 0

    init(task: String, total: Int, observer: RunObserver) {
        self.task = task
        self.total = total
        self.observer = observer
    }

    func record(_ epoch: EpochRecord) { step(detail: "loss \(NumberFormat.fixed(1).format(epoch.loss))") }

    func record(_ iteration: ALSIterationRecord) {
        step(detail: iteration.objective.map { "objective \(NumberFormat.fixed(1).format($0))" } ?? "")
    }

    private func step(detail: String) {
        completed += 1
        observer.progress(task: task, completed: completed, total: total, detail: detail, elapsedSeconds: clock.seconds)
    }
}

/// The log, figures and loss chart shown after training.
enum TrainingReport {
    static func outputs(history: [EpochRecord], newEpochs: Int, title: String) -> [CellOutput] {
        let recent = history.suffix(newEpochs)
        var log = ""
        for record in recent {
            log += "epoch \(record.epoch) (\(record.phase.rawValue))  loss \(NumberFormat.fixed(2).format(record.loss))"
                + "  per pair \(NumberFormat.fixed(4).format(record.meanLoss))  \(NumberFormat.duration.format(record.seconds))\n"
        }
        var outputs: [CellOutput] = [.text(String(log.dropLast()))]
        if let last = recent.last {
            let seconds = recent.reduce(0) { $0 + $1.seconds }
            // A model trained further (`from=`, `adv-train`) counts all its epochs; the time is this statement's.
            var figures = [Figure(label: "Epochs trained", value: Double(last.epoch), format: .integer)]
            if recent.count < history.count {
                figures.append(Figure(label: "Epochs in this statement", value: Double(recent.count), format: .integer))
            }
            figures += [
                Figure(label: "Final loss per pair", value: last.meanLoss, format: .fixed(4)),
                Figure(label: recent.count < history.count ? "Time of these epochs" : "Training time", value: seconds, format: .duration),
            ]
            outputs.append(.figures(figures))
        }
        if history.count >= 2 {
            // The BPR term is on one scale across BPR and APR epochs; APR's whole objective
            // (with α · the adversarial loss) is drawn as a series of its own.
            var series = [Chart.Series(name: "BPR loss", x: history.map { Double($0.epoch) }, y: history.map(\.bprLoss))]
            let adversarial = history.filter { $0.phase == .apr }
            if !adversarial.isEmpty {
                series.append(Chart.Series(
                    name: "APR objective", x: adversarial.map { Double($0.epoch) }, y: adversarial.map(\.loss)))
            }
            outputs.append(.chart(Chart(kind: .line, title: title, xLabel: "Epoch", yLabel: "Loss (sum over batches)", series: series)))
        }
        return outputs
    }
}
