/// The control for FGSM: a Gaussian direction per row, scaled to the same per-row L2 norm ε.
///
/// Every user and item row is perturbed, including rows that FGSM leaves at zero because no
/// sampled pair touched them: the noise needs no data, and such rows are rare (items that
/// were neither a positive nor a sampled negative).
public struct RandomNoiseAttack: Sendable, Equatable {
    public var epsilon: Float

    public init(epsilon: Float = 0.5) {
        self.epsilon = epsilon
    }

    /// The perturbed model. User rows draw from `generator.derived("noise-users")`, item rows
    /// from `derived("noise-items")`.
    public func attack(_ model: FactorModel, generator: SeededGenerator) throws(TrainingError) -> PerturbedModel {
        try checkEpsilon(epsilon)
        let d = model.factorCount
        var userStream = generator.derived("noise-users"), itemStream = generator.derived("noise-items")
        let userDelta = Self.directions(count: model.userFactors.storage.count, width: d, radius: epsilon, using: &userStream)
        let itemDelta = Self.directions(count: model.itemFactors.storage.count, width: d, radius: epsilon, using: &itemStream)
        let description = Perturbation(method: .randomNoise, epsilon: epsilon, perturbedUserRows: 0, perturbedItemRows: 0)
        return PerturbedModel.make(from: model, userDelta: userDelta, itemDelta: itemDelta, perturbation: description)
    }

    /// Rows of `width` standard-normal values (ziggurat draws), each scaled to L2 norm `radius`.
    static func directions(count: Int, width: Int, radius: Float, using generator: inout SeededGenerator) -> [Float] {
        var values = [Float](repeating: 0, count: count)
        for k in 0..<count { values[k] = Float(NormalZiggurat.next(using: &generator)) }
        return RowNormalization.scaledUnitRows(values, width: width, epsilon: radius)
    }
}
