import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `train ALGO DATASET`: BPR-MF (fresh, or continued `from` a model) and the baselines.
enum TrainCommand {
    static func run(_ statement: CheckedStatement, label: String, in environment: ExecutionEnvironment) throws -> CommandOutcome {
        let algorithm = statement.subject(0).word ?? "bprmf"
        let datasetName = statement.subject(1).reference ?? ""
        let dataset = environment.dataset(datasetName).dataset
        let generator = environment.generator(for: statement, label: label)
        switch algorithm {
        case "mostpop":
            let model = PopularityRecommender(training: dataset.train)
            return CommandOutcome(
                value: .model(ModelValue(content: .popularity(model), datasetName: datasetName, summary: "most-popular baseline")),
                outputs: [.text("most-popular baseline: items ranked by their \(NumberFormat.integer.format(Double(dataset.train.count))) training interactions")])
        case "random":
            var stream = generator.derived("random-scores")
            let model = RandomRecommender(userCount: dataset.userCount, itemCount: dataset.itemCount, seed: stream.next())
            return CommandOutcome(
                value: .model(ModelValue(content: .random(model), datasetName: datasetName, summary: "random baseline")),
                outputs: [.text("random baseline: every (user, item) gets a fixed pseudo-random score")])
        default:
            return try bprmf(statement, dataset: dataset, datasetName: datasetName, generator: generator, in: environment)
        }
    }

    private static func bprmf(
        _ statement: CheckedStatement, dataset: Dataset, datasetName: String, generator: SeededGenerator,
        in environment: ExecutionEnvironment
    ) throws -> CommandOutcome {
        let epochs = statement.option("epochs").int ?? 5
        let optimizer = optimizerKind(statement.option("optimizer").word)
        let tracker = EpochProgress(task: "train bprmf", total: epochs, observer: environment.observer)
        let model: BPRModel
        do {
            if let start = statement.option("from").reference {
                guard case .bpr(var base) = environment.model(start).content else {
                    throw RunFailure("`\(start)` is not a trained BPR-MF model", at: statement.option("from").valueRange)
                }
                try checkContinuation(statement, base: base, start: start, dataset: dataset)
                if statement.option("lr").isExplicit, let lr = statement.option("lr").double { base.configuration.learningRate = Float(lr) }
                if statement.option("reg").isExplicit, let reg = statement.option("reg").double { base.configuration.regularization = Float(reg) }
                if statement.option("batch").isExplicit, let batch = statement.option("batch").int { base.configuration.batchSize = batch }
                let stream = statement.option("seed").isExplicit ? generator : nil
                model = try BPRTrainer.continueTraining(base, on: dataset, epochs: epochs, generator: stream, progress: tracker.record)
            } else {
                let configuration = BPRConfiguration(
                    factors: statement.option("factors").int ?? 64,
                    learningRate: Float(statement.option("lr").double ?? 0.05),
                    regularization: Float(statement.option("reg").double ?? 0),
                    epochs: epochs,
                    batchSize: statement.option("batch").int ?? 512,
                    optimizer: optimizer)
                model = try BPRTrainer.train(on: dataset, configuration: configuration, generator: generator, progress: tracker.record)
            }
        } catch let error as TrainingError {
            throw RunFailure("\(error)", at: statement.range)
        }
        let c = model.configuration
        let summary = "bprmf, \(c.factors) factors, \(c.optimizer.rawValue) lr \(c.learningRate), \(model.epochsTrained) epochs"
        return CommandOutcome(
            value: .model(ModelValue(content: .bpr(model), datasetName: datasetName, summary: summary)),
            outputs: TrainingReport.outputs(history: model.history, newEpochs: epochs, title: "Training loss"))
    }

    /// Continuing keeps the embedding width and the optimizer (its state would not fit another).
    private static func checkContinuation(_ statement: CheckedStatement, base: BPRModel, start: String, dataset: Dataset) throws {
        if base.userCount != dataset.userCount || base.itemCount != dataset.itemCount {
            throw RunFailure("`\(start)` has \(base.userCount) users × \(base.itemCount) items, but the dataset has \(dataset.userCount) × \(dataset.itemCount)",
                             at: statement.subject(1).range)
        }
        let factors = statement.option("factors")
        if factors.isExplicit, let f = factors.int, f != base.configuration.factors {
            throw RunFailure("`factors` cannot change when continuing from `\(start)` (it has \(base.configuration.factors))", at: factors.range)
        }
        let optimizer = statement.option("optimizer")
        if optimizer.isExplicit, optimizerKind(optimizer.word) != base.configuration.optimizer {
            throw RunFailure("`optimizer` cannot change when continuing from `\(start)` (it uses \(base.configuration.optimizer.rawValue))", at: optimizer.range)
        }
    }

    static func optimizerKind(_ word: String?) -> OptimizerKind {
        switch word {
        case "sgd": .sgd
        case "adam": .adam
        default: .adagrad
        }
    }
}

/// Forwards finished epochs to the run observer as progress.
final class EpochProgress {
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

    func record(_ epoch: EpochRecord) {
        completed += 1
        observer.progress(
            task: task, completed: completed, total: total,
            detail: "loss \(NumberFormat.fixed(1).format(epoch.loss))", elapsedSeconds: clock.seconds)
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
            outputs.append(.figures([
                Figure(label: "Epochs trained", value: Double(last.epoch), format: .integer),
                Figure(label: "Final loss per pair", value: last.meanLoss, format: .fixed(4)),
                Figure(label: "Training time", value: seconds, format: .duration),
            ]))
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
