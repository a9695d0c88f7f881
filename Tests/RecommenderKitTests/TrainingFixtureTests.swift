#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import RecommenderKit

/// Tiny hand-made datasets and a Double-precision reference of the seed's loss.
enum TrainingFixtures {
    static func dataset(users: Int, items: Int, train: [(Int, Int)], test: [(Int, Int)] = []) -> Dataset {
        Dataset(
            name: "fixture",
            users: IDMap(rawIDs: (0..<users).map(String.init)),
            items: IDMap(rawIDs: (0..<items).map(String.init)),
            train: InteractionMatrix(userCount: users, itemCount: items, pairs: train.map { (user: $0.0, item: $0.1) }),
            test: InteractionMatrix(userCount: users, itemCount: items, pairs: test.map { (user: $0.0, item: $0.1) }))
    }

    /// 4 users, 6 items, 10 training pairs.
    static let small = dataset(
        users: 4, items: 6,
        train: [(0, 0), (0, 1), (0, 2), (1, 1), (1, 3), (2, 0), (2, 4), (2, 5), (3, 2), (3, 5)],
        test: [(0, 3), (1, 0), (2, 1), (3, 4)])

    /// A larger generated dataset (each user likes a pseudo-random third of the items).
    static func generated(users: Int, items: Int, seed: UInt64) -> Dataset {
        var rng = SeededGenerator(seed: seed)
        var pairs: [(Int, Int)] = []
        for u in 0..<users {
            for i in 0..<items where rng.nextInt(below: 3) == 0 { pairs.append((u, i)) }
        }
        return dataset(users: users, items: items, train: pairs)
    }

    /// A model with given factor values (row-major).
    static func model(users: Int, items: Int, d: Int, p: [Float], q: [Float], configuration: BPRConfiguration) -> BPRModel {
        BPRModel(
            factors: FactorModel(
                userFactors: Matrix(rows: users, columns: d, storage: p), itemFactors: Matrix(rows: items, columns: d, storage: q)),
            optimizer: OptimizerState(kind: configuration.optimizer, users: users, items: items, factors: d),
            configuration: configuration, generator: SeededGenerator(seed: 1))
    }

    /// Deterministic values in [−scale, scale).
    static func values(_ count: Int, seed: UInt64, scale: Float) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in (rng.nextUnitFloat() * 2 - 1) * scale }
    }

    static func softplus(_ t: Double) -> Double { t > 0 ? t + log1p(exp(-t)) : log1p(exp(t)) }

    /// Σ softplus(−clip(x_uij, −80, 1e8)) + reg · Σ(p_u² + q_i² + q_j²) / (triples · d), in Double,
    /// at P + offsetP, Q + offsetQ.
    static func referenceLoss(
        p: [Double], q: [Double], d: Int, triples: [(Int, Int, Int)], reg: Double = 0,
        offsetP: [Double]? = nil, offsetQ: [Double]? = nil
    ) -> Double {
        var loss = 0.0, squares = 0.0
        func pv(_ u: Int, _ k: Int) -> Double { p[u * d + k] + (offsetP?[u * d + k] ?? 0) }
        func qv(_ i: Int, _ k: Int) -> Double { q[i * d + k] + (offsetQ?[i * d + k] ?? 0) }
        for (u, i, j) in triples {
            var x = 0.0
            for k in 0..<d {
                x += pv(u, k) * (qv(i, k) - qv(j, k))
                squares += pv(u, k) * pv(u, k) + qv(i, k) * qv(i, k) + qv(j, k) * qv(j, k)
            }
            loss += softplus(-min(max(x, -80), 1e8))
        }
        return loss + reg * squares / Double(triples.count * d)
    }

    /// Central finite differences of `f` at every coordinate of `x`.
    static func finiteDifferences(_ x: [Double], h: Double = 1e-4, _ f: ([Double]) -> Double) -> [Double] {
        (0..<x.count).map { k in
            var plus = x, minus = x
            plus[k] += h
            minus[k] -= h
            return (f(plus) - f(minus)) / (2 * h)
        }
    }

    static func expectClose(_ analytic: [Float], _ numeric: [Double], tolerance: Double = 2e-4, _ what: String) {
        #expect(analytic.count == numeric.count)
        for k in 0..<min(analytic.count, numeric.count) {
            let a = Double(analytic[k]), n = numeric[k]
            #expect(abs(a - n) <= tolerance * max(1, abs(n)), "\(what)[\(k)]: analytic \(a) vs finite difference \(n)")
        }
    }
}

@Suite struct TrainingFixtureTests {
    @Test func smallFixtureHasTheExpectedShape() {
        let data = TrainingFixtures.small
        #expect(data.userCount == 4 && data.itemCount == 6 && data.train.count == 10)
    }

    @Test func finiteDifferencesOfAQuadraticAreExact() {
        // f(x) = x0² + 3·x0·x1 → ∇f(1, 2) = (2·1 + 3·2, 3·1) = (8, 3).
        let g = TrainingFixtures.finiteDifferences([1, 2]) { $0[0] * $0[0] + 3 * $0[0] * $0[1] }
        #expect(abs(g[0] - 8) < 1e-6 && abs(g[1] - 3) < 1e-6)
    }
}
