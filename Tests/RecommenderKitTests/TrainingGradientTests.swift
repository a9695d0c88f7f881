#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import RecommenderKit

/// The batch gradients that training steps on, against central finite differences in Double.
@Suite struct TrainingGradientTests {
    static let d = 3
    // (user, positive, negative); the last triple is pushed far below the −80 clip below.
    static let triples = [(0, 0, 3), (0, 1, 4), (1, 1, 0), (1, 3, 5), (2, 4, 2), (0, 0, 5), (3, 2, 1)]

    /// A session whose single batch is `triples`, at parameters `p`, `q`.
    static func session(p: [Float], q: [Float], reg: Float) throws -> TrainingSession {
        let configuration = BPRConfiguration(factors: d, regularization: reg, batchSize: triples.count)
        let model = TrainingFixtures.model(users: 4, items: 6, d: d, p: p, q: q, configuration: configuration)
        let session = try TrainingSession(model: model, dataset: TrainingFixtures.small)
        for (s, t) in triples.enumerated() {
            session.batchUsers[s] = Int32(t.0)
            session.batchPositives[s] = Int32(t.1)
            session.batchNegatives[s] = Int32(t.2)
        }
        return session
    }

    static func gradients(_ session: TrainingSession) -> ([Float], [Float]) {
        (Array(UnsafeBufferPointer(start: session.userGradient.values, count: 4 * d)),
         Array(UnsafeBufferPointer(start: session.itemGradient.values, count: 6 * d)))
    }

    static let p = TrainingFixtures.values(4 * d, seed: 11, scale: 0.8)
    static let q = TrainingFixtures.values(6 * d, seed: 12, scale: 0.8)

    @Test(arguments: [Float(0), 0.3])
    func bprBatchGradientMatchesFiniteDifferences(reg: Float) throws {
        var session = try Self.session(p: Self.p, q: Self.q, reg: reg)
        let loss = session.accumulateBatchLoss() + session.accumulateRegularization()
        let (gp, gq) = Self.gradients(session)
        let pd = Self.p.map(Double.init), qd = Self.q.map(Double.init)
        let f = { (p: [Double], q: [Double]) in
            TrainingFixtures.referenceLoss(p: p, q: q, d: Self.d, triples: Self.triples, reg: Double(reg))
        }
        #expect(abs(loss - f(pd, qd)) < 1e-5 * f(pd, qd))
        TrainingFixtures.expectClose(gp, TrainingFixtures.finiteDifferences(pd) { f($0, qd) }, "dL/dP")
        TrainingFixtures.expectClose(gq, TrainingFixtures.finiteDifferences(qd) { f(pd, $0) }, "dL/dQ")
        _ = session.finish(from: TrainingFixtures.model(users: 4, items: 6, d: Self.d, p: Self.p, q: Self.q, configuration: BPRConfiguration(factors: Self.d)))
    }

    @Test func clippedPairsContributeTheirConstantLossAndNoGradient() throws {
        // User 3's only triple (3, 2, 1): p3 = (10, 10, 10), q2 − q1 = (−3, −3, −3) → x = −90 < −80.
        var p = Self.p, q = Self.q
        for k in 0..<3 { p[9 + k] = 10; q[6 + k] = -1.5; q[3 + k] = 1.5 }
        var session = try Self.session(p: p, q: q, reg: 0)
        let loss = session.accumulateBatchLoss()
        let (gp, gq) = Self.gradients(session)
        #expect(Array(gp[9..<12]) == [0, 0, 0], "the clipped pair must give user 3 no gradient")
        let pd = p.map(Double.init), qd = q.map(Double.init)
        let f = { (p: [Double], q: [Double]) in TrainingFixtures.referenceLoss(p: p, q: q, d: Self.d, triples: Self.triples) }
        // softplus(80) = 80 + log1p(e^−80) contributes 80 to the total.
        let unclipped = TrainingFixtures.referenceLoss(p: pd, q: qd, d: Self.d, triples: Array(Self.triples.dropLast()))
        #expect(abs(loss - (unclipped + 80)) < 1e-4)
        TrainingFixtures.expectClose(gp, TrainingFixtures.finiteDifferences(pd) { f($0, qd) }, "dL/dP clipped")
        TrainingFixtures.expectClose(gq, TrainingFixtures.finiteDifferences(qd) { f(pd, $0) }, "dL/dQ clipped")
    }

