import ArgumentParser
import RecommenderKit

/// `recbook-bench training`: one BPR-MF epoch (d 64, batch 512, Adagrad) on 1 and more threads.
struct TrainingThreadsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Time one BPR Adagrad epoch per thread count, interleaved, and check the models are identical.")

    @Option(help: "Comma-separated sizes: ml-500, ml-1m, ml-20m.")
    var sizes = "ml-500,ml-1m,ml-20m"
    @Option(help: "Comma-separated thread counts; the first is the baseline of the ratios.")
    var threads = "1,2"
    @Option(name: .customLong("repeat"), help: "Runs per thread count (each a training call).")
    var repeats = 7
    @Option(help: "Epochs per run; the last is timed (the first also warms up caches and threads).")
    var epochs = 2
    @Option(help: "Cap on repeats for ml-20m (an epoch takes seconds).")
    var largeRepeats = 3
    @Option(help: "The real ML-500 data (ECIR layout); a synthetic ML-500-like set is used when absent.")
    var data = "../shared/data/movielens-500"

    func run() throws {
        let threadCounts = try threadList(threads)
        guard threadCounts.count >= 2 else { throw BenchError("give at least two thread counts, e.g. 1,2") }
        guard epochs >= 1 else { throw BenchError("--epochs must be at least 1") }
        print(Machine.header("training"))
        print("- command: recbook-bench training --sizes \(sizes) --threads \(threads) --repeat \(repeats) --epochs \(epochs) --large-repeats \(largeRepeats) --data \(data)")
        print("")
        var rows: [[String]] = []
        for size in try BenchSize.list(sizes) {
            let runs = size == .ml20m ? min(repeats, largeRepeats) : repeats
            rows += try TrainingThreadsBenchmark(size: size, realData: data, threads: threadCounts, runs: runs, epochs: epochs).run()
        }
        print(markdownTable(
            ["size", "pairs", "threads", "epoch, median (min)", "ns / pair", "speed-up (ratio of medians)", "median of paired ratios", "runs", "same model"],
            rows))
        print("")
        print("""
            Notes: every run trains the same initial model (factors 64, batch 512, Adagrad, seed 1)
            for the given epochs, once per thread count, the thread counts in alternating order, so
            the ratios compare epochs measured side by side; the last epoch of each run is timed
            (`EpochRecord.seconds`: shuffle, negatives, batches). The speed-up is the baseline's
            median over the row's median, the paired ratio the median over runs of baseline time /
            this time. "same model": the trained factors, Adagrad accumulators and losses equal the
            baseline's bit for bit.
            """)
    }
}

/// One size of `recbook-bench training`.
struct TrainingThreadsBenchmark {
    var size: BenchSize
    var realData: String
    var threads: [Int]
    var runs: Int
    var epochs: Int

    func run() throws -> [[String]] {
        let loaded = try loadBenchDataset(size, realData: realData)
        let data = loaded.dataset
        log("\(size.rawValue): \(loaded.origin); \(grouped(data.userCount)) users × \(grouped(data.itemCount)) items, \(grouped(data.train.count)) training pairs")
        let configuration = BPRConfiguration(factors: 64, epochs: epochs, batchSize: 512, optimizer: .adagrad)
        let start = try BPRTrainer.initialModel(for: data, configuration: configuration, generator: SeededGenerator(seed: 1))
        var timings = [Samples](repeating: Samples(), count: threads.count)
        var paired = [Samples](repeating: Samples(), count: threads.count)
        var identical = [Bool](repeating: true, count: threads.count)
        var pairs = 0
        for run in 0..<runs {
            let order = run % 2 == 0 ? Array(threads.indices) : threads.indices.reversed()
            var seconds = [Double](repeating: .nan, count: threads.count)
            var models = [BPRModel?](repeating: nil, count: threads.count)
            for index in order {
                let model = try BPRTrainer.continueTraining(start, on: data, epochs: epochs, context: ComputeContext(threads: threads[index]))
                let record = model.history[model.history.count - 1]
                seconds[index] = record.seconds
                pairs = record.samples
                models[index] = model
                log("\(size.rawValue), run \(run + 1), \(threads[index]) thread(s): \(duration(record.seconds))")
            }
            for index in threads.indices {
                timings[index].add(seconds[index])
                paired[index].add(seconds[0] / seconds[index])
                let a = models[0]!, b = models[index]!
                identical[index] = identical[index] && a.factors == b.factors && a.optimizer == b.optimizer
                    && a.history.map(\.loss.bitPattern) == b.history.map(\.loss.bitPattern)
            }
        }
        let rows = threads.indices.map { index -> [String] in
            [
                size.rawValue, grouped(data.train.count), String(threads[index]), medianAndMin(timings[index]),
                fixed(timings[index].median / Double(pairs) * 1e9, 1),
                index == 0 ? "1.00× (baseline)" : fixed(timings[0].median / timings[index].median, 2) + "×",
                index == 0 ? "–" : fixed(paired[index].median, 2) + "×",
                String(runs), identical[index] ? "yes" : "**no**",
            ]
        }
        return rows
    }
}
