/// Adversarial training (APR) that continues a BPR model and its optimizer state.
public enum AdversarialTrainer {
    /// `model` trained adversarially for `configuration.epochs` epochs. Epoch `e` draws from
    /// `(generator ?? model.generator).derived("apr-epoch").derived(e)`, `e` counting all of the
    /// model's epochs. `context` parallelises the full-data passes of `.seedFullData`.
    public static func train(
        _ model: BPRModel, on dataset: Dataset, configuration: APRConfiguration, generator: SeededGenerator? = nil,
        context: ComputeContext = .singleThreaded, progress: (EpochRecord) -> Void = { _ in }
    ) throws -> BPRModel {
        if let error = configuration.validationError() { throw error }
        guard model.optimizer.kind != .sgdPerSample else {
            throw TrainingError.unsupported("adversarial training needs a mini-batch optimizer (adagrad, sgd or adam), not sgdPerSample")
        }
        return try TrainingSession.train(
            model, on: dataset, generator: generator, epochs: configuration.epochs, progress: progress
        ) { session, index in
            switch configuration.variant {
            case .perBatch:
                try session.perBatchAPREpoch(configuration)
            case .seedFullData:
                try session.seedAPREpoch(configuration, training: dataset.train, startFromFGSM: index == 0, context: context)
            }
        }
    }
}

extension TrainingSession {
    /// The paper's APR epoch. Per batch: g = ∂L_BPR(batch)/∂(P,Q) at the current parameters;
    /// Δ = ε · g / ‖g‖ per touched row; one optimizer step on
    /// L_BPR(batch) + α · L_BPR(batch at P + Δ, Q + Δ) + reg, with Δ held constant.
    mutating func perBatchAPREpoch(_ apr: APRConfiguration) throws(TrainingError) -> EpochRecord {
        let clock = Stopwatch()
        let epoch = history.count + 1
        let stream = epochStream(epoch, phase: .apr)
        var shuffle = stream.derived("shuffle")
        var negatives = stream.derived("negatives")
        let order = pairs.shuffled(using: &shuffle)
        let userDelta = RawFloats(repeating: 0, count: userCount * d)
        let itemDelta = RawFloats(repeating: 0, count: itemCount * d)
        defer { userDelta.deallocate(); itemDelta.deallocate() }
        var total = 0.0, bprTotal = 0.0
        for batch in 0..<batchesPerEpoch {
            drawBatch(batch, order: order, negatives: &negatives)
            let (loss, bpr) = accumulatePerBatchAPR(apr, userDelta: userDelta.base, itemDelta: itemDelta.base)
            guard loss.isFinite else { throw divergence(epoch: epoch, batch: batch + 1, loss: loss) }
            bprTotal += bpr
            for r in userGradient.touchedRows { (userDelta.base + Int(r) * d).update(repeating: 0, count: d) }
            for r in itemGradient.touchedRows { (itemDelta.base + Int(r) * d).update(repeating: 0, count: d) }
            step()
            total += loss
        }
        try checkFinite(epoch: epoch)
        return EpochRecord(
            epoch: epoch, phase: .apr, loss: total, bprLoss: bprTotal, samples: batchesPerEpoch * configuration.batchSize,
            seconds: clock.seconds)
    }

    /// Fills the gradient buffers with the gradient of the current batch's APR objective and
    /// the touched rows of `userDelta`/`itemDelta` with Δ; returns the objective's value and
    /// its clean BPR term.
    mutating func accumulatePerBatchAPR(
        _ apr: APRConfiguration, userDelta: UnsafeMutablePointer<Float>, itemDelta: UnsafeMutablePointer<Float>
    ) -> (objective: Double, bpr: Double) {
        let clean = accumulateBatchLoss()
        // The gradient buffers now hold exactly ∂L_BPR(batch); Δ is built from them.
        for r in userGradient.touchedRows {
            Self.scaleToNorm(userGradient.existingRow(Int(r)), into: userDelta + Int(r) * d, epsilon: apr.epsilon, d)
        }
        for r in itemGradient.touchedRows {
            Self.scaleToNorm(itemGradient.existingRow(Int(r)), into: itemDelta + Int(r) * d, epsilon: apr.epsilon, d)
        }
        let adversarial = accumulatePerturbedBatchLoss(userOffset: userDelta, itemOffset: itemDelta, weight: apr.alpha)
        return (clean + Double(apr.alpha) * adversarial + accumulateRegularization(), clean)
    }

