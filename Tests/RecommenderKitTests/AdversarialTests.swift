#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import RecommenderKit

@Suite struct AdversarialTests {
    static let data = TrainingFixtures.generated(users: 12, items: 20, seed: 7)
    static let configuration = BPRConfiguration(factors: 4, epochs: 5, batchSize: 16, initialStandardDeviation: 0.1)

    static func trained() throws -> BPRModel {
        try BPRTrainer.train(on: data, configuration: configuration, generator: SeededGenerator(seed: 3))
    }

    static func deltaNorms(_ attacked: FactorModel, _ clean: FactorModel) -> (users: [Double], items: [Double]) {
        let d = clean.factorCount
        let du = zip(attacked.userFactors.storage, clean.userFactors.storage).map { $0 - $1 }
        let di = zip(attacked.itemFactors.storage, clean.itemFactors.storage).map { $0 - $1 }
        return (RowNormalization.rowNorms(du, width: d), RowNormalization.rowNorms(di, width: d))
    }

    @Test func fgsmRowsHaveNormEpsilonAndTheInputIsUnchanged() throws {
        let model = try Self.trained()
        let copy = model
        let attacked = try FGSMAttack(epsilon: 0.5).attack(model.factors, on: Self.data, generator: SeededGenerator(seed: 9))
        #expect(model == copy)
        let norms = Self.deltaNorms(attacked.factors, model.factors)
        for n in norms.users + norms.items { #expect(abs(n - 0.5) < 1e-3, "row norm \(n)") }
        #expect(attacked.perturbation.perturbedUserRows == 12 && attacked.perturbation.perturbedItemRows == 20)
        let before = try #require(attacked.perturbation.lossBefore), after = try #require(attacked.perturbation.lossAfter)
        #expect(after > before, "the attack must raise the loss: \(before) → \(after)")
        #expect(attacked.perturbation.summary == "FGSM, ε = 0.5 per row (12 users, 20 items)")
    }

    @Test func fgsmPointsAlongTheFullDataGradient() throws {
        let model = try Self.trained()
        let generator = SeededGenerator(seed: 9)
        let attacked = try FGSMAttack(epsilon: 0.25).attack(model.factors, on: Self.data, generator: generator)
        let gradient = FullDataGradient.compute(
            at: model.factors, training: Self.data.train, sampler: try NegativeSampler(Self.data.train),
            regularization: 0, generator: generator.derived("fgsm"), context: .singleThreaded)
        let d = 4
        for u in 0..<12 {
            let g = gradient.user[(u * d)..<(u * d + d)]
            let norm = g.map { Double($0) * Double($0) }.reduce(0, +).squareRoot()
            for k in 0..<d {
                let delta = Double(attacked.factors.userFactors[u, k] - model.factors.userFactors[u, k])
                #expect(abs(delta - 0.25 * Double(g[g.startIndex + k]) / norm) < 1e-5)
            }
        }
    }

    @Test func rowsWithoutGradientStayUnperturbed() throws {
        // User 2 has no training pair, so no term of the loss involves its row.
        let data = TrainingFixtures.dataset(users: 3, items: 4, train: [(0, 0), (0, 1), (1, 2)])
        let model = FactorModel.truncatedNormal(users: 3, items: 4, factors: 2, standardDeviation: 0.5, generator: SeededGenerator(seed: 1))
        let attacked = try FGSMAttack(epsilon: 1).attack(model, on: data, generator: SeededGenerator(seed: 2))
        #expect(attacked.factors.userFactors.row(2) == model.userFactors.row(2), "user 2 has no pairs, so no gradient")
        #expect(attacked.perturbation.perturbedUserRows == 2)
    }

    @Test func randomNoiseRowsHaveNormEpsilon() throws {
        let model = try Self.trained()
        let noisy = try RandomNoiseAttack(epsilon: 0.3).attack(model.factors, generator: SeededGenerator(seed: 4))
        let norms = Self.deltaNorms(noisy.factors, model.factors)
        for n in norms.users + norms.items { #expect(abs(n - 0.3) < 1e-3) }
        #expect(noisy.perturbation.lossBefore == nil)
        let again = try RandomNoiseAttack(epsilon: 0.3).attack(model.factors, generator: SeededGenerator(seed: 4))
        let other = try RandomNoiseAttack(epsilon: 0.3).attack(model.factors, generator: SeededGenerator(seed: 5))
        #expect(noisy == again && noisy != other)
    }

    @Test(arguments: [false, true])
    func iterativeAttackStaysInTheBallAndBeatsFGSM(randomStart: Bool) throws {
        let model = try Self.trained()
        let attack = IterativeAttack(epsilon: 0.4, steps: 5, randomStart: randomStart)
        #expect(abs(attack.stepSize - 0.2) < 1e-7)
        let attacked = try attack.attack(model.factors, on: Self.data, generator: SeededGenerator(seed: 6))
        let norms = Self.deltaNorms(attacked.factors, model.factors)
        for n in norms.users + norms.items { #expect(n <= 0.4 + 1e-5, "row outside the ε-ball: \(n)") }
        #expect((norms.users + norms.items).contains { $0 > 0.39 }, "big steps should reach the sphere")
        // Before and after are both at the first step's negatives, so with or without a
        // random start they measure what the attack did to the same loss.
        let after = try #require(attacked.perturbation.lossAfter), before = try #require(attacked.perturbation.lossBefore)
        #expect(after > before)
        let clean = FullDataGradient.compute(
            at: model.factors, training: Self.data.train, sampler: try NegativeSampler(Self.data.train), regularization: 0,
            generator: SeededGenerator(seed: 6).derived("iterative").derived(0), context: .singleThreaded)
        #expect(before == clean.loss)
        #expect(attacked.perturbation.steps == 5 && attacked.perturbation.randomStart == randomStart)
    }

    @Test func attacksAreBitIdenticalForOneAndTwoThreads() throws {
        // Enough pairs for several gradient chunks.
        let data = TrainingFixtures.generated(users: 150, items: 400, seed: 1)
        #expect(FullDataGradient.chunkBounds(data.train).count - 1 >= 2)
        let model = FactorModel.truncatedNormal(users: 150, items: 400, factors: 8, standardDeviation: 0.1, generator: SeededGenerator(seed: 2))
        let one = try FGSMAttack(epsilon: 0.5, regularization: 0.1).attack(model, on: data, generator: SeededGenerator(seed: 3), context: ComputeContext(threads: 1))
        let two = try FGSMAttack(epsilon: 0.5, regularization: 0.1).attack(model, on: data, generator: SeededGenerator(seed: 3), context: ComputeContext(threads: 2))
        #expect(one == two)
        let pgd1 = try IterativeAttack(epsilon: 0.5, steps: 2).attack(model, on: data, generator: SeededGenerator(seed: 3), context: ComputeContext(threads: 1))
        let pgd2 = try IterativeAttack(epsilon: 0.5, steps: 2).attack(model, on: data, generator: SeededGenerator(seed: 3), context: ComputeContext(threads: 2))
        #expect(pgd1 == pgd2)
        let other = try FGSMAttack(epsilon: 0.5, regularization: 0.1).attack(model, on: data, generator: SeededGenerator(seed: 4))
        #expect(other != one, "another seed draws other negatives")
    }

    @Test func attackOptionsAreChecked() throws {
        let model = try Self.trained()
        #expect(throws: TrainingError.invalidOption(name: "epsilon", reason: "must be zero or a positive finite number, got -1.0")) {
            try FGSMAttack(epsilon: -1).attack(model.factors, on: Self.data, generator: SeededGenerator(seed: 1))
        }
        #expect(throws: TrainingError.invalidOption(name: "steps", reason: "must be at least 1, got 0")) {
            try IterativeAttack(epsilon: 1, steps: 0, stepSize: 0.1).attack(model.factors, on: Self.data, generator: SeededGenerator(seed: 1))
        }
    }
}

@Suite struct AdversarialTrainingTests {
    static let data = AdversarialTests.data

