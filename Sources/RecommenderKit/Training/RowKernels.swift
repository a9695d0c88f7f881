#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-row arithmetic of BPR-MF on raw `Float` rows of width `d`: the hot loops of
/// training, attacks and adversarial training all go through these.
enum RowKernels {
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// x_uij = a · (b − c).
    @inline(__always)
    static func dotDifference(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>, _ d: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var k = 0
        while k + 16 <= d {
            acc0 += load(a + k) * (load(b + k) - load(c + k))
            acc1 += load(a + k + 8) * (load(b + k + 8) - load(c + k + 8))
            k += 16
        }
        if k + 8 <= d {
            acc0 += load(a + k) * (load(b + k) - load(c + k))
            k += 8
        }
        var sum = (acc0 + acc1).sum()
        while k < d {
            sum += a[k] * (b[k] - c[k])
            k += 1
        }
        return sum
    }

    /// One per-sample SGD step on the three rows, all read before any is written:
    /// θ −= lr · (∂ softplus(−clip(x)) / ∂θ + reg · θ), with `slope` = d loss / d x.
    @inline(__always)
    static func perSampleStep(
        _ rowU: UnsafeMutablePointer<Float>, _ rowI: UnsafeMutablePointer<Float>, _ rowJ: UnsafeMutablePointer<Float>,
        d: Int, slope: Float, lr: Float, reg: Float
    ) {
        let lrV = SIMD8<Float>(repeating: lr), regV = SIMD8<Float>(repeating: reg)
        let slopeV = SIMD8<Float>(repeating: slope)
        var f = 0
        while f + 8 <= d {
            let a = load(rowU + f), b = load(rowI + f), c = load(rowJ + f)
            store(a - lrV * (slopeV * (b - c) + regV * a), rowU + f)
            store(b - lrV * (slopeV * a + regV * b), rowI + f)
            store(c - lrV * (regV * c - slopeV * a), rowJ + f)
            f += 8
        }
        while f < d {
            let a = rowU[f], b = rowI[f], c = rowJ[f]
            rowU[f] = a - lr * (slope * (b - c) + reg * a)
            rowI[f] = b - lr * (slope * a + reg * b)
            rowJ[f] = c - lr * (reg * c - slope * a)
            f += 1
        }
    }

    /// Adds the gradient of `weight · softplus(−clip(x_uij))` to the three gradient rows,
    /// where x_uij = pu · (qi − qj), and returns x_uij.
    /// `gi` and `gj` may be the same row only if `qi` and `qj` are (then x = 0 and the terms cancel).
    @inline(__always)
    static func accumulatePair(
        pu: UnsafePointer<Float>, qi: UnsafePointer<Float>, qj: UnsafePointer<Float>,
        gu: UnsafeMutablePointer<Float>, gi: UnsafeMutablePointer<Float>, gj: UnsafeMutablePointer<Float>,
        d: Int, weight: Float, loss: inout LossSum
    ) {
        let x = dotDifference(pu, qi, qj, d)
        let slope = loss.add(x) * weight
        if slope == 0 { return }
        var k = 0
        let s = SIMD8<Float>(repeating: slope)
        while k + 8 <= d {
            let p = load(pu + k)
            store(load(gu + k) + s * (load(qi + k) - load(qj + k)), gu + k)
            store(load(gi + k) + s * p, gi + k)
            store(load(gj + k) - s * p, gj + k)
            k += 8
        }
        while k < d {
            let p = pu[k]
            gu[k] += slope * (qi[k] - qj[k])
            gi[k] += slope * p
            gj[k] -= slope * p
            k += 1
        }
    }

    /// The user-row update of `accumulatePair` alone: gu += slope · (qi − qj), element by
    /// element the same arithmetic, for threads that each own some of the rows.
    @inline(__always)
    static func accumulateUserRow(
        slope: Float, qi: UnsafePointer<Float>, qj: UnsafePointer<Float>, gu: UnsafeMutablePointer<Float>, d: Int
    ) {
        var k = 0
        let s = SIMD8<Float>(repeating: slope)
        while k + 8 <= d {
            store(load(gu + k) + s * (load(qi + k) - load(qj + k)), gu + k)
            k += 8
        }
        while k < d {
            gu[k] += slope * (qi[k] - qj[k])
            k += 1
        }
    }

