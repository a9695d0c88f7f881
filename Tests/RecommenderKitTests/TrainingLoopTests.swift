import Testing
@testable import RecommenderKit

@Suite struct TrainingLoopTests {
    static let data = TrainingFixtures.generated(users: 12, items: 20, seed: 7)
    static let configuration = BPRConfiguration(factors: 4, learningRate: 0.05, epochs: 3, batchSize: 16)

    @Test func epochsTakeFloorOfPairsOverBatchSizeBatches() throws {
        let n = Self.data.train.count
        var records: [EpochRecord] = []
        let model = try BPRTrainer.train(on: Self.data, configuration: Self.configuration, generator: SeededGenerator(seed: 1)) {
            records.append($0)
        }
        #expect(n % 16 != 0, "the fixture should leave a remainder")
        #expect(model.optimizer.steps == 3 * (n / 16))
        #expect(records.map(\.epoch) == [1, 2, 3] && records.allSatisfy { $0.samples == (n / 16) * 16 && $0.phase == .bpr })
        #expect(model.history == records)
        #expect(records.allSatisfy { $0.loss.isFinite && $0.seconds >= 0 })
    }

    @Test(arguments: OptimizerKind.allCases)
    func trainingLowersTheLossAndIsRepeatable(optimizer: OptimizerKind) throws {
        var configuration = Self.configuration
        configuration.optimizer = optimizer
        configuration.epochs = 30
        configuration.learningRate = optimizer == .adagrad ? 0.05 : (optimizer == .adam ? 0.01 : 0.1)
        configuration.initialStandardDeviation = 0.1
        let a = try BPRTrainer.train(on: Self.data, configuration: configuration, generator: SeededGenerator(seed: 42))
        let b = try BPRTrainer.train(on: Self.data, configuration: configuration, generator: SeededGenerator(seed: 42))
        let c = try BPRTrainer.train(on: Self.data, configuration: configuration, generator: SeededGenerator(seed: 43))
        #expect(a.factors == b.factors && a.optimizer == b.optimizer, "same seed, same model")
        #expect(a.factors != c.factors, "another seed, another model")
        let first = a.history.first!.meanLoss, last = a.history.last!.meanLoss
        #expect(first > last, "\(optimizer): mean loss \(first) → \(last)")
        #expect(first < 0.7 && first > 0.6, "the first epoch starts near log 2")
    }

    @Test(arguments: [OptimizerKind.adagrad, .adam, .sgdPerSample])
    func continuingEqualsTrainingInOneGo(optimizer: OptimizerKind) throws {
        var configuration = Self.configuration
        configuration.optimizer = optimizer
        let generator = SeededGenerator(seed: 5)
        let once = try BPRTrainer.train(on: Self.data, configuration: configuration, generator: generator)
        configuration.epochs = 1
        let start = try BPRTrainer.train(on: Self.data, configuration: configuration, generator: generator)
        let continued = try BPRTrainer.continueTraining(start, on: Self.data, epochs: 2)
        #expect(continued.factors == once.factors && continued.optimizer == once.optimizer)
        #expect(continued.history.map(\.epoch) == [1, 2, 3] && continued.history.map(\.loss) == once.history.map(\.loss))
        #expect(start.history.count == 1, "the model continued from is untouched")
    }

    @Test func initialisationIsATruncatedNormal() {
        let model = FactorModel.truncatedNormal(users: 300, items: 200, factors: 10, standardDeviation: 0.01, generator: SeededGenerator(seed: 2))
        let values = model.userFactors.storage + model.itemFactors.storage
        #expect(values.allSatisfy { abs($0) <= 0.02 }, "nothing beyond two standard deviations")
        let mean = values.reduce(0, { $0 + Double($1) }) / Double(values.count)
        let sd = (values.reduce(0, { $0 + Double($1) * Double($1) }) / Double(values.count)).squareRoot()
        #expect(abs(mean) < 2e-4)
        // A normal truncated at ±2σ has standard deviation 0.8796σ.
        #expect(abs(sd - 0.008796) < 2e-4, "sd \(sd)")
        #expect(model != FactorModel.truncatedNormal(users: 300, items: 200, factors: 10, generator: SeededGenerator(seed: 3)))
    }