    @Test(arguments: APRVariant.allCases)
    func aprContinuesTheOptimizerAndIsRepeatable(variant: APRVariant) throws {
        let model = try AdversarialTests.trained()
        let apr = APRConfiguration(epsilon: 0.5, alpha: 1, epochs: 2, variant: variant)
        var records: [EpochRecord] = []
        let a = try AdversarialTrainer.train(model, on: Self.data, configuration: apr) { records.append($0) }
        let b = try AdversarialTrainer.train(model, on: Self.data, configuration: apr)
        let c = try AdversarialTrainer.train(model, on: Self.data, configuration: apr, generator: SeededGenerator(seed: 99))
        let batches = Self.data.train.count / 16
        #expect(a.optimizer.steps == model.optimizer.steps + 2 * batches, "the BPR optimizer state continues")
        #expect(records.map(\.epoch) == [6, 7] && records.allSatisfy { $0.phase == .apr })
        #expect(a.history.count == 7 && Array(a.history.prefix(5)) == model.history)
        #expect(a.factors == b.factors && a.factors != c.factors)
        #expect(a.factors != model.factors)
        // The accumulators only grow under Adagrad.
        #expect(zip(a.optimizer.itemAccumulators, model.optimizer.itemAccumulators).allSatisfy { $0 >= $1 })
    }

    @Test func seedVariantIsBitIdenticalForOneAndTwoThreads() throws {
        let data = TrainingFixtures.generated(users: 150, items: 400, seed: 1)
        let configuration = BPRConfiguration(factors: 8, epochs: 1, batchSize: 4096)
        let model = try BPRTrainer.train(on: data, configuration: configuration, generator: SeededGenerator(seed: 1))
        let apr = APRConfiguration(epsilon: 0.5, epochs: 1, variant: .seedFullData)
        let one = try AdversarialTrainer.train(model, on: data, configuration: apr, context: ComputeContext(threads: 1))
        let two = try AdversarialTrainer.train(model, on: data, configuration: apr, context: ComputeContext(threads: 2))
        #expect(one.factors == two.factors && one.history.last?.loss == two.history.last?.loss)
    }

