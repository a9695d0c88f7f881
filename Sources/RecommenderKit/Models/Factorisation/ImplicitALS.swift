import Dispatch

/// Settings of implicit-feedback ALS.
public struct ImplicitALSConfiguration: Sendable, Equatable, Codable {
    public var factors: Int
    /// λ: L2 weight on every user and item vector.
    public var regularization: Float
    /// Confidence of an observed pair: c = 1 + α (unobserved pairs have c = 1, target 0).
    public var alpha: Float
    /// Alternations (a user half-step, then an item half-step).
    public var iterations: Int
    /// Conjugate-gradient steps per vector and half-step, warm-started from the vector's
    /// previous value (implicit's `cg_steps`, default 3).
    public var conjugateGradientSteps: Int
    /// Initial entries are uniform in [0, initialScale) (implicit: `rand · 0.01`).
    public var initialScale: Float
    /// Whether to compute the weighted objective after every iteration (costs about one
    /// extra half-step's Gram work; benchmarks turn it off).
    public var recordsObjective: Bool

    public init(
        factors: Int = 64, regularization: Float = 0.01, alpha: Float = 1, iterations: Int = 15,
        conjugateGradientSteps: Int = 3, initialScale: Float = 0.01, recordsObjective: Bool = true
    ) {
        precondition(factors >= 1 && iterations >= 0 && conjugateGradientSteps >= 1)
        precondition(regularization >= 0 && alpha >= 0 && initialScale >= 0)
        self.factors = factors
        self.regularization = regularization
        self.alpha = alpha
        self.iterations = iterations
        self.conjugateGradientSteps = conjugateGradientSteps
        self.initialScale = initialScale
        self.recordsObjective = recordsObjective
    }
}

/// One finished alternation.
public struct ALSIterationRecord: Sendable, Equatable, Codable {
    /// 1-based.
    public var iteration: Int
    /// The weighted objective after it (nil when not recorded).
    public var objective: Double?
    public var seconds: Double
}

/// A trained iALS model: its factors score items as any `FactorModel`.
public struct ImplicitALSModel: Sendable, Equatable, Codable {
    public var factors: FactorModel
    public var configuration: ImplicitALSConfiguration
    public var history: [ALSIterationRecord]
}

/// Implicit-feedback ALS / WRMF (Hu, Koren & Volinsky, ICDM 2008), each least-squares
/// problem solved approximately by a few conjugate-gradient steps (Takács, Pilászy & Tikk,
/// RecSys 2011), as implicit's `AlternatingLeastSquares` does on the CPU.
///
/// Minimises `Σ_{u,i} c_ui (p_ui − x_u · y_i)² + λ (Σ_u ‖x_u‖² + Σ_i ‖y_i‖²)` with p_ui = 1 and
/// c_ui = 1 + α for training pairs, p_ui = 0 and c_ui = 1 otherwise. With Y fixed, x_u solves
/// `(YᵀY + λI + α Σ_{i ∈ train(u)} y_i y_iᵀ) x = (1 + α) Σ_{i ∈ train(u)} y_i`; items likewise.
///
/// Every vector's solve reads only the fixed side and its own previous value, and writes only
/// its own row, and the Gram matrix comes from one fixed-shape OpenBLAS call, so results are
/// bit-identical for every thread count.
public enum ImplicitALSTrainer {
    /// Rows per parallel chunk (fixed: the split never depends on the thread count).
    static let chunkRows = 128
    /// Observed rows a solve copies into contiguous scratch (at 64 factors, 512 KiB), when the
    /// fixed side is larger than `gatherAboveBytes`.
    static let gatherRows = 2048
    static let gatherAboveBytes = 4 << 20

    public static func train(
        on training: InteractionMatrix, configuration: ImplicitALSConfiguration, generator: SeededGenerator,
        context: ComputeContext = .singleThreaded, progress: (ALSIterationRecord) -> Void = { _ in }
    ) -> ImplicitALSModel {
        let k = configuration.factors
        var userStream = generator.derived("init").derived("user-factors")
        var itemStream = generator.derived("init").derived("item-factors")
        let scale = configuration.initialScale
        var users = Matrix(rows: training.userCount, columns: k, storage: (0..<(training.userCount * k)).map { _ in userStream.nextUnitFloat() * scale })
        var items = Matrix(rows: training.itemCount, columns: k, storage: (0..<(training.itemCount * k)).map { _ in itemStream.nextUnitFloat() * scale })
        let columns = training.transposed()
        var history: [ALSIterationRecord] = []
        for iteration in stride(from: 1, through: configuration.iterations, by: 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            halfStep(solving: &users, fixed: items, rows: training, configuration: configuration, context: context)
            halfStep(solving: &items, fixed: users, rows: columns, configuration: configuration, context: context)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let objective = configuration.recordsObjective
                ? Self.objective(users: users, items: items, training: training, configuration: configuration) : nil
            let record = ALSIterationRecord(iteration: iteration, objective: objective, seconds: seconds)
            history.append(record)
            progress(record)
        }
        return ImplicitALSModel(factors: FactorModel(userFactors: users, itemFactors: items), configuration: configuration, history: history)
    }

