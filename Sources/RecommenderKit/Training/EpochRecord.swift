/// One finished epoch, for progress bars, loss charts and the model's history.
public struct EpochRecord: Sendable, Equatable, Codable {
    public enum Phase: String, Sendable, Equatable, Codable {
        case bpr
        case apr
    }

    /// 1-based, counting every epoch the model has been trained for (BPR and APR together).
    public var epoch: Int
    public var phase: Phase
    /// The objective summed over the epoch's batches (BPR loss, plus α · adversarial loss
    /// for APR, plus the regularisation term).
    public var loss: Double
    /// The BPR term alone, summed over the epoch's batches (without the adversarial and
    /// regularisation terms), so BPR and APR epochs can be compared on one scale. In the
    /// seed's APR variant it is evaluated where the seed evaluates it, at P + Δ_prev.
    public var bprLoss: Double
    /// Training pairs processed.
    public var samples: Int
    public var seconds: Double

    public init(epoch: Int, phase: Phase, loss: Double, bprLoss: Double? = nil, samples: Int, seconds: Double) {
        self.epoch = epoch
        self.phase = phase
        self.loss = loss
        self.bprLoss = bprLoss ?? loss
        self.samples = samples
        self.seconds = seconds
    }

    /// Loss per training pair.
    public var meanLoss: Double { samples > 0 ? loss / Double(samples) : 0 }
}

/// Wall-clock seconds since creation (a monotonic clock).
public struct Stopwatch: Sendable {
    private let start = ContinuousClock.now

    public init() {}

    public var seconds: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
