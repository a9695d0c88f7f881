/// EASE's one setting.
public struct EASEConfiguration: Sendable, Equatable, Codable {
    /// L2 weight λ on the item–item weights B. Steck (2019) tunes it per dataset; 500 is the
    /// order of magnitude his MovieLens-20M and Netflix runs used.
    public var lambda: Double

    public init(lambda: Double = 500) {
        precondition(lambda > 0, "lambda must be positive")
        self.lambda = lambda
    }
}

public enum EASEError: Error, Equatable, CustomStringConvertible {
    /// The dense item × item matrices would not fit `EASE.maximumItems`.
    case tooManyItems(items: Int, maximum: Int)
    /// `XᵀX + λI` was not positive definite (only possible through rounding).
    case notPositiveDefinite

    public var description: String {
        switch self {
        case .tooManyItems(let items, let maximum):
            let gibibytes = Double(items) * Double(items) * 12 / Double(1 << 30)
            return "EASE needs dense \(items) × \(items) item matrices (about \((gibibytes * 10).rounded() / 10) GiB); "
                + "it is limited to \(maximum) items"
        case .notPositiveDefinite:
            return "EASE: XᵀX + λI is not positive definite; raise lambda"
        }
    }
}

/// EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019):
/// `P = (XᵀX + λI)⁻¹`, `B = I − P · diagMat(1 / diag(P))`, i.e. `B_ij = −P_ij / P_jj` and
/// `B_ii = 0`; `score(u, ·) = X_u · B = Σ_{j ∈ train(u)} B[j, ·]`.
/// The Gram matrix is exact integer counts; the inverse is a Cholesky inverse on one OpenBLAS
/// thread, in single precision when G is well conditioned (`precision(for:lambda:)`), else in
/// double; B is stored as `Float`.
public struct EASE: Recommender, Equatable, Codable {
    /// The largest item count EASE accepts: the Gram matrix (8 bytes an entry) and B (4 bytes)
    /// take 12 · n² bytes, 1.6 GiB at 12,000 items.
    public static let maximumItems = 12_000

    public let configuration: EASEConfiguration
    public let training: InteractionMatrix
    /// Items × items, row-major: B[j, i] is item j's weight in item i's score.
    public let weights: Matrix

    public var userCount: Int { training.userCount }
    public var itemCount: Int { training.itemCount }

    /// Rows of the Gram matrix per parallel chunk (fixed, so the split never depends on threads).
    static let chunkItems = 64

    public init(training: InteractionMatrix, configuration: EASEConfiguration = EASEConfiguration(), context: ComputeContext = .singleThreaded) throws(EASEError) {
        self = try Self.timedFit(training: training, configuration: configuration, context: context).model
    }

    /// The arithmetic of the inversion.
    public enum Precision: Sendable, Equatable, Codable {
        case single, double
    }

    /// Single precision is used when the bound `(max_i Σ_j G_ij) / λ` on G's condition number
    /// (Gershgorin: λ_max ≤ the largest row sum, λ_min ≥ λ) is at most this. ML-1M at λ = 500 has
    /// a bound of about 1,200 and its single-precision scores stay within 2e-5 of NumPy's float64.
    public static let singlePrecisionConditionLimit = 5_000.0

    /// The precision `init` uses for this data and λ.
    public static func precision(for training: InteractionMatrix, lambda: Double) -> Precision {
        // Row i of XᵀX sums to Σ_{u ∈ U_i} |train(u)|.
        var rowSums = [Int](repeating: 0, count: training.itemCount)
        for u in 0..<training.userCount {
            let length = training.rowOffsets[u + 1] - training.rowOffsets[u]
            for item in training.items(of: u) { rowSums[Int(item)] += length }
        }
        let bound = (Double(rowSums.max() ?? 0) + lambda) / lambda
        return bound <= singlePrecisionConditionLimit ? .single : .double
    }

