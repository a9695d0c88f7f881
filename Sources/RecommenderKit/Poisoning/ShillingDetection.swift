/// Unsupervised detectors of injected profiles. Each gives every user a *suspicion* (higher is
/// more suspicious) and flags the most suspicious users (docs/algorithms.md).
public enum ShillingDetectorKind: String, Sendable, CaseIterable, Codable {
    /// PCA variable selection (Mehta & Nejdl 2007): users are the variables of the per-user
    /// standardised user × item matrix; the users that contribute least to its top principal
    /// components are suspicious (suspicion = −Σ loading² over the top components).
    case pca
    /// Degree of similarity with the top neighbours (Chirita et al. 2005): the mean cosine
    /// similarity of a user's training row to its `neighbours` most similar users.
    case similarity
}

/// How many users a detector flags: a fixed count, or a share of all users.
public enum FlagRule: Sendable, Equatable {
    case count(Int)
    /// Share in (0, 1] of all users, rounded, at least one.
    case share(Double)

    public func resolved(users: Int) -> Int {
        switch self {
        case .count(let n): min(n, users)
        case .share(let s): min(users, max(1, Int((s * Double(users)).rounded())))
        }
    }
}

/// Precision, recall and F1 of a set of flagged users against the known injected ones.
public struct DetectionScore: Sendable, Equatable, Codable {
    public var flagged: Int
    public var injected: Int
    public var truePositives: Int

    public init(flagged: [Int], injected: [Int]) {
        self.flagged = flagged.count
        self.injected = injected.count
        truePositives = Set(flagged).intersection(injected).count
    }

    /// Flagged users that are fake (NaN when nothing is flagged).
    public var precision: Double { flagged == 0 ? .nan : Double(truePositives) / Double(flagged) }
    /// Fake users that are flagged (NaN for a dataset without fake users).
    public var recall: Double { injected == 0 ? .nan : Double(truePositives) / Double(injected) }
    /// Harmonic mean of precision and recall (0 when both are 0; NaN when either is undefined).
    public var f1: Double {
        let p = precision, r = recall
        if p.isNaN || r.isNaN { return .nan }
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
}

public struct ShillingDetection: Sendable, Equatable, Codable {
    public var method: ShillingDetectorKind
    /// Suspicion of every user, indexed by user.
    public var suspicion: [Double]
    /// Flagged users, ascending.
    public var flagged: [Int]
    public var score: DetectionScore
}

public struct ShillingDetector: Sendable {
    public var method: ShillingDetectorKind
    public var rule: FlagRule
    /// Principal components kept (PCA).
    public var components: Int
    /// Neighbours averaged over (similarity).
    public var neighbours: Int

    public init(method: ShillingDetectorKind, rule: FlagRule, components: Int = 3, neighbours: Int = 25) {
        self.method = method
        self.rule = rule
        self.components = components
        self.neighbours = neighbours
    }

    /// Scores every user of `dataset`'s training part and flags the `rule` most suspicious
    /// (ties: lower user index first), scored against `dataset.injectedUsers`.
    public func detect(_ dataset: Dataset, generator: SeededGenerator) -> ShillingDetection {
        let suspicion: [Double]
        switch method {
        case .pca: suspicion = Self.pcaSuspicion(dataset.train, components: components, generator: generator)
        case .similarity: suspicion = Self.similaritySuspicion(dataset.train, neighbours: neighbours)
        }
        let n = rule.resolved(users: dataset.userCount)
        let order = suspicion.indices.sorted { a, b in suspicion[a] != suspicion[b] ? suspicion[a] > suspicion[b] : a < b }
        let flagged = order.prefix(n).sorted()
        return ShillingDetection(
            method: method, suspicion: suspicion, flagged: flagged,
            score: DetectionScore(flagged: flagged, injected: dataset.injectedUsers))
    }

    // MARK: PCA

