import Foundation
import Testing
@testable import RecommenderKit

private func bits(_ r: EvaluationResult) -> [[UInt64]] {
    r.keys.filter(r.hasPerUserValues).map { key in r.perUser(key.metric, at: key.cutoff).map(\.bitPattern) }
        + [r.keys.map { r.mean($0.metric, at: $0.cutoff).bitPattern }]
}

private let model = randomFactorModel(users: 41, items: 57, factors: 16, seed: 21)
private let data: Dataset = {
    let (train, test) = randomInteractions(users: 41, items: 57, trainPerUser: 6, testPerUser: 1...3, seed: 22)
    var trainRows = train
    trainRows[5] = []  // a skipped user inside a block
    return makeDataset(itemCount: 57, train: trainRows, test: test)
}()
private let metrics = Set(Metric.allCases)

@Test(arguments: [1, 2, 3, 7, 40, 41, 1000])
func blockSizeDoesNotChangeResults(blockSize: Int) {
    // 40 evaluated users: block sizes that do and do not divide it, one block, tiny blocks.
    let reference = Evaluator.evaluate(model, on: data, configuration: .init(cutoffs: [5, 10], metrics: metrics, blockSize: 1))
    let result = Evaluator.evaluate(model, on: data, configuration: .init(cutoffs: [5, 10], metrics: metrics, blockSize: blockSize))
    #expect(result.users.count == 40 && result.skippedUsers == [5])
    #expect(bits(result) == bits(reference))
}

@Test(arguments: [2, 3])
func resultsAreBitIdenticalForEveryThreadCount(threads: Int) {
    // Every metric (beyond-accuracy ones included), with the default protocol and with
    // exact expected ties over sampled candidates.
    let sampled = EvaluationConfiguration(
        cutoffs: [1, 10, 20], metrics: metrics, blockSize: 4, ties: .expected,
        sampling: CandidateSampling(count: 12, law: .popularity, generator: SeededGenerator(seed: 3)))
    let one = Evaluator.evaluate(model, on: data, configuration: sampled, context: .singleThreaded)
    let many = Evaluator.evaluate(model, on: data, configuration: sampled, context: ComputeContext(threads: threads))
    #expect(bits(many) == bits(one))
    #expect(many == one)
    try! #require(one.mean(.coverage, at: 10) > 0)
    fullRankingIsBitIdentical(threads: threads)
}

private func fullRankingIsBitIdentical(threads: Int) {
    let config = EvaluationConfiguration(cutoffs: [1, 10, 20], metrics: metrics, blockSize: 4)
    let one = Evaluator.evaluate(model, on: data, configuration: config, context: .singleThreaded)
    let many = Evaluator.evaluate(model, on: data, configuration: config, context: ComputeContext(threads: threads))
    #expect(bits(many) == bits(one))
    #expect(many == one)
}

@Test func scratchIsMadeOncePerWorkerOnOneThread() {
    final class Counter: @unchecked Sendable { var made = 0; var chunks = 0 }
    let counter = Counter()
    ComputeContext.singleThreaded.forEachChunk(5, scratch: { counter.made += 1; return 0 }) { scratch, _ in
        scratch += 1
        counter.chunks = scratch
    }
    #expect(counter.made == 1 && counter.chunks == 5)
}

@Test func scratchIsMadeOncePerWorkerOnManyThreads() {
    // 3 threads, 10 chunks: 3 workers, so exactly 3 scratch values, each reused for every
    // chunk its worker runs (its counter climbs 1, 2, 3, ... with no gaps), and every chunk
    // runs exactly once. A scratch made per chunk would give 10 values, each counting to 1.
    final class Log: @unchecked Sendable {
        let lock = NSLock()
        var made = 0
        var uses: [Int: [Int]] = [:]  // scratch id -> counter value seen by each chunk it ran
        var chunks: [Int] = []
    }
    let log = Log()
    ComputeContext(threads: 3).forEachChunk(10, scratch: { () -> (id: Int, count: Int) in
        log.lock.lock(); defer { log.lock.unlock() }
        log.made += 1
        return (log.made, 0)
    }) { scratch, chunk in
        scratch.count += 1
        log.lock.lock(); defer { log.lock.unlock() }
        log.uses[scratch.id, default: []].append(scratch.count)
        log.chunks.append(chunk)
    }
    #expect(log.made == 3)
    #expect(log.chunks.sorted() == Array(0..<10))
    #expect(log.uses.values.map { $0.count }.reduce(0, +) == 10)
    for counts in log.uses.values { #expect(counts == Array(1...counts.count)) }
    #expect(log.uses.values.contains { $0.count > 1 })
}
