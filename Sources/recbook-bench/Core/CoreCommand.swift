import ArgumentParser
import FoundationEssentials

/// `recbook-bench core`: training, attack and evaluation speed per size and thread count.
struct CoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core", abstract: "Time BPR epochs, APR, FGSM and full evaluation against a cblas_sgemm reference.")

    @Option(help: "Comma-separated sizes: ml-500, ml-1m, ml-20m.")
    var sizes = "ml-500,ml-1m,ml-20m"
    @Option(help: "Comma-separated thread counts for FGSM, evaluation and the reference product.")
    var threads = "1,2"
    @Option(name: .customLong("repeat"), help: "Epochs per training measurement and runs per FGSM/evaluation/product.")
    var repeats = 5
    @Option(help: "Cap on repeats for ml-20m (each of its evaluations takes seconds).")
    var largeRepeats = 3
    @Option(help: "The real ML-500 data (ECIR layout); a synthetic ML-500-like set is used when absent.")
    var data = "../shared/data/movielens-500"
    @Option(help: "Also write each size's training pairs as .npy into this folder (for scripts/bench/implicit_bpr.py).")
    var exportPairs: String?
    @Option(help: "Write the measurements as JSON to this file too.")
    var json: String?

    // Internal: measure one size in this process (the parent re-executes itself per size).
    @Option(help: .hidden) var childSize: String?
    @Option(help: .hidden) var childResult: String?

    func run() throws {
        let threadCounts = try threadList(threads)
        if let child = childSize, let resultPath = childResult {
            let size = try BenchSize.list(child)[0]
            let result = try CoreSizeBenchmark(
                size: size, realData: data, threads: threadCounts, repeats: repeats, largeRepeats: largeRepeats,
                exportFolder: exportPairs
            ).run()
            try writeFile(Array(try JSONEncoder().encode(result)), to: resultPath)
            return
        }

        print(Machine.header("core"))
        print("- command: recbook-bench core --sizes \(sizes) --threads \(threads) --repeat \(repeats) --large-repeats \(largeRepeats) --data \(data)")
        print("")
        let folder = try makeTemporaryDirectory("recbook-bench-core")
        defer { removeTree(folder) }
        var results: [CoreSizeResult] = []
        for size in try BenchSize.list(sizes) {
            let resultPath = "\(folder)/\(size.rawValue).json"
            var arguments = [
                "core", "--child-size", size.rawValue, "--child-result", resultPath, "--threads", threads,
                "--repeat", String(repeats), "--large-repeats", String(largeRepeats), "--data", data,
            ]
            if let exportPairs { arguments += ["--export-pairs", exportPairs] }
            let outcome = try runSelf(arguments)
            guard outcome.exitStatus == 0, let text = readTextFile(resultPath) else {
                throw BenchError("measuring \(size.rawValue) failed (child exit status \(outcome.exitStatus))")
            }
            var result = try JSONDecoder().decode(CoreSizeResult.self, from: Data(text.utf8))
            result.peakResidentBytes = outcome.peakResidentBytes
            results.append(result)
        }
        print(CoreReport(results: results).markdown)
        if let json {
            try writeFile(Array(try JSONEncoder().encode(results)), to: json)
        }
    }
}
