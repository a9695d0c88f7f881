/// The fast gradient sign method as the seed applies it to embeddings (He et al. 2018):
/// Δ = ε · row-wise L2-normalised ∂L_BPR/∂(P, Q) over all training pairs, each with a fresh
/// negative, at the clean parameters.
public struct FGSMAttack: Sendable, Equatable {
    public var epsilon: Float
    /// The seed adds its L2 term to the attacked loss when the model was trained with one.
    public var regularization: Float

    public init(epsilon: Float = 0.5, regularization: Float = 0) {
        self.epsilon = epsilon
        self.regularization = regularization
    }

    /// The attacked model. Negatives come from `generator.derived("fgsm")`.
    public func attack(
        _ model: FactorModel, on dataset: Dataset, generator: SeededGenerator, context: ComputeContext = .singleThreaded
    ) throws(TrainingError) -> PerturbedModel {
        try checkEpsilon(epsilon)
        try model.checkShape(dataset)
        let sampler = try NegativeSampler(dataset.train)
        let stream = generator.derived("fgsm")
        let (userDelta, itemDelta, before) = perturbation(model, dataset.train, sampler, stream, context)
        let description = Perturbation(method: .fgsm, epsilon: epsilon, perturbedUserRows: 0, perturbedItemRows: 0, lossBefore: before)
        var attacked = PerturbedModel.make(from: model, userDelta: userDelta, itemDelta: itemDelta, perturbation: description)
        attacked.perturbation.lossAfter = FullDataGradient.loss(
            at: attacked.factors, training: dataset.train, sampler: sampler, regularization: regularization,
            generator: stream, context: context)
        return attacked
    }

    /// (Δ_P, Δ_Q, loss at the clean parameters).
    func perturbation(
        _ model: FactorModel, _ training: InteractionMatrix, _ sampler: NegativeSampler,
        _ generator: SeededGenerator, _ context: ComputeContext
    ) -> ([Float], [Float], Double) {
        let gradient = FullDataGradient.compute(
            at: model, training: training, sampler: sampler, regularization: regularization,
            generator: generator, context: context)
        let d = model.factorCount
        return (
            RowNormalization.scaledUnitRows(gradient.user, width: d, epsilon: epsilon),
            RowNormalization.scaledUnitRows(gradient.item, width: d, epsilon: epsilon),
            gradient.loss
        )
    }
}
