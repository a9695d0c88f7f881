#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import RecommenderKit

/// Per-sample SGD on a grid of user and item blocks (`blocks` > 1): against a scalar
/// reference that follows the documented schedule one cell after another, on every thread
/// count, when continued, and its errors.
@Suite struct BlockedPerSampleTests {
    /// One blocked epoch, coded scalar and sequentially: cell (a, b) holds the pairs of users
    /// u ≡ a and items i ≡ b (mod B) in the matrix's row order, shuffled by Fisher–Yates from
    /// the last position down with `shuffle.derived(cell)`; strata s = 0..<B take the cells
    /// (a, (a + s) mod B) for a = 0..<B; a negative is b + B·k with k uniform below the block's
    /// size, drawn again while the user has it, from `negatives.derived(cell)`.
    static func referenceBlockedEpoch(
        p: inout [Float], q: inout [Float], d: Int, dataset: Dataset, blocks: Int, stream: SeededGenerator,
        lr: Float, reg: Float
    ) -> Double {
        let users = dataset.userCount, items = dataset.itemCount
        var cells = [[(Int, Int)]](repeating: [], count: blocks * blocks)
        for u in 0..<users {
            for i in dataset.train.items(of: u) { cells[(u % blocks) * blocks + Int(i) % blocks].append((u, Int(i))) }
        }
        for cell in cells.indices {
            var generator = stream.derived("shuffle").derived(UInt64(cell))
            var k = cells[cell].count - 1
            while k > 0 {
                cells[cell].swapAt(k, generator.nextInt(below: k + 1))
                k -= 1
            }
        }
        let positives = Set((0..<users).flatMap { u in dataset.train.items(of: u).map { u * items + Int($0) } })
        var cellLosses = [Double](repeating: 0, count: blocks * blocks)
        for stratum in 0..<blocks {
            for a in 0..<blocks {
                let b = (a + stratum) % blocks, cell = a * blocks + b
                let blockSize = (0..<items).filter { $0 % blocks == b }.count
                var negatives = stream.derived("negatives").derived(UInt64(cell))
                for (u, i) in cells[cell] {
                    var j = b + blocks * negatives.nextInt(below: blockSize)
                    while positives.contains(u * items + j) { j = b + blocks * negatives.nextInt(below: blockSize) }
                    let x = RowKernelWidthTests.scalarDotDifference(
                        Array(p[u * d..<(u + 1) * d]), Array(q[i * d..<(i + 1) * d]), Array(q[j * d..<(j + 1) * d]))
                    cellLosses[cell] += TrainingFixtures.softplus(-x)
                    let slope = Float(-1 / (1 + exp(x)))
                    for f in 0..<d {
                        let pu = p[u * d + f], qi = q[i * d + f], qj = q[j * d + f]
                        p[u * d + f] = pu - lr * (slope * (qi - qj) + reg * pu)
                        q[i * d + f] = qi - lr * (slope * pu + reg * qi)
                        q[j * d + f] = qj - lr * (reg * qj - slope * pu)
                    }
                }
            }
        }
        return cellLosses.reduce(0, +)
    }

    @Test(arguments: [(2, 8), (3, 13)])
    func aBlockedEpochMatchesTheScalarSchedule(blocks: Int, d: Int) throws {
        let data = TrainingFixtures.generated(users: 9, items: 14, seed: 5)
        let configuration = BPRConfiguration(
            factors: d, learningRate: 0.2, regularization: 0.05, optimizer: .sgdPerSample, blocks: blocks)
        let p0 = TrainingFixtures.values(9 * d, seed: 21, scale: 0.5), q0 = TrainingFixtures.values(14 * d, seed: 22, scale: 0.5)
        let model = TrainingFixtures.model(users: 9, items: 14, d: d, p: p0, q: q0, configuration: configuration)
        let trained = try BPRTrainer.continueTraining(model, on: data, epochs: 1, generator: nil, threads: 2, progress: { _ in })

        var p = p0, q = q0
        let loss = Self.referenceBlockedEpoch(
            p: &p, q: &q, d: d, dataset: data, blocks: blocks, stream: model.generator.derived("epoch").derived(1),
            lr: 0.2, reg: 0.05)
        #expect(p != p0 && q != q0)
        RowKernelWidthTests.expectClose(trained.factors.userFactors.storage, p.map(Double.init), tolerance: 1e-4, "P")
        RowKernelWidthTests.expectClose(trained.factors.itemFactors.storage, q.map(Double.init), tolerance: 1e-4, "Q")
        #expect(abs(trained.history.last!.loss - loss) < 1e-4 * loss)
        #expect(trained.history.last!.samples == data.train.count)
    }

