/// What an attack did to a model, for reports.
public struct Perturbation: Sendable, Equatable, Codable {
    public enum Method: String, Sendable, Equatable, Codable {
        case fgsm
        case randomNoise = "random"
        case iterative
    }

    public var method: Method
    /// The per-row L2 budget: every perturbed row has norm at most ε.
    public var epsilon: Float
    /// Iterative attacks only (1 for single-step ones).
    public var steps: Int
    public var stepSize: Float
    public var randomStart: Bool
    /// Rows with a non-zero perturbation.
    public var perturbedUserRows: Int
    public var perturbedItemRows: Int
    /// The full-data BPR loss before and after, with the same negatives (nil for random noise,
    /// which needs no data).
    public var lossBefore: Double?
    public var lossAfter: Double?

    public init(
        method: Method, epsilon: Float, steps: Int = 1, stepSize: Float = 0, randomStart: Bool = false,
        perturbedUserRows: Int, perturbedItemRows: Int, lossBefore: Double? = nil, lossAfter: Double? = nil
    ) {
        self.method = method
        self.epsilon = epsilon
        self.steps = steps
        self.stepSize = stepSize
        self.randomStart = randomStart
        self.perturbedUserRows = perturbedUserRows
        self.perturbedItemRows = perturbedItemRows
        self.lossBefore = lossBefore
        self.lossAfter = lossAfter
    }

    /// A one-line summary, e.g. "FGSM, ε = 0.5 per row (500 users, 3172 items)".
    public var summary: String {
        let name: String
        switch method {
        case .fgsm: name = "FGSM"
        case .randomNoise: name = "random noise"
        case .iterative: name = randomStart ? "PGD (\(steps) steps of \(stepSize), random start)" : "BIM (\(steps) steps of \(stepSize))"
        }
        return "\(name), ε = \(epsilon) per row (\(perturbedUserRows) users, \(perturbedItemRows) items)"
    }
}

/// An attacked model: the perturbed factors P + Δ_P, Q + Δ_Q and how they were made.
/// The attacked model is new; the model it came from is untouched.
public struct PerturbedModel: Sendable, Equatable, Codable {
    public var factors: FactorModel
    public var perturbation: Perturbation

    public init(factors: FactorModel, perturbation: Perturbation) {
        self.factors = factors
        self.perturbation = perturbation
    }

    /// `model + (Δ_P, Δ_Q)`, with the counts of non-zero rows filled in.
    static func make(
        from model: FactorModel, userDelta: [Float], itemDelta: [Float], perturbation: Perturbation
    ) -> PerturbedModel {
        let d = model.factorCount
        var description = perturbation
        description.perturbedUserRows = RowNormalization.rowNorms(userDelta, width: d).filter { $0 > 0 }.count
        description.perturbedItemRows = RowNormalization.rowNorms(itemDelta, width: d).filter { $0 > 0 }.count
        let factors = FactorModel(
            userFactors: Matrix(rows: model.userFactors.rows, columns: d, storage: RowNormalization.add(model.userFactors.storage, userDelta)),
            itemFactors: Matrix(rows: model.itemFactors.rows, columns: d, storage: RowNormalization.add(model.itemFactors.storage, itemDelta)))
        return PerturbedModel(factors: factors, perturbation: description)
    }
}

extension FactorModel {
    func checkShape(_ dataset: Dataset) throws(TrainingError) {
        guard userFactors.rows == dataset.userCount, itemFactors.rows == dataset.itemCount else {
            throw .shapeMismatch(
                modelUsers: userFactors.rows, modelItems: itemFactors.rows,
                dataUsers: dataset.userCount, dataItems: dataset.itemCount)
        }
    }
}

func checkEpsilon(_ epsilon: Float) throws(TrainingError) {
    guard epsilon >= 0, epsilon.isFinite else {
        throw .invalidOption(name: "epsilon", reason: "must be zero or a positive finite number, got \(epsilon)")
    }
}