    /// 2 users, 3 items: user 0 likes items 0 and 1, user 1 likes items 1 and 2, so every
    /// negative is forced (user 0 → item 2, user 1 → item 0) and the 4 pairs make one batch
    /// whose summed gradient does not depend on the shuffle: no random stream matters.
    static let forced = TrainingFixtures.dataset(users: 2, items: 3, train: [(0, 0), (0, 1), (1, 1), (1, 2)])
    static let forcedTriples = [(0, 0, 2), (0, 1, 2), (1, 1, 0), (1, 2, 0)]

    /// Plain SGD on the seed's batch objective, coded here in Double: per batch
    /// g = Σ slope · ∂x_uij + 2 · reg / (B · d) · θ for each of the pair's three rows,
    /// slope = −1 / (1 + e^x); θ −= lr · g. Returns the loss of each epoch (BPR + L2).
    static func referenceSGD(p: inout [Double], q: inout [Double], d: Int, lr: Double, reg: Double, epochs: Int) -> [Double] {
        let b = Double(forcedTriples.count)
        return (0..<epochs).map { _ in
            var gp = [Double](repeating: 0, count: p.count), gq = [Double](repeating: 0, count: q.count)
            var loss = 0.0
            for (u, i, j) in forcedTriples {
                var x = 0.0
                for k in 0..<d { x += p[u * d + k] * (q[i * d + k] - q[j * d + k]) }
                loss += TrainingFixtures.softplus(-x)
                let slope = -1 / (1 + exp(x))
                for k in 0..<d {
                    gp[u * d + k] += slope * (q[i * d + k] - q[j * d + k]) + 2 * reg / (b * Double(d)) * p[u * d + k]
                    gq[i * d + k] += slope * p[u * d + k] + 2 * reg / (b * Double(d)) * q[i * d + k]
                    gq[j * d + k] += -slope * p[u * d + k] + 2 * reg / (b * Double(d)) * q[j * d + k]
                    loss += reg * (p[u * d + k] * p[u * d + k] + q[i * d + k] * q[i * d + k] + q[j * d + k] * q[j * d + k]) / (b * Double(d))
                }
            }
            for k in 0..<p.count { p[k] -= lr * gp[k] }
            for k in 0..<q.count { q[k] -= lr * gq[k] }
            return loss
        }
    }

    @Test func zeroAlphaAPRStepsAsPlainRegularisedSGD() throws {
        // α = 0 removes the adversarial term whatever ε is: APR must take exactly the BPR + L2
        // steps of an independently coded SGD, epoch by epoch (reg ≠ 0 so the L2 term counts).
        let d = 3
        let configuration = BPRConfiguration(factors: d, learningRate: 0.5, regularization: 0.4, batchSize: 4, optimizer: .sgd)
        let p0 = TrainingFixtures.values(2 * d, seed: 31, scale: 0.9), q0 = TrainingFixtures.values(3 * d, seed: 32, scale: 0.9)
        let model = TrainingFixtures.model(users: 2, items: 3, d: d, p: p0, q: q0, configuration: configuration)
        let apr = try AdversarialTrainer.train(
            model, on: Self.forced, configuration: APRConfiguration(epsilon: 0.5, alpha: 0, epochs: 2))
        var p = p0.map(Double.init), q = q0.map(Double.init)
        let losses = Self.referenceSGD(p: &p, q: &q, d: d, lr: 0.5, reg: 0.4, epochs: 2)
        TrainingFixtures.expectClose(apr.factors.userFactors.storage, p, tolerance: 1e-5, "P")
        TrainingFixtures.expectClose(apr.factors.itemFactors.storage, q, tolerance: 1e-5, "Q")
        #expect(apr.history.map(\.phase) == [.apr, .apr])
        for (record, loss) in zip(apr.history, losses) { #expect(abs(record.loss - loss) < 1e-5 * loss, "\(record.loss) vs \(loss)") }
        // The steps moved the model, and a nonzero α would have moved it elsewhere.
        #expect(zip(p, p0).contains { abs($0 - Double($1)) > 1e-2 })
        let adversarial = try AdversarialTrainer.train(
            model, on: Self.forced, configuration: APRConfiguration(epsilon: 0.5, alpha: 1, epochs: 2))
        #expect(adversarial.factors != apr.factors)
    }

    @Test func perSampleModelsCannotBeTrainedAdversarially() throws {
        let configuration = BPRConfiguration(factors: 2, epochs: 1, optimizer: .sgdPerSample)
        let model = try BPRTrainer.train(on: Self.data, configuration: configuration, generator: SeededGenerator(seed: 1))
        #expect(throws: TrainingError.self) { try AdversarialTrainer.train(model, on: Self.data, configuration: APRConfiguration()) }
    }
}
