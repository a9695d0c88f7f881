import Testing
@testable import RecommenderKit

/// Mini-batch training split among threads gives bit for bit what one thread gives.
@Suite struct ParallelTrainingTests {
    /// 40 users × 60 items, about a third of the pairs positive.
    static let data = TrainingFixtures.generated(users: 40, items: 60, seed: 11)

    /// d = 12 runs both the 8-wide loops and their scalar tails.
    static func configuration(_ optimizer: OptimizerKind, batchSize: Int, regularization: Float = 0) -> BPRConfiguration {
        BPRConfiguration(
            factors: 12, learningRate: optimizer == .adam ? 0.01 : 0.05, regularization: regularization, epochs: 2,
            batchSize: batchSize, optimizer: optimizer, initialStandardDeviation: 0.1)
    }

    /// Trained with every batch on `threads` threads (`chooser` nil) or as `chooser` decides.
    static func trained(
        _ configuration: BPRConfiguration, threads: Int, on dataset: Dataset = data, chooser: StepChooser? = nil
    ) throws -> BPRModel {
        let model = try BPRTrainer.initialModel(for: dataset, configuration: configuration, generator: SeededGenerator(seed: 3))
        return try BPRTrainer.continueTraining(
            model, on: dataset, epochs: configuration.epochs, generator: nil, threads: threads, chooser: chooser, progress: { _ in })
    }

    /// Every number training produces, as bit patterns (so −0 and +0 differ), without timings.
    static func bits(_ model: BPRModel) -> [UInt64] {
        let o = model.optimizer
        let floats = model.factors.userFactors.storage + model.factors.itemFactors.storage
            + o.userAccumulators + o.itemAccumulators + o.userSecondMoments + o.itemSecondMoments
        return floats.map { UInt64($0.bitPattern) } + [UInt64(o.steps)]
            + model.history.flatMap { [$0.loss.bitPattern, $0.bprLoss.bitPattern, UInt64($0.samples), UInt64($0.epoch)] }
    }

    /// 150 users × 240 items: batches of 300 pairs touch more rows per partition than a chunk
    /// of the optimizer step holds.
    static let larger = TrainingFixtures.generated(users: 150, items: 240, seed: 12)

    @Test func fixturesLeaveRemaindersAndSpanSeveralChunks() {
        let n = Self.data.train.count, m = Self.larger.train.count
        #expect(n % 37 != 0 && n % 64 != 0 && n % 5 != 0 && m % 300 != 0, "\(n), \(m) pairs")
        #expect(Self.larger.userCount / 3 > BatchPhases.rowsPerChunk)
    }

    @Test(arguments: [OptimizerKind.adagrad, .sgd, .adam], [37, 64, 5])
    func everyThreadCountGivesTheSequentialModel(optimizer: OptimizerKind, batchSize: Int) throws {
        let configuration = Self.configuration(optimizer, batchSize: batchSize)
        let sequential = try Self.trained(configuration, threads: 1)
        #expect(sequential.history.count == 2 && sequential.optimizer.steps == 2 * (Self.data.train.count / batchSize))
        for threads in [2, 3, 8] {
            let parallel = try Self.trained(configuration, threads: threads)
            #expect(Self.bits(parallel) == Self.bits(sequential), "\(optimizer), batch \(batchSize), \(threads) threads")
            #expect(parallel.factors == sequential.factors && parallel.optimizer == sequential.optimizer)
            #expect(parallel.history.map(\.loss) == sequential.history.map(\.loss))
        }
    }

    @Test(arguments: [OptimizerKind.adagrad, .sgd, .adam])
    func batchesOfSeveralChunksGiveTheSequentialModel(optimizer: OptimizerKind) throws {
        let configuration = Self.configuration(optimizer, batchSize: 300)
        let sequential = try Self.trained(configuration, threads: 1, on: Self.larger)
        for threads in [2, 3, 8] {
            let parallel = try Self.trained(configuration, threads: threads, on: Self.larger)
            #expect(Self.bits(parallel) == Self.bits(sequential), "\(optimizer), \(threads) threads")
        }
    }

    /// Batches alternate between the team and the calling thread within an epoch.
    @Test(arguments: [OptimizerKind.adagrad, .adam])
    func switchingBetweenTheTeamAndOneThreadChangesNothing(optimizer: OptimizerKind) throws {
        let configuration = Self.configuration(optimizer, batchSize: 37, regularization: 0.05)
        let sequential = try Self.trained(configuration, threads: 1)
        for (trial, run) in [(1, 1), (2, 3)] {
            let chooser = StepChooser(startBatches: 1, trialBatches: trial, warmUp: 0, runBatches: run)
            #expect(Self.bits(try Self.trained(configuration, threads: 3, chooser: chooser)) == Self.bits(sequential))
        }
    }

    @Test func theChooserTriesBothWaysThenRunsTheFaster() {
        var chooser = StepChooser(startBatches: 2, trialBatches: 3, warmUp: 1, runBatches: 4)
        var ways: [Bool] = []
        for _ in 0..<2 {
            ways.append(chooser.nextBatchUsesTeam())
            chooser.record(seconds: 5)
        }
        for round in 0..<2 {
            for _ in 0..<10 {
                let team = chooser.nextBatchUsesTeam()
                ways.append(team)
                // The team is faster in the first round, slower in the second.
                chooser.record(seconds: team == (round == 0) ? 1 : 2)
            }
        }
        let t = true, f = false
        #expect(ways == [t, t] + [t, t, t, f, f, f, t, t, t, t] + [t, t, t, f, f, f, f, f, f, f])
    }

