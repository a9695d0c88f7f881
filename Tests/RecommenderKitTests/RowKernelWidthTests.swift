#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import RecommenderKit

/// The SIMD row kernels at widths that use their 8- and 16-wide paths (8, 64) and their
/// scalar remainders (13 = 8 + 5), against scalar references written here. The gradient
/// tests elsewhere run at d = 3, where only the remainder loops run.
@Suite struct RowKernelWidthTests {
    static let widths = [8, 13, 64]

    static func scalarDotDifference(_ a: [Float], _ b: [Float], _ c: [Float]) -> Double {
        (0..<a.count).reduce(0.0) { $0 + Double(a[$1]) * (Double(b[$1]) - Double(c[$1])) }
    }

    static func expectClose(_ actual: [Float], _ expected: [Double], tolerance: Double = 1e-5, _ what: String) {
        #expect(actual.count == expected.count)
        for k in 0..<min(actual.count, expected.count) {
            #expect(abs(Double(actual[k]) - expected[k]) <= tolerance * max(1, abs(expected[k])), "\(what)[\(k)]: \(actual[k]) vs \(expected[k])")
        }
    }

    @Test(arguments: widths)
    func rowKernelsMatchScalarArithmetic(d: Int) {
        let a = TrainingFixtures.values(d, seed: 1, scale: 1), b = TrainingFixtures.values(d, seed: 2, scale: 1)
        let c = TrainingFixtures.values(d, seed: 3, scale: 1)
        let g0 = TrainingFixtures.values(d, seed: 4, scale: 1)
        let x = RowKernels.dotDifference(a, b, c, d)
        #expect(abs(Double(x) - Self.scalarDotDifference(a, b, c)) < 1e-5 * Double(d))

        // accumulatePair with weight w: slope = w · d softplus(−x)/dx = −w / (1 + e^x).
        let w: Float = 0.75
        var gu = g0, gi = g0, gj = g0
        var loss = LossSum()
        RowKernels.accumulatePair(pu: a, qi: b, qj: c, gu: &gu, gi: &gi, gj: &gj, d: d, weight: w, loss: &loss)
        let slope = -Double(w) / (1 + exp(Double(x)))
        Self.expectClose(gu, (0..<d).map { Double(g0[$0]) + slope * (Double(b[$0]) - Double(c[$0])) }, "gu")
        Self.expectClose(gi, (0..<d).map { Double(g0[$0]) + slope * Double(a[$0]) }, "gi")
        Self.expectClose(gj, (0..<d).map { Double(g0[$0]) - slope * Double(a[$0]) }, "gj")
        #expect(abs(loss.total - TrainingFixtures.softplus(-Double(x))) < 1e-6)

        // The split per-row kernels do the same arithmetic, one row each.
        var su = g0, si = g0, sj = g0
        let s = Float(slope)
        RowKernels.accumulateUserRow(slope: s, qi: b, qj: c, gu: &su, d: d)
        RowKernels.accumulatePositiveRow(slope: s, pu: a, gi: &si, d: d)
        RowKernels.accumulateNegativeRow(slope: s, pu: a, gj: &sj, d: d)
        Self.expectClose(su, (0..<d).map { Double(g0[$0]) + slope * (Double(b[$0]) - Double(c[$0])) }, "user row")
        Self.expectClose(si, (0..<d).map { Double(g0[$0]) + slope * Double(a[$0]) }, "positive row")
        Self.expectClose(sj, (0..<d).map { Double(g0[$0]) - slope * Double(a[$0]) }, "negative row")
    }

    /// A session on `TrainingFixtures.small` whose single batch is `triples`.
    static let triples = [(0, 0, 3), (0, 1, 4), (1, 1, 0), (1, 3, 5), (2, 4, 2), (0, 0, 5), (3, 2, 1)]

