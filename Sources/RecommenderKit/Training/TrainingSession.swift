/// The mutable working state of one training call: raw copies of the parameters and
/// optimizer slots, gradient buffers, the training pairs and the negative sampler.
/// BPR epochs live here; adversarial-training epochs extend it in `Adversarial/`.
/// Call `finish()` (which frees the raw memory) to get the trained model back.
struct TrainingSession {
    let configuration: BPRConfiguration
    let kind: OptimizerKind
    let d: Int
    let userCount: Int
    let itemCount: Int
    let pairs: TrainingPairs
    let sampler: NegativeSampler
    let generator: SeededGenerator
    var users: ParameterRows
    var items: ParameterRows
    var userGradient: GradientRows
    var itemGradient: GradientRows
    var steps: Int
    var history: [EpochRecord]
    /// One batch's users, positives and negatives.
    let batchUsers: UnsafeMutablePointer<Int32>
    let batchPositives: UnsafeMutablePointer<Int32>
    let batchNegatives: UnsafeMutablePointer<Int32>

    init(model: BPRModel, dataset: Dataset, generator: SeededGenerator? = nil) throws(TrainingError) {
        if let error = model.configuration.validationError() { throw error }
        guard model.userCount == dataset.userCount, model.itemCount == dataset.itemCount else {
            throw .shapeMismatch(
                modelUsers: model.userCount, modelItems: model.itemCount,
                dataUsers: dataset.userCount, dataItems: dataset.itemCount)
        }
        configuration = model.configuration
        kind = model.optimizer.kind
        d = model.factors.factorCount
        userCount = model.userCount
        itemCount = model.itemCount
        pairs = TrainingPairs(dataset.train)
        sampler = try NegativeSampler(dataset.train)
        self.generator = generator ?? model.generator
        let o = model.optimizer
        users = ParameterRows(values: model.factors.userFactors.storage, first: o.userAccumulators, second: o.userSecondMoments, width: d)
        items = ParameterRows(values: model.factors.itemFactors.storage, first: o.itemAccumulators, second: o.itemSecondMoments, width: d)
        userGradient = GradientRows(rows: userCount, width: d)
        itemGradient = GradientRows(rows: itemCount, width: d)
        steps = o.steps
        history = model.history
        let b = max(1, configuration.batchSize)
        batchUsers = .allocate(capacity: b)
        batchPositives = .allocate(capacity: b)
        batchNegatives = .allocate(capacity: b)
    }

    /// Trains `model` for `epochs` epochs of `epoch`, recording each in the history and
    /// reporting it to `progress`; the session's memory is freed whether or not it succeeds.
    static func train(
        _ model: BPRModel, on dataset: Dataset, generator: SeededGenerator?, epochs: Int,
        progress: (EpochRecord) -> Void,
        epoch: (inout TrainingSession, _ index: Int) throws -> EpochRecord
    ) throws -> BPRModel {
        var session = try TrainingSession(model: model, dataset: dataset, generator: generator)
        if session.kind != .sgdPerSample && epochs > 0 && session.batchesPerEpoch == 0 {
            _ = session.finish(from: model)
            throw TrainingError.tooFewPairs(pairs: dataset.train.count, batchSize: model.configuration.batchSize)
        }
        do {
            for index in 0..<epochs {
                let record = try epoch(&session, index)
                session.history.append(record)
                progress(record)
            }
        } catch {
            _ = session.finish(from: model)
            throw error
        }
        return session.finish(from: model)
    }

    /// The trained model; the session's memory is freed.
    func finish(from model: BPRModel) -> BPRModel {
        var out = model
        out.factors = FactorModel(
            userFactors: Matrix(rows: userCount, columns: d, storage: users.values.array),
            itemFactors: Matrix(rows: itemCount, columns: d, storage: items.values.array))
        out.optimizer.steps = steps
        out.optimizer.userAccumulators = users.first.array
        out.optimizer.itemAccumulators = items.first.array
        out.optimizer.userSecondMoments = users.second.array
        out.optimizer.itemSecondMoments = items.second.array
        out.history = history
        users.deallocate()
        items.deallocate()
        userGradient.deallocate()
        itemGradient.deallocate()
        batchUsers.deallocate()
        batchPositives.deallocate()
        batchNegatives.deallocate()
        return out
    }

    /// Batches per epoch: ⌊N / batchSize⌋ (the remainder is dropped, as the seed does).
    var batchesPerEpoch: Int { pairs.count / configuration.batchSize }

    /// The random stream of global epoch `epoch` (1-based) for a phase.
    func epochStream(_ epoch: Int, phase: EpochRecord.Phase) -> SeededGenerator {
        generator.derived(phase == .bpr ? "epoch" : "apr-epoch").derived(UInt64(epoch))
    }

