/// Trains BPR-MF models the way the seed notebook does (see docs/algorithms.md).
///
/// With `context.threads > 1`, a mini-batch can be split among a team of threads
/// (`ParallelBatchStep`) in a way that changes no operation and no summation order, so the
/// trained model, optimizer state and losses are bit-identical for every thread count; the
/// team takes the batches while it is faster than one thread (`AdaptiveBatchStep`).
/// `.sgdPerSample` updates the parameters after every pair, so each pair depends on the
/// previous one: with `blocks` 1 it runs on one thread; with more, the blocks of a stratum
/// touch disjoint rows and run in parallel (`BlockedPerSampleEpoch.swift`).
public enum BPRTrainer {
    /// A freshly initialised model trained for `configuration.epochs` epochs.
    /// Initialisation draws from `generator.derived("init")`; epochs as `BPRModel.generator` says.
    public static func train(
        on dataset: Dataset, configuration: BPRConfiguration = BPRConfiguration(), generator: SeededGenerator,
        context: ComputeContext = .singleThreaded, progress: (EpochRecord) -> Void = { _ in }
    ) throws -> BPRModel {
        let model = try initialModel(for: dataset, configuration: configuration, generator: generator)
        return try continueTraining(model, on: dataset, epochs: configuration.epochs, context: context, progress: progress)
    }

    /// The untrained model: truncated-normal factors and a fresh optimizer state.
    public static func initialModel(
        for dataset: Dataset, configuration: BPRConfiguration, generator: SeededGenerator
    ) throws(TrainingError) -> BPRModel {
        if let error = configuration.validationError() { throw error }
        let factors = FactorModel.truncatedNormal(
            users: dataset.userCount, items: dataset.itemCount, factors: configuration.factors,
            standardDeviation: configuration.initialStandardDeviation, generator: generator.derived("init"))
        let optimizer = OptimizerState(
            kind: configuration.optimizer, users: dataset.userCount, items: dataset.itemCount, factors: configuration.factors)
        return BPRModel(factors: factors, optimizer: optimizer, configuration: configuration, generator: generator)
    }

    /// `model` trained for `epochs` more epochs, continuing its optimizer state and its
    /// random streams (pass `generator` to draw from another stream instead).
    public static func continueTraining(
        _ model: BPRModel, on dataset: Dataset, epochs: Int, generator: SeededGenerator? = nil,
        context: ComputeContext = .singleThreaded, progress: (EpochRecord) -> Void = { _ in }
    ) throws -> BPRModel {
        // More threads than processors would only take turns; the results do not depend on it.
        let threads = min(context.threads, onlineProcessorCount())
        return try continueTraining(model, on: dataset, epochs: epochs, generator: generator, threads: threads, progress: progress)
    }

    /// `continueTraining` with mini-batches split among exactly `threads` threads (tests use
    /// more threads than this machine has processors), for the batches `chooser` gives the
    /// team (nil: all of them).
    static func continueTraining(
        _ model: BPRModel, on dataset: Dataset, epochs: Int, generator: SeededGenerator?, threads: Int,
        chooser: StepChooser? = StepChooser(), progress: (EpochRecord) -> Void
    ) throws -> BPRModel {
        guard epochs >= 0 else { throw TrainingError.invalidOption(name: "epochs", reason: "must not be negative, got \(epochs)") }
        if model.optimizer.kind == .sgdPerSample {
            let blocks = model.configuration.blocks
            if blocks == 1 {
                return try TrainingSession.train(model, on: dataset, generator: generator, epochs: epochs, progress: progress) { session, _ in
                    try session.perSampleEpoch()
                }
            }
            let grid = try BlockGrid(dataset.train, blocks: blocks)
            let context = ComputeContext(threads: threads)
            return try TrainingSession.train(model, on: dataset, generator: generator, epochs: epochs, progress: progress) { session, _ in
                try session.blockedPerSampleEpoch(grid, context: context)
            }
        }
        if threads > 1, epochs > 0, #available(macOS 15.0, *) {
            let parallel = ParallelBatchStep(threads: threads, model: model)
            defer { parallel.deallocate() }
            guard let chooser else {
                return try train(model, on: dataset, epochs: epochs, generator: generator, step: parallel, progress: progress)
            }
            let adaptive = AdaptiveBatchStep(parallel, chooser: chooser)
            return try train(model, on: dataset, epochs: epochs, generator: generator, step: adaptive, progress: progress)
        }
        return try train(model, on: dataset, epochs: epochs, generator: generator, step: SequentialBatchStep(), progress: progress)
    }

    private static func train(
        _ model: BPRModel, on dataset: Dataset, epochs: Int, generator: SeededGenerator?, step: some MiniBatchStep,
        progress: (EpochRecord) -> Void
    ) throws -> BPRModel {
        var step = step
        return try TrainingSession.train(model, on: dataset, generator: generator, epochs: epochs, progress: progress) { session, _ in
            try session.miniBatchEpoch(&step)
        }
    }
}