    /// Updates every row of `solving` given `fixed`: row r's observed columns are `rows.items(of: r)`.
    public static func halfStep(
        solving: inout Matrix, fixed: Matrix, rows: InteractionMatrix, configuration: ImplicitALSConfiguration,
        context: ComputeContext = .singleThreaded
    ) {
        // Gathering pays only when the fixed side does not stay in cache anyway (ML-20M: 7 and
        // 35 MB at 64 factors; ML-1M's 1–1.5 MB ran slower with it).
        let fixedBytes = fixed.rows * fixed.columns * MemoryLayout<Float>.size
        halfStep(
            solving: &solving, fixed: fixed, rows: rows, configuration: configuration, context: context,
            gatherRows: fixedBytes > gatherAboveBytes ? gatherRows : 0)
    }

    /// `gatherRows`: tests set it to 0 to check that gathering never changes a result.
    static func halfStep(
        solving: inout Matrix, fixed: Matrix, rows: InteractionMatrix, configuration: ImplicitALSConfiguration,
        context: ComputeContext, gatherRows: Int
    ) {
        let k = configuration.factors
        precondition(solving.columns == k && fixed.columns == k && solving.rows == rows.userCount && fixed.rows == rows.itemCount)
        let gram = regularizedGram(of: fixed, regularization: configuration.regularization)
        let chunkCount = (solving.rows + chunkRows - 1) / chunkRows
        let rowCount = solving.rows
        gram.withUnsafeBufferPointer { gram in
            fixed.storage.withUnsafeBufferPointer { fixedRows in
                rows.items.withUnsafeBufferPointer { observed in
                    solving.storage.withUnsafeMutableBufferPointer { target in
                        let shared = SharedRows(base: target.baseAddress!)
                        let gram = SharedRows(base: UnsafeMutablePointer(mutating: gram.baseAddress!))
                        let fixed = SharedRows(base: UnsafeMutablePointer(mutating: fixedRows.baseAddress!))
                        // An empty matrix has no base address; no row reads it then.
                        let observed = SharedRows(base: UnsafeMutablePointer(mutating: observed.baseAddress ?? UnsafePointer(bitPattern: 8)!))
                        // Scratch per worker: residual, direction and product, k each, then the
                        // gathered rows (all overwritten before read).
                        context.forEachChunk(chunkCount, scratch: { [Float](repeating: 0, count: (3 + max(gatherRows, 0)) * k) }) { scratch, chunk in
                            scratch.withUnsafeMutableBufferPointer { scratch in
                                for r in (chunk * chunkRows)..<min((chunk + 1) * chunkRows, rowCount) {
                                    let start = rows.rowOffsets[r], end = rows.rowOffsets[r + 1]
                                    conjugateGradient(
                                        x: shared.base + r * k, gram: gram.base, fixed: fixed.base,
                                        observed: UnsafeBufferPointer(start: observed.base + start, count: end - start),
                                        alpha: configuration.alpha, steps: configuration.conjugateGradientSteps, width: k,
                                        scratch: scratch.baseAddress!, gatherRows: gatherRows)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `YᵀY + λI`, row-major k × k.
    public static func regularizedGram(of fixed: Matrix, regularization: Float) -> [Float] {
        let k = fixed.columns
        var gram = [Float](repeating: 0, count: k * k)
        fixed.storage.withUnsafeBufferPointer { y in
            gram.withUnsafeMutableBufferPointer { g in
                DenseLinearAlgebra.gram(of: y.baseAddress!, rowCount: fixed.rows, width: k, into: g.baseAddress!)
            }
        }
        for d in 0..<k { gram[d * k + d] += regularization }
        return gram
    }

    /// The CG iterations for one vector (as implicit's `least_squares_cg`): starting from the
    /// current x, solve `A x = b` with `A = G + α Σ_{i ∈ observed} y_i y_iᵀ`,
    /// `b = (1 + α) Σ_{i ∈ observed} y_i`, never forming A. Stops early once ‖r‖² < 1e-20.
    @inline(__always)
    static func conjugateGradient(
        x: UnsafeMutablePointer<Float>, gram: UnsafePointer<Float>, fixed: UnsafePointer<Float>,
        observed: UnsafeBufferPointer<Int32>, alpha: Float, steps: Int, width k: Int,
        scratch: UnsafeMutablePointer<Float>, gatherRows: Int
    ) {
        let r = scratch, p = scratch + k, ap = scratch + 2 * k
        // The observed rows are read 1 + steps times: copied once into contiguous scratch (when
        // they fit), later passes stay in the core's cache instead of gathering again. The
        // values and their order are the same either way, so the result is too.
        let gathered = scratch + 3 * k
        let isGathered = observed.count <= gatherRows
        @inline(__always) func row(_ n: Int) -> UnsafePointer<Float> {
            isGathered ? UnsafePointer(gathered + n * k) : fixed + Int(observed[n]) * k
        }
        if isGathered {
            for (n, item) in observed.enumerated() { (gathered + n * k).update(from: fixed + Int(item) * k, count: k) }
        }
        // r = b − A x = −G x + Σ (1 + α − α · y·x) y
        VectorKernels.multiply(gram, x, into: r, width: k)
        for d in 0..<k { r[d] = -r[d] }
        for n in 0..<observed.count {
            let y = row(n)
            VectorKernels.addScaled(1 + alpha - alpha * VectorKernels.dot(y, x, k), y, to: r, k)
        }
        p.update(from: r, count: k)
        var residualSquared = VectorKernels.dot(r, r, k)
        if residualSquared < 1e-20 { return }
        for _ in 0..<steps {
            // Ap = G p + α Σ (y·p) y
            VectorKernels.multiply(gram, p, into: ap, width: k)
            for n in 0..<observed.count {
                let y = row(n)
                VectorKernels.addScaled(alpha * VectorKernels.dot(y, p, k), y, to: ap, k)
            }
            let stepLength = residualSquared / VectorKernels.dot(p, ap, k)
            VectorKernels.addScaled(stepLength, p, to: x, k)
            VectorKernels.addScaled(-stepLength, ap, to: r, k)
            let next = VectorKernels.dot(r, r, k)
            if next < 1e-20 { break }
            let ratio = next / residualSquared
            for d in 0..<k { p[d] = r[d] + ratio * p[d] }
            residualSquared = next
        }
    }

    /// The weighted objective `Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(‖X‖² + ‖Y‖²)`, in `Double`,
    /// computed as `Σ_u x_uᵀ (YᵀY) x_u + Σ_{(u,i) ∈ train} [c (1 − s)² − s²] + λ(…)` with s = x_u·y_i.
    public static func objective(users: Matrix, items: Matrix, training: InteractionMatrix, configuration: ImplicitALSConfiguration) -> Double {
        let k = users.columns
        let gram = regularizedGram(of: items, regularization: 0)
        let confidence = Double(1 + configuration.alpha)
        var total = 0.0, squaredNorms = 0.0
        for u in 0..<users.rows {
            var quadratic = 0.0
            for a in 0..<k {
                var row = 0.0
                for b in 0..<k { row += Double(gram[a * k + b]) * Double(users[u, b]) }
                quadratic += Double(users[u, a]) * row
                squaredNorms += Double(users[u, a]) * Double(users[u, a])
            }
            total += quadratic
            for item in training.items(of: u) {
                var s = 0.0
                for d in 0..<k { s += Double(users[u, d]) * Double(items[Int(item), d]) }
                total += confidence * (1 - s) * (1 - s) - s * s
            }
        }
        for value in items.storage { squaredNorms += Double(value) * Double(value) }
        return total + Double(configuration.regularization) * squaredNorms
    }
}

/// Dense k-vector arithmetic for the CG solver: 8-wide SIMD in a fixed order, so each
/// result depends only on its inputs.
enum VectorKernels {
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ k: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var d = 0
        while d + 16 <= k {
            acc0 += load(a + d) * load(b + d)
            acc1 += load(a + d + 8) * load(b + d + 8)
            d += 16
        }
        if d + 8 <= k {
            acc0 += load(a + d) * load(b + d)
            d += 8
        }
        var sum = (acc0 + acc1).sum()
        while d < k {
            sum += a[d] * b[d]
            d += 1
        }
        return sum
    }

    /// y += s · x.
    @inline(__always)
    static func addScaled(_ s: Float, _ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, _ k: Int) {
        for d in 0..<k { y[d] += s * x[d] }
    }

    /// out = M v for a row-major k × k matrix M.
    @inline(__always)
    static func multiply(_ m: UnsafePointer<Float>, _ v: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, width k: Int) {
        for row in 0..<k { out[row] = dot(m + row * k, v, k) }
    }
}
