/// The iterative gradient attack (BIM, or PGD with a random start) under FGSM's budget:
/// every row of Δ stays inside the L2 ball of radius ε around the clean row.
///
/// Each step takes the full-data BPR gradient at the perturbed parameters P + Δ, Q + Δ
/// (fresh negatives every step, from `generator.derived("iterative").derived(step)`),
/// moves Δ by `stepSize` along the row-normalised gradient, and projects each row of Δ
/// back onto its ε-ball.
public struct IterativeAttack: Sendable, Equatable {
    public var epsilon: Float
    public var steps: Int
    public var stepSize: Float
    /// PGD: start from a random point of the ball (direction uniform, radius ε · U(0, 1)),
    /// drawn from `generator.derived("iterative-start")`; BIM starts at Δ = 0.
    public var randomStart: Bool
    public var regularization: Float

    /// `stepSize` defaults to 2.5 · ε / steps (Madry et al.'s choice).
    public init(epsilon: Float = 0.5, steps: Int = 10, stepSize: Float? = nil, randomStart: Bool = false, regularization: Float = 0) {
        self.epsilon = epsilon
        self.steps = steps
        self.stepSize = stepSize ?? 2.5 * epsilon / Float(max(steps, 1))
        self.randomStart = randomStart
        self.regularization = regularization
    }

    public func attack(
        _ model: FactorModel, on dataset: Dataset, generator: SeededGenerator, context: ComputeContext = .singleThreaded
    ) throws(TrainingError) -> PerturbedModel {
        try checkEpsilon(epsilon)
        try model.checkShape(dataset)
        guard steps >= 1 else { throw .invalidOption(name: "steps", reason: "must be at least 1, got \(steps)") }
        guard stepSize > 0, stepSize.isFinite else {
            throw .invalidOption(name: "stepSize", reason: "must be a positive finite number, got \(stepSize)")
        }
        let d = model.factorCount
        let sampler = try NegativeSampler(dataset.train)
        let pairs = TrainingPairs(dataset.train)
        var userDelta = [Float](repeating: 0, count: model.userFactors.storage.count)
        var itemDelta = [Float](repeating: 0, count: model.itemFactors.storage.count)
        if randomStart {
            var start = generator.derived("iterative-start")
            userDelta = Self.randomBallPoints(count: userDelta.count, width: d, epsilon: epsilon, using: &start)
            itemDelta = Self.randomBallPoints(count: itemDelta.count, width: d, epsilon: epsilon, using: &start)
        }
        let stream = generator.derived("iterative")
        // The loss at the clean parameters with the first step's negatives; without a random
        // start, the first step's gradient is taken there and gives it for free.
        var lossBefore: Double? = randomStart
            ? FullDataGradient.loss(
                at: model, training: dataset.train, sampler: sampler, regularization: regularization,
                generator: stream.derived(0), context: context)
            : nil
        for step in 0..<steps {
            let gradient = evaluate(model, userDelta, itemDelta, dataset.train, pairs, sampler, stream.derived(UInt64(step)), context)
            if step == 0 && !randomStart { lossBefore = gradient.loss }
            userDelta = RowNormalization.add(userDelta, RowNormalization.scaledUnitRows(gradient.user, width: d, epsilon: stepSize))
            itemDelta = RowNormalization.add(itemDelta, RowNormalization.scaledUnitRows(gradient.item, width: d, epsilon: stepSize))
            RowNormalization.projectRows(&userDelta, width: d, epsilon: epsilon)
            RowNormalization.projectRows(&itemDelta, width: d, epsilon: epsilon)
        }
        let description = Perturbation(
            method: .iterative, epsilon: epsilon, steps: steps, stepSize: stepSize, randomStart: randomStart,
            perturbedUserRows: 0, perturbedItemRows: 0, lossBefore: lossBefore)
        var attacked = PerturbedModel.make(from: model, userDelta: userDelta, itemDelta: itemDelta, perturbation: description)
        // The final loss with the first step's negatives, comparable to lossBefore.
        attacked.perturbation.lossAfter = FullDataGradient.loss(
            at: attacked.factors, training: dataset.train, sampler: sampler, regularization: regularization,
            generator: stream.derived(0), context: context)
        return attacked
    }

    private func evaluate(
        _ model: FactorModel, _ userDelta: [Float], _ itemDelta: [Float], _ training: InteractionMatrix,
        _ pairs: TrainingPairs, _ sampler: NegativeSampler, _ generator: SeededGenerator, _ context: ComputeContext
    ) -> FullDataGradient {
        model.userFactors.storage.withUnsafeBufferPointer { p in
            model.itemFactors.storage.withUnsafeBufferPointer { q in
                userDelta.withUnsafeBufferPointer { dp in
                    itemDelta.withUnsafeBufferPointer { dq in
                        FullDataGradient.compute(
                            userFactors: p.baseAddress!, itemFactors: q.baseAddress!,
                            userOffset: dp.baseAddress!, itemOffset: dq.baseAddress!,
                            factors: model.factorCount, training: training, pairs: pairs, sampler: sampler,
                            regularization: regularization, generator: generator, context: context)
                    }
                }
            }
        }
    }

    /// Rows with a Gaussian direction and radius ε · U(0, 1).
    static func randomBallPoints(count: Int, width: Int, epsilon: Float, using generator: inout SeededGenerator) -> [Float] {
        var rows = RandomNoiseAttack.directions(count: count, width: width, radius: 1, using: &generator)
        guard width > 0 else { return rows }
        for r in 0..<(count / width) {
            let radius = epsilon * generator.nextUnitFloat()
            for k in 0..<width { rows[r * width + k] *= radius }
        }
        return rows
    }
}