    /// −(sum of squared loadings on the top `components` eigenvectors of the users' correlation
    /// matrix C = Z Zᵀ / items), Z the training matrix with each user's row standardised.
    /// Z is dense but never built: its products go through the sparse rows (see `CorrelationOperator`).
    static func pcaSuspicion(_ train: InteractionMatrix, components: Int, generator: SeededGenerator) -> [Double] {
        let op = CorrelationOperator(train)
        let c = max(1, min(components, train.userCount))
        var stream = generator.derived("pca")
        var basis = (0..<c).map { _ in (0..<train.userCount).map { _ in stream.nextUnitDouble() - 0.5 } }
        orthonormalise(&basis)
        // Subspace iteration: converges to the top-c eigenvectors at the rate of the eigenvalue gap.
        for _ in 0..<300 {
            var next = basis.map(op.apply)
            orthonormalise(&next)
            var change = 0.0
            for j in 0..<c {
                // Eigenvectors are defined up to sign: compare |⟨old, new⟩| with 1.
                change = max(change, 1 - abs(dot(basis[j], next[j])))
            }
            basis = next
            if change < 1e-12 { break }
        }
        return (0..<train.userCount).map { u in -basis.reduce(0) { $0 + $1[u] * $1[u] } }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    /// Modified Gram–Schmidt; a vector that vanishes is left at zero.
    static func orthonormalise(_ vectors: inout [[Double]]) {
        for j in vectors.indices {
            for i in 0..<j {
                let p = dot(vectors[i], vectors[j])
                for k in vectors[j].indices { vectors[j][k] -= p * vectors[i][k] }
            }
            let norm = dot(vectors[j], vectors[j]).squareRoot()
            if norm > 0 { for k in vectors[j].indices { vectors[j][k] /= norm } }
        }
    }

    /// v ↦ Z Zᵀ v / items for Z_u = (x_u − m_u) / s_u, with m_u the user's share of items and
    /// s_u = √(m_u(1 − m_u)); a user with s_u = 0 (no items, or all) has a zero row.
    struct CorrelationOperator {
        let train: InteractionMatrix
        let mean: [Double]
        let inverseSD: [Double]

        init(_ train: InteractionMatrix) {
            self.train = train
            let n = Double(train.itemCount)
            var mean: [Double] = [], inverseSD: [Double] = []
            for u in 0..<train.userCount {
                let m = Double(train.items(of: u).count) / n
                let sd = (m * (1 - m)).squareRoot()
                mean.append(m)
                inverseSD.append(sd > 0 ? 1 / sd : 0)
            }
            self.mean = mean
            self.inverseSD = inverseSD
        }

        func apply(_ v: [Double]) -> [Double] {
            // w = Zᵀ v: w_i = Σ_u (v_u / s_u) x_ui − Σ_u v_u m_u / s_u.
            var w = [Double](repeating: 0, count: train.itemCount)
            var shift = 0.0
            for u in 0..<train.userCount {
                let a = v[u] * inverseSD[u]
                shift += a * mean[u]
                for i in train.items(of: u) { w[Int(i)] += a }
            }
            var total = 0.0
            for i in w.indices {
                w[i] -= shift
                total += w[i]
            }
            // (Z w)_u = (Σ_{i ∈ u} w_i − m_u Σ_i w_i) / s_u.
            let n = Double(train.itemCount)
            return (0..<train.userCount).map { u in
                var s = 0.0
                for i in train.items(of: u) { s += w[Int(i)] }
                return (s - mean[u] * total) * inverseSD[u] / n
            }
        }
    }

    // MARK: Similarity

    /// Mean cosine similarity of each user's training row to its `neighbours` most similar
    /// other users (fewer when there are fewer other users).
    static func similaritySuspicion(_ train: InteractionMatrix, neighbours: Int) -> [Double] {
        let users = train.userCount
        var byItem = [[Int]](repeating: [], count: train.itemCount)
        for u in 0..<users { for i in train.items(of: u) { byItem[Int(i)].append(u) } }
        let sizes = (0..<users).map { Double(train.items(of: $0).count) }
        var shared = [Int](repeating: 0, count: users)
        var touched: [Int] = []
        return (0..<users).map { u in
            guard sizes[u] > 0 else { return 0 }
            for i in train.items(of: u) {
                for v in byItem[Int(i)] where v != u {
                    if shared[v] == 0 { touched.append(v) }
                    shared[v] += 1
                }
            }
            var similarities = touched.map { v in Double(shared[v]) / (sizes[u] * sizes[v]).squareRoot() }
            for v in touched { shared[v] = 0 }
            touched.removeAll(keepingCapacity: true)
            similarities.sort(by: >)
            let k = min(neighbours, users - 1)
            guard k > 0 else { return 0 }
            // Users sharing no item have similarity 0 and still count among the k.
            return similarities.prefix(k).reduce(0, +) / Double(k)
        }
    }
}

extension Dataset {
    /// The dataset without `removed` users (their training and test rows and ids): every
    /// item keeps its index, the other users keep their order. `injectedUsers` is re-indexed
    /// and keeps the fake users that were not removed.
    public func removingUsers(_ removed: [Int]) -> Dataset {
        let gone = Set(removed)
        let kept = (0..<userCount).filter { !gone.contains($0) }
        var newIndex = [Int](repeating: -1, count: userCount)
        for (i, u) in kept.enumerated() { newIndex[u] = i }
        func rows(_ m: InteractionMatrix) -> InteractionMatrix {
            var offsets = [0], items: [Int32] = []
            for u in kept {
                items += m.items(of: u)
                offsets.append(items.count)
            }
            return InteractionMatrix(userCount: kept.count, itemCount: itemCount, rowOffsets: offsets, items: items)
        }
        let ids = IDMap(rawIDs: []).appending(kept.map(users.rawID(of:)))
        var result = Dataset(name: name, users: ids, items: items, train: rows(train), test: rows(test), sourceFiles: sourceFiles)
        result.duplicatesCollapsed = duplicatesCollapsed
        result.rowsBelowThreshold = rowsBelowThreshold
        result.injectedUsers = injectedUsers.filter { !gone.contains($0) }.map { newIndex[$0] }
        return result
    }
}