    @Test(arguments: [OptimizerKind.adagrad, .sgd, .adam])
    func regularisedTrainingIsIdenticalToo(optimizer: OptimizerKind) throws {
        let configuration = Self.configuration(optimizer, batchSize: 37, regularization: 0.05)
        let sequential = try Self.trained(configuration, threads: 1)
        for threads in [2, 3, 8] {
            #expect(Self.bits(try Self.trained(configuration, threads: threads)) == Self.bits(sequential), "\(optimizer), \(threads) threads")
        }
    }

    /// The sequential path itself is unchanged by the parallel work (the per-pair loss terms,
    /// the split regularisation and the row-list optimizer step): these digests were taken
    /// with the code before it.
    @Test func sequentialTrainingKeepsItsNumbers() throws {
        var digests: [String: UInt64] = [:]
        for optimizer in [OptimizerKind.adagrad, .sgd, .adam] {
            for reg in [Float(0), 0.05] {
                let model = try Self.trained(Self.configuration(optimizer, batchSize: 37, regularization: reg), threads: 1)
                digests["\(optimizer.rawValue) reg \(reg)"] = Self.digest(Self.bits(model))
            }
        }
        #expect(digests == Self.digestsBeforeParallelTraining)
    }

    static let digestsBeforeParallelTraining: [String: UInt64] = [
        "adagrad reg 0.0": 0x188e_534d_e977_90cf,
        "adagrad reg 0.05": 0x7018_2b57_6919_657d,
        "sgd reg 0.0": 0x14f5_3830_026e_dbaf,
        "sgd reg 0.05": 0xda8a_61d0_82e9_fadc,
        "adam reg 0.0": 0xb9f3_02e5_753e_6f54,
        "adam reg 0.05": 0x9691_414c_8cfa_588a,
    ]

    /// FNV-1a over the values.
    static func digest(_ values: [UInt64]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in values {
            for shift in stride(from: 0, to: 64, by: 8) {
                h = (h ^ (v >> UInt64(shift) & 0xFF)) &* 0x100_0000_01b3
            }
        }
        return h
    }

    @Test func theComputeContextReachesTrainingAndChangesNothing() throws {
        let configuration = Self.configuration(.adagrad, batchSize: 37)
        let generator = SeededGenerator(seed: 9)
        let one = try BPRTrainer.train(on: Self.data, configuration: configuration, generator: generator)
        for threads in [2, 3, 8] {
            var epochs: [EpochRecord] = []
            let many = try BPRTrainer.train(
                on: Self.data, configuration: configuration, generator: generator, context: ComputeContext(threads: threads)
            ) { epochs.append($0) }
            #expect(Self.bits(many) == Self.bits(one), "\(threads) threads")
            #expect(epochs == many.history)
        }
    }

    @Test func continuingOnOtherThreadCountsEqualsTrainingInOneGo() throws {
        var configuration = Self.configuration(.adam, batchSize: 37)
        configuration.epochs = 3
        let once = try Self.trained(configuration, threads: 1)
        configuration.epochs = 1
        let start = try Self.trained(configuration, threads: 3)
        let continued = try BPRTrainer.continueTraining(
            start, on: Self.data, epochs: 2, generator: nil, threads: 2, chooser: nil, progress: { _ in })
        #expect(Self.bits(continued) == Self.bits(once))
    }

    @Test func perSampleSGDIgnoresTheThreadCount() throws {
        let configuration = Self.configuration(.sgdPerSample, batchSize: 37)
        #expect(Self.bits(try Self.trained(configuration, threads: 3)) == Self.bits(try Self.trained(configuration, threads: 1)))
    }

    @Test func divergenceIsReportedAtTheSameBatch() throws {
        var configuration = Self.configuration(.sgd, batchSize: 37)
        configuration.learningRate = 1e30
        var errors: [String] = []
        for threads in [1, 2, 3] {
            do {
                _ = try Self.trained(configuration, threads: threads)
                Issue.record("training with lr 1e30 should diverge")
            } catch let error as TrainingError {
                errors.append(error.description)
            }
        }
        #expect(errors.count == 3 && Set(errors).count == 1, "\(errors)")
    }

    @Test func aTeamRunsEveryItemOnceAndWakesAfterSleeping() async throws {
        guard #available(macOS 15.0, *) else { return }
        let team = WorkerTeam(count: 3)
        defer { team.shutDown() }
        for round in 1...200 {
            let sizes = [round % 3, round % 5, round % 7]
            let items = sizes.reduce(0, +)
            let runs = DisjointWrites(count: items, repeating: 0)
            var callerRan = false
            team.forEach(blocks: { sizes[$0] }, callerFirst: { callerRan = true }) { runs.write(round, at: $0) }
            #expect(callerRan && runs.finish() == Array(repeating: round, count: items))
        }
        // Long enough for the helpers to go to sleep.
        try await Task.sleep(for: .milliseconds(20))
        let runs = DisjointWrites(count: 100, repeating: 0)
        team.forEach(blocks: { [0, 100, 0][$0] }) { runs.write($0, at: $0) }
        #expect(runs.finish() == Array(0..<100))
    }
}