    /// The seed notebook's APR epoch (docs/algorithms.md, "the seed's variant"). Per batch:
    /// the clean term and the L2 term are evaluated at P + Δ_prev, Q + Δ_prev; a full-data
    /// FGSM at the current clean parameters gives Δ; the adversarial term is evaluated at
    /// P + Δ, Q + Δ; one optimizer step; Δ becomes Δ_prev. Δ_prev starts as an FGSM of the
    /// starting model in the first epoch of a call (the seed's attack cell ran just before)
    /// and as zero in later epochs (the seed clears Δ at the end of every epoch).
    mutating func seedAPREpoch(
        _ apr: APRConfiguration, training: InteractionMatrix, startFromFGSM: Bool, context: ComputeContext
    ) throws(TrainingError) -> EpochRecord {
        let clock = Stopwatch()
        let epoch = history.count + 1
        let stream = epochStream(epoch, phase: .apr)
        var shuffle = stream.derived("shuffle")
        var negatives = stream.derived("negatives")
        let order = pairs.shuffled(using: &shuffle)
        let attack = FGSMAttack(epsilon: apr.epsilon, regularization: configuration.regularization)
        var previous: (user: [Float], item: [Float])
        if startFromFGSM {
            let delta = fullDataFGSM(attack, training: training, generator: stream.derived("initial-fgsm"), context: context)
            previous = delta
        } else {
            previous = ([Float](repeating: 0, count: userCount * d), [Float](repeating: 0, count: itemCount * d))
        }
        var total = 0.0, bprTotal = 0.0
        for batch in 0..<batchesPerEpoch {
            drawBatch(batch, order: order, negatives: &negatives)
            let current = fullDataFGSM(attack, training: training, generator: stream.derived("fgsm").derived(UInt64(batch)), context: context)
            let bpr = previous.user.withUnsafeBufferPointer { pu in
                previous.item.withUnsafeBufferPointer { pi in
                    accumulatePerturbedBatchLoss(userOffset: pu.baseAddress!, itemOffset: pi.baseAddress!, weight: 1)
                }
            }
            let loss = bpr + previous.user.withUnsafeBufferPointer { pu in
                previous.item.withUnsafeBufferPointer { pi in
                    accumulateRegularization(userOffset: pu.baseAddress!, itemOffset: pi.baseAddress!)
                }
            } + Double(apr.alpha) * current.user.withUnsafeBufferPointer { cu in
                current.item.withUnsafeBufferPointer { ci in
                    accumulatePerturbedBatchLoss(userOffset: cu.baseAddress!, itemOffset: ci.baseAddress!, weight: apr.alpha)
                }
            }
            guard loss.isFinite else { throw divergence(epoch: epoch, batch: batch + 1, loss: loss) }
            step()
            previous = current
            total += loss
            bprTotal += bpr
        }
        try checkFinite(epoch: epoch)
        return EpochRecord(
            epoch: epoch, phase: .apr, loss: total, bprLoss: bprTotal, samples: batchesPerEpoch * configuration.batchSize,
            seconds: clock.seconds)
    }

    /// Δ of a full-data FGSM at the session's current parameters.
    func fullDataFGSM(
        _ attack: FGSMAttack, training: InteractionMatrix, generator: SeededGenerator, context: ComputeContext
    ) -> (user: [Float], item: [Float]) {
        let gradient = FullDataGradient.compute(
            userFactors: users.values.base, itemFactors: items.values.base, factors: d, training: training,
            pairs: pairs, sampler: sampler, regularization: attack.regularization, generator: generator, context: context)
        return (
            RowNormalization.scaledUnitRows(gradient.user, width: d, epsilon: attack.epsilon),
            RowNormalization.scaledUnitRows(gradient.item, width: d, epsilon: attack.epsilon)
        )
    }

    /// Like `accumulateBatchLoss`, with every row shifted by a constant offset
    /// (P + offsetP, Q + offsetQ); the gradient w.r.t. P and Q is the same as w.r.t. the shifted rows.
    mutating func accumulatePerturbedBatchLoss(
        userOffset: UnsafePointer<Float>, itemOffset: UnsafePointer<Float>, weight: Float
    ) -> Double {
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 3 * d)
        defer { scratch.deallocate() }
        let pu = scratch, qi = scratch + d, qj = scratch + 2 * d
        var loss = LossSum()
        for s in 0..<configuration.batchSize {
            let u = Int(batchUsers[s]), i = Int(batchPositives[s]), j = Int(batchNegatives[s])
            let p = users.row(u), a = items.row(i), b = items.row(j)
            let op = userOffset + u * d, oa = itemOffset + i * d, ob = itemOffset + j * d
            for k in 0..<d {
                pu[k] = p[k] + op[k]
                qi[k] = a[k] + oa[k]
                qj[k] = b[k] + ob[k]
            }
            RowKernels.accumulatePair(
                pu: pu, qi: qi, qj: qj,
                gu: userGradient.row(u), gi: itemGradient.row(i), gj: itemGradient.row(j),
                d: d, weight: weight, loss: &loss)
        }
        return loss.total
    }

    /// out = ε · g / √max(Σg², 1e-12) (TensorFlow's l2_normalize).
    static func scaleToNorm(_ g: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, epsilon: Float, _ d: Int) {
        let scale = Float(Double(epsilon) / max(RowKernels.squaredNorm(g, d), 1e-12).squareRoot())
        for k in 0..<d { out[k] = g[k] * scale }
    }
}
