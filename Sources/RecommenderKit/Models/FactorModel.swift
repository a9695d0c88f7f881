/// A matrix-factorisation model: score(u, i) = P[u] · Q[i] (no biases, as in the seed).
///
/// A value: training, attacks and adversarial training return new models and never
/// change one a caller holds.
public struct FactorModel: Sendable, Equatable, Codable {
    /// Users × factors.
    public var userFactors: Matrix
    /// Items × factors.
    public var itemFactors: Matrix

    public init(userFactors: Matrix, itemFactors: Matrix) {
        precondition(userFactors.columns == itemFactors.columns, "user and item factors differ in width")
        self.userFactors = userFactors
        self.itemFactors = itemFactors
    }

    public var factorCount: Int { userFactors.columns }
}