extension TrainingSession {
    /// One seed-faithful epoch: shuffle every pair, then for each of ⌊N/B⌋ batches draw
    /// negatives, sum the batch's gradient at fixed parameters, and take one optimizer step
    /// (`batchStep` says on how many threads).
    mutating func miniBatchEpoch(_ batchStep: inout some MiniBatchStep) throws(TrainingError) -> EpochRecord {
        let clock = Stopwatch()
        let epoch = history.count + 1
        let stream = epochStream(epoch, phase: .bpr)
        var shuffle = stream.derived("shuffle")
        var negatives = stream.derived("negatives")
        let order = pairs.shuffled(using: &shuffle)
        var total = 0.0, bprTotal = 0.0
        if batchesPerEpoch > 0 { drawBatch(0, order: order, negatives: &negatives) }
        for batch in 0..<batchesPerEpoch {
            let (bpr, regularization) = batchStep.losses(&self)
            let loss = bpr + regularization
            guard loss.isFinite else { throw divergence(epoch: epoch, batch: batch + 1, loss: loss) }
            // The draws keep their order in the stream; only their time moves (into the step).
            batchStep.update(&self) { session in
                if batch + 1 < session.batchesPerEpoch { session.drawBatch(batch + 1, order: order, negatives: &negatives) }
            }
            total += loss
            bprTotal += bpr
        }
        try checkFinite(epoch: epoch)
        return EpochRecord(
            epoch: epoch, phase: .bpr, loss: total, bprLoss: bprTotal, samples: batchesPerEpoch * configuration.batchSize, seconds: clock.seconds)
    }

    /// One epoch of classic per-sample SGD (as implicit's BPR): every pair of the shuffled
    /// order, with a fresh negative, updates its three rows at once:
    /// θ −= lr · (∂ softplus(−clip(x)) / ∂θ + reg · θ). The recorded loss is the BPR loss only.
    /// Single-threaded: each pair reads the rows the previous pairs updated.
    mutating func perSampleEpoch() throws(TrainingError) -> EpochRecord {
        let clock = Stopwatch()
        let epoch = history.count + 1
        let stream = epochStream(epoch, phase: .bpr)
        var shuffle = stream.derived("shuffle")
        var negatives = stream.derived("negatives")
        let order = pairs.shuffled(using: &shuffle)
        let lr = configuration.learningRate, reg = configuration.regularization
        let d = self.d
        var loss = LossSum()
        let sampler = self.sampler
        let p = users.values.base, q = items.values.base
        order.withUnsafeBufferPointer { o in
            for pair in o {
                let (u, i) = TrainingPairs.unpack(pair)
                let j = sampler.draw(for: u, using: &negatives)
                let rowU = p + u * d, rowI = q + i * d, rowJ = q + j * d
                let slope = loss.add(RowKernels.dotDifference(rowU, rowI, rowJ, d))
                RowKernels.perSampleStep(rowU, rowI, rowJ, d: d, slope: slope, lr: lr, reg: reg)
            }
        }
        let total = loss.total
        guard total.isFinite else { throw divergence(epoch: epoch, batch: 0, loss: total) }
        try checkFinite(epoch: epoch)
        return EpochRecord(epoch: epoch, phase: .bpr, loss: total, samples: pairs.count, seconds: clock.seconds)
    }
}