    @Test func aBlockedEpochDiffersFromTheSingleOrder() throws {
        // Guards the reference test above: the grid is really in use.
        var configuration = ParallelTrainingTests.configuration(.sgdPerSample, batchSize: 37)
        let single = try ParallelTrainingTests.trained(configuration, threads: 1)
        configuration.blocks = 4
        #expect(ParallelTrainingTests.bits(try ParallelTrainingTests.trained(configuration, threads: 1)) != ParallelTrainingTests.bits(single))
    }

    @Test(arguments: [2, 5])
    func blocksGiveTheSameBitsOnEveryThreadCount(blocks: Int) throws {
        var configuration = ParallelTrainingTests.configuration(.sgdPerSample, batchSize: 37)
        configuration.blocks = blocks
        let one = ParallelTrainingTests.bits(try ParallelTrainingTests.trained(configuration, threads: 1))
        for threads in [2, 3, 7] {
            #expect(ParallelTrainingTests.bits(try ParallelTrainingTests.trained(configuration, threads: threads)) == one, "threads \(threads)")
        }
    }

    @Test func continuingABlockedModelEqualsTrainingItLonger() throws {
        var configuration = ParallelTrainingTests.configuration(.sgdPerSample, batchSize: 37)
        configuration.blocks = 3
        configuration.epochs = 3
        let once = try ParallelTrainingTests.trained(configuration, threads: 2)
        configuration.epochs = 1
        let start = try ParallelTrainingTests.trained(configuration, threads: 1)
        let continued = try BPRTrainer.continueTraining(
            start, on: ParallelTrainingTests.data, epochs: 2, generator: nil, threads: 3, progress: { _ in })
        #expect(ParallelTrainingTests.bits(continued) == ParallelTrainingTests.bits(once))
    }

    @Test func aUserWithAWholeItemBlockHasNoNegativeThere() throws {
        // 6 items in 3 blocks: block 1 is items 1 and 4, both liked by user 0.
        let data = TrainingFixtures.dataset(users: 2, items: 6, train: [(0, 0), (0, 1), (0, 4), (1, 2)])
        let configuration = BPRConfiguration(factors: 4, epochs: 1, optimizer: .sgdPerSample, blocks: 3)
        #expect(throws: TrainingError.noNegativeItemInBlock(user: 0, block: 1, blocks: 3)) {
            _ = try BPRTrainer.train(on: data, configuration: configuration, generator: SeededGenerator(seed: 1))
        }
        #expect(TrainingError.noNegativeItemInBlock(user: 0, block: 1, blocks: 3).description
            == "user 0 has every item of item block 2 of 3 in its training set, so no negative item can be drawn in that block; use fewer blocks")
        // Two blocks (items 0, 2, 4 and 1, 3, 5) leave user 0 a negative in each.
        var two = configuration
        two.blocks = 2
        _ = try BPRTrainer.train(on: data, configuration: two, generator: SeededGenerator(seed: 1))
    }

    @Test func aDatasetWithoutTrainingPairsTrainsNothing() throws {
        let data = TrainingFixtures.dataset(users: 3, items: 4, train: [])
        let configuration = BPRConfiguration(factors: 4, epochs: 1, optimizer: .sgdPerSample, blocks: 2)
        let model = try BPRTrainer.initialModel(for: data, configuration: configuration, generator: SeededGenerator(seed: 1))
        let trained = try BPRTrainer.continueTraining(model, on: data, epochs: 1, generator: nil, threads: 2, progress: { _ in })
        #expect(trained.factors == model.factors)
        #expect(trained.history.map(\.samples) == [0] && trained.history.map(\.loss) == [0])
    }

    @Test func blocksAreForPerSampleSGDOnly() {
        let configuration = BPRConfiguration(optimizer: .adagrad, blocks: 4)
        #expect(configuration.validationError()
            == .invalidOption(name: "blocks", reason: "splits per-sample SGD only, but the optimizer is adagrad"))
        #expect(BPRConfiguration(optimizer: .sgdPerSample, blocks: 0).validationError()
            == .invalidOption(name: "blocks", reason: "must be between 1 and 256, got 0"))
    }
}
