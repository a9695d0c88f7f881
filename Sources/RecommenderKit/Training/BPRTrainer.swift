/// Trains BPR-MF models the way the seed notebook does (see docs/algorithms.md).
///
/// The mini-batch loop is single-threaded: a batch is a few microseconds of work, less than
/// handing it to other threads would cost, and one thread keeps results exact.
public enum BPRTrainer {
    /// A freshly initialised model trained for `configuration.epochs` epochs.
    /// Initialisation draws from `generator.derived("init")`; epochs as `BPRModel.generator` says.
    public static func train(
        on dataset: Dataset, configuration: BPRConfiguration = BPRConfiguration(), generator: SeededGenerator,
        progress: (EpochRecord) -> Void = { _ in }
    ) throws -> BPRModel {
        let model = try initialModel(for: dataset, configuration: configuration, generator: generator)
        return try continueTraining(model, on: dataset, epochs: configuration.epochs, progress: progress)
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
        progress: (EpochRecord) -> Void = { _ in }
    ) throws -> BPRModel {
        guard epochs >= 0 else { throw TrainingError.invalidOption(name: "epochs", reason: "must not be negative, got \(epochs)") }
        return try TrainingSession.train(model, on: dataset, generator: generator, epochs: epochs, progress: progress) { session, _ in
            try session.kind == .sgdPerSample ? session.perSampleEpoch() : session.miniBatchEpoch()
        }
    }
}

extension TrainingSession {
    /// One seed-faithful epoch: shuffle every pair, then for each of ⌊N/B⌋ batches draw
    /// negatives, sum the batch's gradient at fixed parameters, and take one optimizer step.
    mutating func miniBatchEpoch() throws(TrainingError) -> EpochRecord {
        let clock = Stopwatch()
        let epoch = history.count + 1
        let stream = epochStream(epoch, phase: .bpr)
        var shuffle = stream.derived("shuffle")
        var negatives = stream.derived("negatives")
        let order = pairs.shuffled(using: &shuffle)
        var total = 0.0, bprTotal = 0.0
        for batch in 0..<batchesPerEpoch {
            drawBatch(batch, order: order, negatives: &negatives)
            let bpr = accumulateBatchLoss()
            let loss = bpr + accumulateRegularization()
            guard loss.isFinite else { throw divergence(epoch: epoch, batch: batch + 1, loss: loss) }
            step()
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
        let lrV = SIMD8<Float>(repeating: lr), regV = SIMD8<Float>(repeating: reg)
        order.withUnsafeBufferPointer { o in
            for pair in o {
                let (u, i) = TrainingPairs.unpack(pair)
                let j = sampler.draw(for: u, using: &negatives)
                let rowU = p + u * d, rowI = q + i * d, rowJ = q + j * d
                let x = RowKernels.dotDifference(rowU, rowI, rowJ, d)
                let slope = loss.add(x)
                var f = 0
                let slopeV = SIMD8<Float>(repeating: slope)
                while f + 8 <= d {
                    let a = RowKernels.load(rowU + f), b = RowKernels.load(rowI + f), c = RowKernels.load(rowJ + f)
                    RowKernels.store(a - lrV * (slopeV * (b - c) + regV * a), rowU + f)
                    RowKernels.store(b - lrV * (slopeV * a + regV * b), rowI + f)
                    RowKernels.store(c - lrV * (regV * c - slopeV * a), rowJ + f)
                    f += 8
                }
                while f < d {
                    let a = rowU[f], b = rowI[f], c = rowJ[f]
                    rowU[f] = a - lr * (slope * (b - c) + reg * a)
                    rowI[f] = b - lr * (slope * a + reg * b)
                    rowJ[f] = c - lr * (reg * c - slope * a)
                    f += 1
                }
            }
        }
        let total = loss.total
        guard total.isFinite else { throw divergence(epoch: epoch, batch: 0, loss: total) }
        try checkFinite(epoch: epoch)
        return EpochRecord(epoch: epoch, phase: .bpr, loss: total, samples: pairs.count, seconds: clock.seconds)
    }
}
