#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The optimizer's memory, kept in the model so that training can continue where it stopped
/// (the seed's adversarial training continues the same Adagrad optimizer after BPR).
public struct OptimizerState: Sendable, Equatable, Codable {
    public let kind: OptimizerKind
    /// Optimizer steps taken so far (one per batch; Adam's bias correction uses it).
    public var steps: Int
    /// Adagrad: squared-gradient accumulators. Adam: first moments. Empty otherwise.
    public var userAccumulators: [Float]
    public var itemAccumulators: [Float]
    /// Adam: second moments. Empty otherwise.
    public var userSecondMoments: [Float]
    public var itemSecondMoments: [Float]

    public static let adagradInitialAccumulator: Float = 0.1
    public static let adagradEpsilon: Float = 1e-7
    public static let adamBeta1: Float = 0.9
    public static let adamBeta2: Float = 0.999
    public static let adamEpsilon: Float = 1e-7

    /// The state before the first step, for `users × factors` and `items × factors` parameters.
    public init(kind: OptimizerKind, users: Int, items: Int, factors: Int) {
        self.kind = kind
        steps = 0
        switch kind {
        case .adagrad:
            userAccumulators = Array(repeating: Self.adagradInitialAccumulator, count: users * factors)
            itemAccumulators = Array(repeating: Self.adagradInitialAccumulator, count: items * factors)
            userSecondMoments = []
            itemSecondMoments = []
        case .adam:
            userAccumulators = Array(repeating: 0, count: users * factors)
            itemAccumulators = Array(repeating: 0, count: items * factors)
            userSecondMoments = Array(repeating: 0, count: users * factors)
            itemSecondMoments = Array(repeating: 0, count: items * factors)
        case .sgd, .sgdPerSample:
            userAccumulators = []
            itemAccumulators = []
            userSecondMoments = []
            itemSecondMoments = []
        }
    }
}

/// Working copies of the parameters and optimizer slots of one factor matrix during a
/// training call, and the update rules applied to the rows a batch touched.
struct ParameterRows {
    let values: RawFloats
    let first: RawFloats
    let second: RawFloats
    let width: Int

    init(values: [Float], first: [Float], second: [Float], width: Int) {
        self.values = RawFloats(values)
        self.first = RawFloats(first)
        self.second = RawFloats(second)
        self.width = width
    }

    func deallocate() {
        values.deallocate()
        first.deallocate()
        second.deallocate()
    }

    @inline(__always)
    func row(_ r: Int) -> UnsafeMutablePointer<Float> { values.base + r * width }

    /// One optimizer step on every touched row of `gradient`, zeroing each gradient row as it
    /// goes (one pass over the rows instead of two), then forgets the touched rows.
    /// `step` is the 1-based step number (for Adam's bias correction).
    func apply(_ kind: OptimizerKind, learningRate lr: Float, step: Int, gradient: inout GradientRows) {
        apply(OptimizerStep(kind, learningRate: lr, step: step), rows: gradient.touchedRows, gradient: gradient.values)
        gradient.forgetTouchedRows()
    }

    /// One optimizer step on `rows`, whose gradients are at `gradient + row · width`; zeroes
    /// those gradient rows. Each row's update reads and writes that row only, so rows may be
    /// split among threads and updated in any order with the same result.
    func apply(_ step: OptimizerStep, rows: UnsafeBufferPointer<Int32>, gradient: UnsafeMutablePointer<Float>) {
        let d = width, lr = step.learningRate
        switch step.kind {
        case .adagrad:
            let eps = OptimizerState.adagradEpsilon
            for r in rows {
                let o = Int(r) * d
                let g = gradient + o, a = first.base + o, p = values.base + o
                for k in 0..<d {
                    let gk = g[k]
                    let ak = a[k] + gk * gk
                    a[k] = ak
                    p[k] -= lr * gk / (nonNegativeSquareRoot(ak) + eps)
                    g[k] = 0
                }
            }
        case .sgd, .sgdPerSample:
            for r in rows {
                let o = Int(r) * d
                let g = gradient + o, p = values.base + o
                for k in 0..<d {
                    p[k] -= lr * g[k]
                    g[k] = 0
                }
            }
        case .adam:
            let b1 = OptimizerState.adamBeta1, b2 = OptimizerState.adamBeta2
            let lrT = step.adamRate
            let eps = OptimizerState.adamEpsilon
            for r in rows {
                let o = Int(r) * d
                let g = gradient + o, m = first.base + o, v = second.base + o, p = values.base + o
                for k in 0..<d {
                    let gk = g[k]
                    let mk = b1 * m[k] + (1 - b1) * gk
                    let vk = b2 * v[k] + (1 - b2) * gk * gk
                    m[k] = mk
                    v[k] = vk
                    p[k] -= lrT * mk / (nonNegativeSquareRoot(vk) + eps)
                    g[k] = 0
                }
            }
        }
    }

    /// Whether every parameter is finite.
    var allFinite: Bool {
        for k in 0..<values.count where !values.base[k].isFinite { return false }
        return true
    }
}

/// The constants of one optimizer step, shared by every row it updates.
struct OptimizerStep {
    let kind: OptimizerKind
    let learningRate: Float
    /// Adam's bias-corrected rate at this step (Keras: lr · √(1 − β2^t) / (1 − β1^t)).
    let adamRate: Float

    /// `step` is the 1-based step number.
    init(_ kind: OptimizerKind, learningRate lr: Float, step: Int) {
        self.kind = kind
        learningRate = lr
        let b1 = OptimizerState.adamBeta1, b2 = OptimizerState.adamBeta2
        let t = Double(step)
        adamRate = kind == .adam ? Float(Double(lr) * (1 - pow(Double(b2), t)).squareRoot() / (1 - pow(Double(b1), t))) : 0
    }
}

/// √x for an x known to be ≥ 0 (optimizer accumulators and second moments).
///
/// On Linux `squareRoot()` becomes a `sqrtf` call guarded for negative inputs (to set errno),
/// which keeps the loop scalar; through `magnitude` LLVM sees a non-negative argument and
/// vectorises the plain square-root instruction. For x ≥ 0 (and NaN) the result is identical.
@inline(__always)
func nonNegativeSquareRoot(_ x: Float) -> Float {
    x.magnitude.squareRoot()
}
