/// How a BPR-MF model is trained. The defaults are the seed notebook's.
public struct BPRConfiguration: Sendable, Equatable, Codable {
    /// Width `d` of the user and item factor rows.
    public var factors: Int
    public var learningRate: Float
    /// Weight of the L2 term `reg · mean(p_u² + q_i² + q_j²)` over a batch (0 turns it off).
    /// In `.sgdPerSample` mode it is implicit's per-sample weight decay instead.
    public var regularization: Float
    public var epochs: Int
    /// Training pairs per mini-batch; an epoch takes ⌊N / batchSize⌋ batches.
    public var batchSize: Int
    public var optimizer: OptimizerKind
    /// Standard deviation of the truncated-normal initialisation.
    public var initialStandardDeviation: Float
    /// `.sgdPerSample` only: users and items are split into this many groups each, and an
    /// epoch trains the `blocks × blocks` grid stratum by stratum, the blocks of a stratum in
    /// parallel (`BlockedPerSampleEpoch.swift`). 1: one pass over all pairs in one order.
    public var blocks: Int

    public static let maximumBlocks = 256

    public init(
        factors: Int = 64, learningRate: Float = 0.05, regularization: Float = 0, epochs: Int = 5,
        batchSize: Int = 512, optimizer: OptimizerKind = .adagrad, initialStandardDeviation: Float = 0.01,
        blocks: Int = 1
    ) {
        self.factors = factors
        self.learningRate = learningRate
        self.regularization = regularization
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.initialStandardDeviation = initialStandardDeviation
        self.blocks = blocks
    }

    /// The first option that is out of range, as an error.
    func validationError() -> TrainingError? {
        if factors < 1 { return .invalidOption(name: "factors", reason: "must be at least 1, got \(factors)") }
        if !(learningRate > 0) || !learningRate.isFinite {
            return .invalidOption(name: "learningRate", reason: "must be a positive finite number, got \(learningRate)")
        }
        if !(regularization >= 0) || !regularization.isFinite {
            return .invalidOption(name: "regularization", reason: "must be zero or positive, got \(regularization)")
        }
        if epochs < 0 { return .invalidOption(name: "epochs", reason: "must not be negative, got \(epochs)") }
        if batchSize < 1 { return .invalidOption(name: "batchSize", reason: "must be at least 1, got \(batchSize)") }
        if !(1...Self.maximumBlocks).contains(blocks) {
            return .invalidOption(name: "blocks", reason: "must be between 1 and \(Self.maximumBlocks), got \(blocks)")
        }
        if blocks > 1 && optimizer != .sgdPerSample {
            return .invalidOption(name: "blocks", reason: "splits per-sample SGD only, but the optimizer is \(optimizer.rawValue)")
        }
        if !(initialStandardDeviation >= 0) {
            return .invalidOption(name: "initialStandardDeviation", reason: "must not be negative")
        }
        return nil
    }
}

/// The update rule applied after each mini-batch (or each sample for `.sgdPerSample`).
public enum OptimizerKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// Keras Adagrad: accumulator starts at 0.1; `a += g²; θ −= lr · g / (√a + 1e-7)`.
    case adagrad
    /// Plain gradient descent once per batch: `θ −= lr · g`.
    case sgd
    /// Keras Adam (β1 0.9, β2 0.999, ε 1e-7), applied lazily to the rows a batch touches.
    case adam
    /// Classic per-sample BPR SGD (as implicit's BPR): every pair updates its three rows at once.
    /// Each pair then depends on the one before, so with `blocks` 1 it trains on one thread
    /// whatever the `ComputeContext`; with more blocks, the blocks of a stratum touch disjoint
    /// rows and run in parallel (the mini-batch optimizers split each batch among threads).
    case sgdPerSample = "sgd-per-sample"
}