    @Test(arguments: [(Float(0), Float(1)), (0.2, 0.5)])
    func aprBatchGradientMatchesFiniteDifferencesWithDeltaHeldConstant(reg: Float, alpha: Float) throws {
        var session = try Self.session(p: Self.p, q: Self.q, reg: reg)
        let apr = APRConfiguration(epsilon: 0.4, alpha: alpha)
        let dp = UnsafeMutablePointer<Float>.allocate(capacity: 4 * Self.d)
        let dq = UnsafeMutablePointer<Float>.allocate(capacity: 6 * Self.d)
        dp.initialize(repeating: 0, count: 4 * Self.d)
        dq.initialize(repeating: 0, count: 6 * Self.d)
        defer { dp.deallocate(); dq.deallocate() }
        let (loss, bpr) = session.accumulatePerBatchAPR(apr, userDelta: dp, itemDelta: dq)
        let (gp, gq) = Self.gradients(session)
        // The clean BPR term alone, reported for loss charts, is the loss at P, Q.
        let cleanLoss = TrainingFixtures.referenceLoss(p: Self.p.map(Double.init), q: Self.q.map(Double.init), d: Self.d, triples: Self.triples)
        #expect(abs(bpr - cleanLoss) < 1e-5 * max(1, abs(cleanLoss)))
        let deltaP = Array(UnsafeBufferPointer(start: dp, count: 4 * Self.d)).map(Double.init)
        let deltaQ = Array(UnsafeBufferPointer(start: dq, count: 6 * Self.d)).map(Double.init)

        // Every touched row of Δ has norm ε and points along the clean gradient.
        let cleanP = TrainingFixtures.finiteDifferences(Self.p.map(Double.init)) {
            TrainingFixtures.referenceLoss(p: $0, q: Self.q.map(Double.init), d: Self.d, triples: Self.triples)
        }
        for u in 0..<4 {
            let row = deltaP[(u * 3)..<(u * 3 + 3)], g = cleanP[(u * 3)..<(u * 3 + 3)]
            let norm = row.map { $0 * $0 }.reduce(0, +).squareRoot()
            let gNorm = g.map { $0 * $0 }.reduce(0, +).squareRoot()
            #expect(abs(norm - 0.4) < 1e-6, "user \(u): ‖Δ‖ = \(norm)")
            for (a, b) in zip(row, g) { #expect(abs(a - 0.4 * b / gNorm) < 1e-4) }
        }

        let pd = Self.p.map(Double.init), qd = Self.q.map(Double.init)
        let f = { (p: [Double], q: [Double]) -> Double in
            TrainingFixtures.referenceLoss(p: p, q: q, d: Self.d, triples: Self.triples, reg: Double(reg))
                + Double(alpha) * TrainingFixtures.referenceLoss(p: p, q: q, d: Self.d, triples: Self.triples, offsetP: deltaP, offsetQ: deltaQ)
        }
        #expect(abs(loss - f(pd, qd)) < 1e-5 * f(pd, qd))
        TrainingFixtures.expectClose(gp, TrainingFixtures.finiteDifferences(pd) { f($0, qd) }, "dAPR/dP")
        TrainingFixtures.expectClose(gq, TrainingFixtures.finiteDifferences(qd) { f(pd, $0) }, "dAPR/dQ")
    }

    @Test func fullDataGradientMatchesFiniteDifferencesWithTheSameNegatives() throws {
        let data = TrainingFixtures.small
        let sampler = try NegativeSampler(data.train)
        let generator = SeededGenerator(seed: 5)
        let model = FactorModel(
            userFactors: Matrix(rows: 4, columns: Self.d, storage: Self.p), itemFactors: Matrix(rows: 6, columns: Self.d, storage: Self.q))
        let gradient = FullDataGradient.compute(
            at: model, training: data.train, sampler: sampler, regularization: 0.1, generator: generator, context: .singleThreaded)
        // One chunk for so few pairs: its negatives are drawn in row order from derived(0).
        #expect(FullDataGradient.chunkBounds(data.train) == [0, 4])
        var negatives = generator.derived(0)
        let triples = data.train.pairs.map { ($0.user, $0.item, sampler.draw(for: $0.user, using: &negatives)) }
        let pd = Self.p.map(Double.init), qd = Self.q.map(Double.init)
        let f = { (p: [Double], q: [Double]) in TrainingFixtures.referenceLoss(p: p, q: q, d: Self.d, triples: triples, reg: 0.1) }
        #expect(abs(gradient.loss - f(pd, qd)) < 1e-5 * f(pd, qd))
        TrainingFixtures.expectClose(gradient.user, TrainingFixtures.finiteDifferences(pd) { f($0, qd) }, "full dL/dP")
        TrainingFixtures.expectClose(gradient.item, TrainingFixtures.finiteDifferences(qd) { f(pd, $0) }, "full dL/dQ")
    }

    /// Several chunks (each with its own negative stream) and item rows summed across them:
    /// against the gradient written out in Double, ∂/∂p_u = Σ s (q_i − q_j) + 2 reg p_u / (N d)
    /// per pair of u, ∂/∂q_i = Σ s p_u + 2 reg q_i / (N d), ∂/∂q_j = Σ −s p_u + 2 reg q_j / (N d),
    /// with s = −1 / (1 + e^x); and the same bits on 1, 2 and 3 threads.
    @Test func fullDataGradientOverSeveralChunksMatchesTheAnalyticGradient() throws {
        let problem = try ChunkedProblem()
        let (data, d, reg, model, sampler, generator) = (problem.data, ChunkedProblem.d, ChunkedProblem.reg, problem.model, problem.sampler, problem.generator)
        #expect(problem.bounds.count - 1 >= 2)
        let gradients = [1, 2, 3].map { threads in
            FullDataGradient.compute(
                at: model, training: data.train, sampler: sampler, regularization: Float(reg), generator: generator,
                context: ComputeContext(threads: threads))
        }
        #expect(gradients[1].item == gradients[0].item && gradients[2].item == gradients[0].item)
        #expect(gradients[1].user == gradients[0].user && gradients[2].user == gradients[0].user)

        let p = model.userFactors.storage.map(Double.init), q = model.itemFactors.storage.map(Double.init)
        var gp = [Double](repeating: 0, count: p.count), gq = [Double](repeating: 0, count: q.count)
        let n = Double(data.train.count * d)
        problem.forEachPairWithItsNegative { u, i, j in
            let x = (0..<d).reduce(0.0) { $0 + p[u * d + $1] * (q[i * d + $1] - q[j * d + $1]) }
            let slope = -1 / (1 + exp(x))
            for f in 0..<d {
                let pu: Double = p[u * d + f], qi: Double = q[i * d + f], qj: Double = q[j * d + f]
                gp[u * d + f] += slope * (qi - qj) + 2 * reg * pu / n
                gq[i * d + f] += slope * pu + 2 * reg * qi / n
                gq[j * d + f] += 2 * reg * qj / n - slope * pu
            }
        }
        TrainingFixtures.expectClose(gradients[0].user, gp, tolerance: 1e-4, "dL/dP over chunks")
        TrainingFixtures.expectClose(gradients[0].item, gq, tolerance: 1e-4, "dL/dQ over chunks")
    }

    @Test func theLossAloneIsTheGradientsLossBitForBitAndMatchesADirectSum() throws {
        let problem = try ChunkedProblem()
        let (data, d, reg, model, sampler, generator) = (problem.data, ChunkedProblem.d, ChunkedProblem.reg, problem.model, problem.sampler, problem.generator)
        #expect(problem.bounds.count - 1 >= 2)
        let withGradient = FullDataGradient.compute(
            at: model, training: data.train, sampler: sampler, regularization: Float(reg), generator: generator, context: .singleThreaded)
        for threads in [1, 2, 3] {
            let alone = FullDataGradient.loss(
                at: model, training: data.train, sampler: sampler, regularization: Float(reg), generator: generator,
                context: ComputeContext(threads: threads))
            #expect(alone.bitPattern == withGradient.loss.bitPattern, "\(threads) threads: \(alone) vs \(withGradient.loss)")
        }
        // Σ softplus(−x_uij) + reg · Σ (p_u² + q_i² + q_j²) / (N · d), in Double, with the same negatives.
        let p = model.userFactors.storage.map(Double.init), q = model.itemFactors.storage.map(Double.init)
        var softplus = 0.0, squares = 0.0
        problem.forEachPairWithItsNegative { u, i, j in
            let x = (0..<d).reduce(0.0) { $0 + p[u * d + $1] * (q[i * d + $1] - q[j * d + $1]) }
            softplus += log1p(exp(-x))
            squares += (0..<d).reduce(0.0) { $0 + p[u * d + $1] * p[u * d + $1] + q[i * d + $1] * q[i * d + $1] + q[j * d + $1] * q[j * d + $1] }
        }
        let expected = softplus + reg * squares / Double(data.train.count * d)
        #expect(abs(withGradient.loss - expected) < 1e-6 * expected, "\(withGradient.loss) vs \(expected)")
    }
}

/// A problem large enough for several gradient chunks, for the full-data gradient and loss tests.
private struct ChunkedProblem {
    static let d = 8, reg = 0.1
    let data = TrainingFixtures.generated(users: 150, items: 400, seed: 1)
    let model = FactorModel.truncatedNormal(users: 150, items: 400, factors: d, standardDeviation: 0.3, generator: SeededGenerator(seed: 2))
    let generator = SeededGenerator(seed: 9)
    let sampler: NegativeSampler
    var bounds: [Int] { FullDataGradient.chunkBounds(data.train) }

    init() throws { sampler = try NegativeSampler(data.train) }

    /// Every training pair chunk by chunk, with the negative its chunk's own stream draws, the
    /// order `FullDataGradient` is documented to use: `body(user, positive, negative)`.
    func forEachPairWithItsNegative(_ body: (Int, Int, Int) -> Void) {
        let bounds = self.bounds
        for c in 0..<(bounds.count - 1) {
            var negatives = generator.derived(UInt64(c))
            for u in bounds[c]..<bounds[c + 1] {
                for item in data.train.items(of: u) { body(u, Int(item), sampler.draw(for: u, using: &negatives)) }
            }
        }
    }
}
