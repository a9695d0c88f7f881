/// Adversarial personalized ranking (He et al., SIGIR 2018) on top of a trained BPR model.
/// Learning rate, batch size, regularisation and optimizer continue from the model.
public struct APRConfiguration: Sendable, Equatable {
    /// Per-row L2 size of the adversarial perturbation.
    public var epsilon: Float
    /// Weight α of the adversarial loss.
    public var alpha: Float
    public var epochs: Int
    public var variant: APRVariant

    public init(epsilon: Float = 0.5, alpha: Float = 1, epochs: Int = 1, variant: APRVariant = .perBatch) {
        self.epsilon = epsilon
        self.alpha = alpha
        self.epochs = epochs
        self.variant = variant
    }

    func validationError() -> TrainingError? {
        if !(epsilon >= 0) || !epsilon.isFinite { return .invalidOption(name: "epsilon", reason: "must be zero or a positive finite number, got \(epsilon)") }
        if !(alpha >= 0) || !alpha.isFinite { return .invalidOption(name: "alpha", reason: "must be zero or a positive finite number, got \(alpha)") }
        if epochs < 0 { return .invalidOption(name: "epochs", reason: "must not be negative, got \(epochs)") }
        return nil
    }
}

/// Where APR's perturbation comes from (docs/algorithms.md explains both).
public enum APRVariant: String, Sendable, Equatable, CaseIterable {
    /// The paper's algorithm: Δ from the gradient of the current batch's loss, rows it touches only.
    case perBatch = "per-batch"
    /// The seed notebook's: a full-data FGSM before every batch, and the previous batch's Δ
    /// left in place for the next batch's clean term. O(N) per batch.
    case seedFullData = "seed"
}