    /// Fits the model and reports the seconds of its two phases (for recbook-bench).
    public static func timedFit(
        training: InteractionMatrix, configuration: EASEConfiguration = EASEConfiguration(), context: ComputeContext = .singleThreaded,
        precision: Precision? = nil
    ) throws(EASEError) -> (model: EASE, gramSeconds: Double, inversionSeconds: Double) {
        let n = training.itemCount
        guard n <= Self.maximumItems else { throw .tooManyItems(items: n, maximum: Self.maximumItems) }
        let clock = Stopwatch()
        let weights: [Float]
        let gramSeconds: Double
        switch precision ?? Self.precision(for: training, lambda: configuration.lambda) {
        case .single:
            // Counts up to 2^24 are exact in Float; the inverse and B are computed in place.
            var matrix = regularizedGram(training, lambda: Float(configuration.lambda), context: context, as: Float.self)
            gramSeconds = clock.seconds
            guard matrix.withUnsafeMutableBufferPointer({ DenseLinearAlgebra.invertSymmetricPositiveDefinite($0.baseAddress!, order: n) })
            else { throw .notPositiveDefinite }
            weights = weightsFromInverse(&matrix, order: n)
        case .double:
            var matrix = regularizedGram(training, lambda: configuration.lambda, context: context, as: Double.self)
            gramSeconds = clock.seconds
            guard matrix.withUnsafeMutableBufferPointer({ DenseLinearAlgebra.invertSymmetricPositiveDefinite($0.baseAddress!, order: n) })
            else { throw .notPositiveDefinite }
            weights = weightsFromInverse(&matrix, order: n)
        }
        let model = EASE(configuration: configuration, training: training, weights: Matrix(rows: n, columns: n, storage: weights))
        return (model, gramSeconds, clock.seconds - gramSeconds)
    }

    /// `XᵀX + λI`, row-major, lower triangle only (j ≤ i: all that `potrf` with "U" reads).
    private static func regularizedGram<Element: BinaryFloatingPoint & Sendable>(
        _ training: InteractionMatrix, lambda: Element, context: ComputeContext, as: Element.Type
    ) -> [Element] {
        let n = training.itemCount
        let cooccurrence = ItemCooccurrence(training: training)
        var gram = [Element](repeating: 0, count: n * n)
        let chunkCount = (n + Self.chunkItems - 1) / Self.chunkItems
        gram.withUnsafeMutableBufferPointer { gram in
            let rows = SharedRows(base: gram.baseAddress!)
            context.forEachChunk(chunkCount, scratch: { [Int32](repeating: 0, count: n) }) { counts, chunk in
                counts.withUnsafeMutableBufferPointer { counts in
                    for item in (chunk * Self.chunkItems)..<min((chunk + 1) * Self.chunkItems, n) {
                        cooccurrence.lowerRow(item, into: counts)
                        let row = rows.base + item * n
                        for j in 0...item { row[j] = Element(counts[j]) }
                        row[item] += lambda
                    }
                }
            }
        }
        return gram
    }

    /// B from P in place, row by row (`B_ij = −P_ij / P_jj`, `B_ii = 0`), as the stored Float weights.
    private static func weightsFromInverse<Element: BinaryFloatingPoint>(_ matrix: inout [Element], order n: Int) -> [Float] {
        let diagonal = (0..<n).map { matrix[$0 * n + $0] }
        matrix.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                let row = p.baseAddress! + i * n
                for j in 0..<n { row[j] = -row[j] / diagonal[j] }
                row[i] = 0
            }
        }
        return Element.self == Float.self ? matrix as! [Float] : matrix.map { Float($0) }
    }

    private init(configuration: EASEConfiguration, training: InteractionMatrix, weights: Matrix) {
        self.configuration = configuration
        self.training = training
        self.weights = weights
    }

    public func scores(forUsers users: Range<Int>, into buffer: UnsafeMutableBufferPointer<Float>) {
        let n = itemCount
        precondition(users.lowerBound >= 0 && users.upperBound <= userCount, "users \(users) outside 0..<\(userCount)")
        precondition(buffer.count >= users.count * n, "score buffer holds \(buffer.count) values, needs \(users.count * n)")
        weights.storage.withUnsafeBufferPointer { weights in
            for (row, user) in users.enumerated() {
                let scores = buffer.baseAddress! + row * n
                scores.update(repeating: 0, count: n)
                for j in training.items(of: user) {
                    let source = weights.baseAddress! + Int(j) * n
                    for i in 0..<n { scores[i] += source[i] }
                }
            }
        }
    }
}