    @Test func divergenceIsReportedWithEpochBatchAndAdvice() throws {
        var configuration = Self.configuration
        configuration.learningRate = 1e30
        configuration.optimizer = .sgd
        configuration.initialStandardDeviation = 0.1
        do {
            _ = try BPRTrainer.train(on: Self.data, configuration: configuration, generator: SeededGenerator(seed: 1))
            Issue.record("training with lr 1e30 should diverge")
        } catch let error as TrainingError {
            guard case let .diverged(epoch, batch, _, lr, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(epoch == 1 && batch == 2 && lr == 1e30)
            #expect(error.description.hasPrefix("training diverged in epoch 1, batch 2: the batch loss became "))
            #expect(error.description.hasSuffix("; try a lower learning rate (now 1e+30)"))
        }
    }

    /// With a huge regularization the advice names it: lr × reg = 0.5 × 1e4 = 5000 ≥ 1.
    @Test(arguments: [
        (Float(1e4), Float(0.5), "the regularization (now 10000.0) is the likely cause: learning rate × regularization is 5000.0, at least 1, so each step overshoots; lower the regularization, or the learning rate (now 0.5)"),
        (Float(0.01), Float(0.5), "try a lower learning rate (now 0.5) or a lower regularization (now 0.01)"),
        (Float(0), Float(0.5), "try a lower learning rate (now 0.5)"),
    ])
    func divergenceAdviceNamesTheLikelyCause(regularization: Float, learningRate: Float, advice: String) {
        let error = TrainingError.diverged(epoch: 2, batch: 0, loss: .nan, learningRate: learningRate, regularization: regularization)
        #expect(error.description == "training diverged at the end of epoch 2: the parameters became non-finite; " + advice)
    }

    @Test func aHugeRegularizationDivergesAndIsNamed() throws {
        var configuration = Self.configuration
        configuration.learningRate = 0.5
        configuration.regularization = 1e4
        configuration.optimizer = .sgd
        do {
            _ = try BPRTrainer.train(on: Self.data, configuration: configuration, generator: SeededGenerator(seed: 1))
            Issue.record("training with reg 1e4 and lr 0.5 should diverge")
        } catch let error as TrainingError {
            #expect(error.description.contains("the regularization (now 10000.0) is the likely cause"), "\(error)")
        }
    }

    @Test func invalidOptionsAndShapesAreErrors() throws {
        var configuration = Self.configuration
        configuration.factors = 0
        #expect(throws: TrainingError.invalidOption(name: "factors", reason: "must be at least 1, got 0")) {
            try BPRTrainer.train(on: Self.data, configuration: configuration, generator: SeededGenerator(seed: 1))
        }
        configuration = Self.configuration
        configuration.batchSize = 10_000
        #expect(throws: TrainingError.tooFewPairs(pairs: Self.data.train.count, batchSize: 10_000)) {
            try BPRTrainer.train(on: Self.data, configuration: configuration, generator: SeededGenerator(seed: 1))
        }
        let model = try BPRTrainer.initialModel(for: TrainingFixtures.small, configuration: Self.configuration, generator: SeededGenerator(seed: 1))
        #expect(throws: TrainingError.shapeMismatch(modelUsers: 4, modelItems: 6, dataUsers: 12, dataItems: 20)) {
            try BPRTrainer.continueTraining(model, on: Self.data, epochs: 1)
        }
    }

    @Test func perSampleSGDTouchesEveryPairOncePerEpoch() throws {
        var configuration = Self.configuration
        configuration.optimizer = .sgdPerSample
        configuration.learningRate = 0.01
        configuration.regularization = 0.01
        let model = try BPRTrainer.train(on: Self.data, configuration: configuration, generator: SeededGenerator(seed: 1))
        #expect(model.history.allSatisfy { $0.samples == Self.data.train.count })
        #expect(model.optimizer.steps == 0 && model.optimizer.userAccumulators.isEmpty)
    }
}
