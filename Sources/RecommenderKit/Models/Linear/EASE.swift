/// EASE's one setting.
public struct EASEConfiguration: Sendable, Equatable {
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
/// The Gram matrix is exact integer counts, the inverse is a double-precision Cholesky
/// inverse on one OpenBLAS thread, and B is stored as `Float`.
public struct EASE: Recommender, Equatable {
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

    /// Fits the model and reports the seconds of its two phases (for recbook-bench).
    public static func timedFit(
        training: InteractionMatrix, configuration: EASEConfiguration = EASEConfiguration(), context: ComputeContext = .singleThreaded
    ) throws(EASEError) -> (model: EASE, gramSeconds: Double, inversionSeconds: Double) {
        let n = training.itemCount
        guard n <= Self.maximumItems else { throw .tooManyItems(items: n, maximum: Self.maximumItems) }
        let cooccurrence = ItemCooccurrence(training: training)
        let clock = Stopwatch()
        var gram = [Double](repeating: 0, count: n * n)
        let chunkCount = (n + Self.chunkItems - 1) / Self.chunkItems
        gram.withUnsafeMutableBufferPointer { gram in
            let rows = SharedRows(base: gram.baseAddress!)
            context.forEachChunk(chunkCount, scratch: { [Int32](repeating: 0, count: n) }) { counts, chunk in
                counts.withUnsafeMutableBufferPointer { counts in
                    // The lower triangle (j ≤ item) only: all that `dpotrf` with "U" (column-major) reads.
                    for item in (chunk * Self.chunkItems)..<min((chunk + 1) * Self.chunkItems, n) {
                        cooccurrence.lowerRow(item, into: counts)
                        let row = rows.base + item * n
                        for j in 0...item { row[j] = Double(counts[j]) }
                    }
                }
            }
        }
        for i in 0..<n { gram[i * n + i] += configuration.lambda }
        let gramSeconds = clock.seconds
        let inverted = gram.withUnsafeMutableBufferPointer {
            DenseLinearAlgebra.invertSymmetricPositiveDefinite($0.baseAddress!, order: n)
        }
        guard inverted else { throw .notPositiveDefinite }
        var weights = [Float](repeating: 0, count: n * n)
        for j in 0..<n {
            let diagonal = gram[j * n + j]
            for i in 0..<n where i != j {
                // B[i, j] = −P[i, j] / P[j, j]; stored row i.
                weights[i * n + j] = Float(-gram[i * n + j] / diagonal)
            }
        }
        let model = EASE(configuration: configuration, training: training, weights: Matrix(rows: n, columns: n, storage: weights))
        return (model, gramSeconds, clock.seconds - gramSeconds)
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