    @Test(arguments: widths)
    func batchGradientMatchesFiniteDifferencesAtSIMDWidths(d: Int) throws {
        // Scaled so x_uij stays O(1) at every width (the clip and saturation are tested at d = 3).
        let scale = Float(1.6 / Double(d).squareRoot())
        let p = TrainingFixtures.values(4 * d, seed: 11, scale: scale), q = TrainingFixtures.values(6 * d, seed: 12, scale: scale)
        let reg: Float = 0.3
        let configuration = BPRConfiguration(factors: d, regularization: reg, batchSize: Self.triples.count)
        let model = TrainingFixtures.model(users: 4, items: 6, d: d, p: p, q: q, configuration: configuration)
        var session = try TrainingSession(model: model, dataset: TrainingFixtures.small)
        for (s, t) in Self.triples.enumerated() {
            session.batchUsers[s] = Int32(t.0)
            session.batchPositives[s] = Int32(t.1)
            session.batchNegatives[s] = Int32(t.2)
        }
        let loss = session.accumulateBatchLoss() + session.accumulateRegularization()
        let gp = Array(UnsafeBufferPointer(start: session.userGradient.values, count: 4 * d))
        let gq = Array(UnsafeBufferPointer(start: session.itemGradient.values, count: 6 * d))
        _ = session.finish(from: model)
        let pd = p.map(Double.init), qd = q.map(Double.init)
        let f = { (p: [Double], q: [Double]) in
            TrainingFixtures.referenceLoss(p: p, q: q, d: d, triples: Self.triples, reg: Double(reg))
        }
        #expect(abs(loss - f(pd, qd)) < 1e-5 * f(pd, qd))
        TrainingFixtures.expectClose(gp, TrainingFixtures.finiteDifferences(pd) { f($0, qd) }, "dL/dP at d=\(d)")
        TrainingFixtures.expectClose(gq, TrainingFixtures.finiteDifferences(qd) { f(pd, $0) }, "dL/dQ at d=\(d)")
    }

    /// One epoch of per-sample SGD, coded scalar and in order: for each pair of the epoch's
    /// shuffled order, draw a negative by rejection (uniform item, redrawn while the user has
    /// it), then θ −= lr · (slope · ∂x/∂θ + reg · θ) for the three rows, all read before any is written.
    static func referencePerSampleEpoch(
        p: inout [Float], q: inout [Float], d: Int, dataset: Dataset, order: [UInt64], negatives: SeededGenerator,
        lr: Float, reg: Float
    ) -> Double {
        var negatives = negatives
        let positives = Set((0..<dataset.userCount).flatMap { u in dataset.train.items(of: u).map { u * dataset.itemCount + Int($0) } })
        var loss = 0.0
        for pair in order {
            let u = Int(pair >> 32), i = Int(pair & 0xFFFF_FFFF)
            var j = negatives.nextInt(below: dataset.itemCount)
            while positives.contains(u * dataset.itemCount + j) { j = negatives.nextInt(below: dataset.itemCount) }
            let a = Array(p[u * d..<(u + 1) * d]), b = Array(q[i * d..<(i + 1) * d]), c = Array(q[j * d..<(j + 1) * d])
            let x = scalarDotDifference(a, b, c)
            loss += TrainingFixtures.softplus(-x)
            let slope = Float(-1 / (1 + exp(x)))
            for k in 0..<d {
                p[u * d + k] = a[k] - lr * (slope * (b[k] - c[k]) + reg * a[k])
                q[i * d + k] = b[k] - lr * (slope * a[k] + reg * b[k])
                q[j * d + k] = c[k] - lr * (reg * c[k] - slope * a[k])
            }
        }
        return loss
    }

    @Test(arguments: [3, 8, 13])
    func perSampleSGDEpochMatchesAScalarReference(d: Int) throws {
        let data = TrainingFixtures.generated(users: 6, items: 9, seed: 5)
        let configuration = BPRConfiguration(factors: d, learningRate: 0.2, regularization: 0.05, optimizer: .sgdPerSample)
        let p0 = TrainingFixtures.values(6 * d, seed: 21, scale: 0.5), q0 = TrainingFixtures.values(9 * d, seed: 22, scale: 0.5)
        let model = TrainingFixtures.model(users: 6, items: 9, d: d, p: p0, q: q0, configuration: configuration)
        let trained = try BPRTrainer.continueTraining(model, on: data, epochs: 1)

        // The epoch's order and negative stream, as the trainer documents them (epoch 1's
        // stream, derived "shuffle" and "negatives"); the arithmetic is the reference's own.
        let stream = model.generator.derived("epoch").derived(1)
        var shuffle = stream.derived("shuffle")
        let order = TrainingPairs(data.train).shuffled(using: &shuffle)
        #expect(order.count == data.train.count && order.count > 10)
        var p = p0, q = q0
        let loss = Self.referencePerSampleEpoch(
            p: &p, q: &q, d: d, dataset: data, order: order, negatives: stream.derived("negatives"), lr: 0.2, reg: 0.05)
        #expect(p != p0 && q != q0)
        Self.expectClose(trained.factors.userFactors.storage, p.map(Double.init), tolerance: 1e-4, "P at d=\(d)")
        Self.expectClose(trained.factors.itemFactors.storage, q.map(Double.init), tolerance: 1e-4, "Q at d=\(d)")
        #expect(abs(trained.history.last!.loss - loss) < 1e-4 * loss)
    }
}