    /// The positive-item update of `accumulatePair` alone: gi += slope · pu.
    @inline(__always)
    static func accumulatePositiveRow(slope: Float, pu: UnsafePointer<Float>, gi: UnsafeMutablePointer<Float>, d: Int) {
        var k = 0
        let s = SIMD8<Float>(repeating: slope)
        while k + 8 <= d {
            store(load(gi + k) + s * load(pu + k), gi + k)
            k += 8
        }
        while k < d {
            gi[k] += slope * pu[k]
            k += 1
        }
    }

    /// The negative-item update of `accumulatePair` alone: gj −= slope · pu.
    @inline(__always)
    static func accumulateNegativeRow(slope: Float, pu: UnsafePointer<Float>, gj: UnsafeMutablePointer<Float>, d: Int) {
        var k = 0
        let s = SIMD8<Float>(repeating: slope)
        while k + 8 <= d {
            store(load(gj + k) - s * load(pu + k), gj + k)
            k += 8
        }
        while k < d {
            gj[k] -= slope * pu[k]
            k += 1
        }
    }

    /// `y += a · x` over `d` floats.
    @inline(__always)
    static func addScaled(_ a: Float, _ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, _ d: Int) {
        for k in 0..<d { y[k] += a * x[k] }
    }

    /// Σ x² over `d` floats, accumulated in `Double`.
    @inline(__always)
    static func squaredNorm(_ x: UnsafePointer<Float>, _ d: Int) -> Double {
        var s = 0.0
        for k in 0..<d { s += Double(x[k]) * Double(x[k]) }
        return s
    }
}

/// Sums the seed's per-pair loss `softplus(−clip(x, −80, 1e8))` and hands back its slope.
///
/// With e = exp(−|x|): softplus(−x) = max(−x, 0) + log(1 + e). The logarithms are summed as
/// the logarithm of a product in `Double`, taken every 64 pairs, so a pair costs one `expf`.
struct LossSum {
    static let lowerClip: Float = -80
    static let upperClip: Float = 1e8

    private(set) var linear: Double = 0
    private var product: Double = 1
    private var pending = 0
    private var logs: Double = 0

    /// Records the loss of one pair and returns d loss / d x (0 where the clip is active).
    @inline(__always)
    mutating func add(_ x: Float) -> Float {
        let term = PairLoss(x)
        add(term)
        return term.slope
    }

    /// Records a pair's loss term computed elsewhere (parallel training computes the terms on
    /// several threads and adds them here in pair order, which gives the same sum as `add(x)`).
    @inline(__always)
    mutating func add(_ term: PairLoss) {
        if term.factor != 0 { multiply(term.factor) }
        if term.linear.isNaN {
            linear = .nan
        } else if term.linear != 0 {
            linear += term.linear
        }
    }

    @inline(__always)
    private mutating func multiply(_ factor: Double) {
        product *= factor
        pending += 1
        if pending == 64 {
            logs += log(product)
            product = 1
            pending = 0
        }
    }

    /// The summed loss so far.
    var total: Double { linear + logs + log(product) }

    /// The loss of one pair with score difference `x` (for reports and tests).
    static func pairLoss(_ x: Float) -> Double {
        var one = LossSum()
        _ = one.add(x)
        return one.total
    }
}

/// One pair's contribution to a `LossSum` and the loss's slope there: a pure function of the
/// score difference x, so it can be computed on any thread.
struct PairLoss {
    /// d loss / d x (0 where the clip is active).
    let slope: Float
    /// 1 + e^−|x|, multiplied into the sum's product; 0 for none (above the upper clip).
    let factor: Double
    /// Added to the sum's linear part: −x for a negative x, 80 below the lower clip; NaN for a NaN x.
    let linear: Double

    @inline(__always)
    init(_ x: Float) {
        if x >= LossSum.lowerClip && x <= LossSum.upperClip {
            let e = expf(-abs(x))
            factor = 1 + Double(e)
            if x < 0 {
                linear = -Double(x)
                slope = -1 / (1 + e)
            } else {
                linear = 0
                slope = -e / (1 + e)
            }
        } else if x < LossSum.lowerClip {
            factor = 1 + Double(expf(-80))
            linear = 80
            slope = 0
        } else {
            // Above the upper clip the loss is log(1 + e^−1e8) = 0 in any precision.
            factor = 0
            linear = x.isNaN ? .nan : 0
            slope = 0
        }
    }
}