    /// Fills the batch buffers with batch `batch` of the shuffled pairs and a fresh negative for each pair.
    mutating func drawBatch(_ batch: Int, order: [UInt64], negatives: inout SeededGenerator) {
        let size = configuration.batchSize
        order.withUnsafeBufferPointer { o in
            for s in 0..<size {
                let (u, i) = TrainingPairs.unpack(o[batch * size + s])
                batchUsers[s] = Int32(u)
                batchPositives[s] = Int32(i)
                batchNegatives[s] = Int32(sampler.draw(for: u, using: &negatives))
            }
        }
    }

    /// Adds the gradient of the current batch's BPR loss (times `weight`) at the current
    /// parameters to the gradient buffers and returns the batch loss (unweighted).
    mutating func accumulateBatchLoss(weight: Float = 1) -> Double {
        var loss = LossSum()
        for s in 0..<configuration.batchSize {
            let u = Int(batchUsers[s]), i = Int(batchPositives[s]), j = Int(batchNegatives[s])
            RowKernels.accumulatePair(
                pu: users.row(u), qi: items.row(i), qj: items.row(j),
                gu: userGradient.row(u), gi: itemGradient.row(i), gj: itemGradient.row(j),
                d: d, weight: weight, loss: &loss)
        }
        return loss.total
    }

    /// The seed's L2 term `reg · mean(p_u² + q_i² + q_j²)` over the batch's `batch × d`
    /// elements, evaluated at rows `P + offsetP`, `Q + offsetQ` when offsets are given;
    /// adds its gradient and returns its value.
    mutating func accumulateRegularization(
        userOffset: UnsafePointer<Float>? = nil, itemOffset: UnsafePointer<Float>? = nil
    ) -> Double {
        let reg = configuration.regularization
        guard reg > 0 else { return 0 }
        let size = configuration.batchSize
        let scale = Self.regularizationScale(reg, size: size, d: d)
        var sum = 0.0
        for s in 0..<size {
            let u = Int(batchUsers[s]), i = Int(batchPositives[s]), j = Int(batchNegatives[s])
            let uo = userOffset.map { $0 + u * d }, io = itemOffset.map { $0 + i * d }, jo = itemOffset.map { $0 + j * d }
            sum += Self.squaredRowNorm(users.row(u), uo, d)
            Self.addRegularizationGradient(users.row(u), uo, userGradient.row(u), scale, d)
            sum += Self.squaredRowNorm(items.row(i), io, d)
            Self.addRegularizationGradient(items.row(i), io, itemGradient.row(i), scale, d)
            sum += Self.squaredRowNorm(items.row(j), jo, d)
            Self.addRegularizationGradient(items.row(j), jo, itemGradient.row(j), scale, d)
        }
        return Self.regularizationValue(reg, squares: sum, size: size, d: d)
    }

    /// d(reg · mean of squares)/dv = `scale · v`.
    static func regularizationScale(_ reg: Float, size: Int, d: Int) -> Float { 2 * reg / Float(size * d) }

    /// `reg · squares / (size · d)`, the L2 term of a batch whose rows' squares sum to `squares`.
    static func regularizationValue(_ reg: Float, squares: Double, size: Int, d: Int) -> Double {
        Double(reg) * squares / Double(size * d)
    }

    /// Σ v² over the row v = value + offset.
    @inline(__always)
    static func squaredRowNorm(_ value: UnsafePointer<Float>, _ offset: UnsafePointer<Float>?, _ d: Int) -> Double {
        var sum = 0.0
        for k in 0..<d {
            let v = value[k] + (offset?[k] ?? 0)
            sum += Double(v) * Double(v)
        }
        return sum
    }

    /// Adds `scale · v` to the gradient row, v = value + offset.
    @inline(__always)
    static func addRegularizationGradient(
        _ value: UnsafePointer<Float>, _ offset: UnsafePointer<Float>?, _ gradient: UnsafeMutablePointer<Float>,
        _ scale: Float, _ d: Int
    ) {
        for k in 0..<d { gradient[k] += scale * (value[k] + (offset?[k] ?? 0)) }
    }

    /// One optimizer step on the touched rows; clears the gradients.
    mutating func step() {
        steps += 1
        users.apply(kind, learningRate: configuration.learningRate, step: steps, gradient: &userGradient)
        items.apply(kind, learningRate: configuration.learningRate, step: steps, gradient: &itemGradient)
    }

    func divergence(epoch: Int, batch: Int, loss: Double) -> TrainingError {
        .diverged(
            epoch: epoch, batch: batch, loss: loss, learningRate: configuration.learningRate,
            regularization: configuration.regularization)
    }

    /// Throws when some parameter is NaN or infinite.
    func checkFinite(epoch: Int) throws(TrainingError) {
        if !users.allFinite || !items.allFinite { throw divergence(epoch: epoch, batch: 0, loss: .nan) }
    }
}
