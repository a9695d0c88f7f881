import ArgumentParser
import COpenBLAS
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecommenderKit

/// `recbook-bench baselines`: iALS against implicit's ALS (iteration time and metrics), EASE's
/// time and its scores against NumPy, ItemKNN against an OpenBLAS item–item product.
struct BaselinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baselines",
        abstract: "Time iALS, EASE and ItemKNN against implicit, NumPy and OpenBLAS in the same run.")

    @Option(help: "Sizes for the iALS iteration timings.")
    var alsSizes = "ml-1m,ml-20m"
    @Option(help: "Sizes for the iALS metrics against implicit (several seeds each side).")
    var conformanceSizes = "ml-500,ml-1m"
    @Option(help: "Comma-separated seeds for the metric comparison.")
    var seeds = "1,2,3"
    @Option(help: "Thread counts for the iALS timings (both tools).")
    var threads = "1,2"
    @Option(help: "Timed iALS iterations per thread count (one more runs first as warm-up).")
    var iterations = 5
    @Option(help: "Timed runs of EASE and ItemKNN fits and of the reference product.")
    var runs = 3
    @Option(help: "Python with implicit 0.7.2, numpy, scipy and threadpoolctl.")
    var python = "python3"
    @Option(help: "Folder for the exchanged pairs and factors (created).")
    var work = "/tmp/recbook-bench-baselines"
    @Option(help: "The real ML-500 data (ECIR layout).")
    var data = "../shared/data/movielens-500"

    static let factors = 64

    func run() throws {
        let threadCounts = try threadList(threads)
        let seedList = seeds.split(separator: ",").compactMap { UInt64($0) }
        let alsList = try BenchSize.list(alsSizes), conformanceList = try BenchSize.list(conformanceSizes)
        print(Machine.header("baselines"))
        // Debian's OpenBLAS 0.3.21 detects some virtual CPUs as Prescott (SSE3 kernels); say which it uses.
        print("- OpenBLAS kernels: \(String(cString: openblas_get_corename())) (OPENBLAS_CORETYPE=\(getenv("OPENBLAS_CORETYPE").map { String(cString: $0) } ?? "unset"))")
        print("- command: recbook-bench baselines --als-sizes \(alsSizes) --conformance-sizes \(conformanceSizes) --seeds \(seeds) --threads \(threads) --iterations \(iterations) --runs \(runs) --python \(python)")
        print("")
        _ = mkdir(work, 0o755)
        var datasets: [BenchSize: Dataset] = [:]
        for size in BenchSize.allCases where alsList.contains(size) || conformanceList.contains(size) || size == .ml1m {
            let loaded = try loadBenchDataset(size, realData: data)
            log("\(size.rawValue): \(loaded.origin); \(grouped(loaded.dataset.userCount)) users × \(grouped(loaded.dataset.itemCount)) items, \(grouped(loaded.dataset.train.count)) pairs")
            try TrainingPairsExport(dataset: loaded.dataset).write(to: work, name: size.rawValue)
            datasets[size] = loaded.dataset
        }

        // iALS iterations, recbook first, then implicit on the same pairs in a child process.
        var recbookIterations: [BenchSize: [Int: Samples]] = [:]
        for size in alsList {
            for t in threadCounts {
                recbookIterations[size, default: [:]][t] = alsIterations(datasets[size]!, threads: t)
                log("recbook iALS \(size.rawValue), \(t) thread(s): median \(duration(recbookIterations[size]![t]!.median))")
            }
        }
        let referenceFile = work + "/implicit.json"
        let command = "\(python) scripts/bench/implicit_als.py \(work) --sizes \(alsSizes) --threads \(threads)"
            + " --iterations \(iterations) --conformance-sizes \(conformanceSizes) --seeds \(seeds) > \(referenceFile)"
        log("running: \(command)")
        let reference: ImplicitReference? = system(command) == 0
            ? (readTextFile(referenceFile).flatMap { try? JSONDecoder().decode(ImplicitReference.self, from: Data($0.utf8)) }) : nil
        if reference == nil { log("implicit reference failed: its rows are left empty") }

        var rows: [[String]] = []
        for size in alsList {
            for t in threadCounts {
                let mine = recbookIterations[size]![t]!
                let theirs = Samples(reference?.timing[size.rawValue]?[String(t)] ?? [])
                let ratio = mine.median / theirs.median
                rows.append([
                    size.rawValue, String(t), medianAndMin(mine), medianAndMin(theirs), fixed(ratio, 2) + "×",
                    theirs.isEmpty ? "–" : (ratio <= 1 ? "met" : "**not met**"),
                ])
            }
        }
        print("## iALS iteration (factors \(Self.factors), CG 3 steps) against implicit \(reference?.implicit ?? "?")\n")
        print(markdownTable(["size", "threads", "recbook, median (min)", "implicit, median (min)", "ratio", "target ≤ 1×"], rows))
        print("")

        // Metrics: both tools' factors evaluated by recbook's full-ranking evaluator.
        rows = []
        let evaluation = EvaluationConfiguration(cutoffs: [10, 100], metrics: [.hr, .ndcg, .auc])
        for size in conformanceList {
            let dataset = datasets[size]!
            var mine: [String: Samples] = [:], theirs: [String: Samples] = [:]
            for seed in seedList {
                let model = ImplicitALSTrainer.train(
                    on: dataset.train, configuration: ImplicitALSConfiguration(factors: Self.factors, recordsObjective: false),
                    generator: SeededGenerator(seed: seed), context: ComputeContext(threads: 2))
                record(Evaluator.evaluate(model.factors, on: dataset, configuration: evaluation, context: ComputeContext(threads: 2)), into: &mine)
                if let paths = reference?.factors[size.rawValue]?[String(seed)], paths.count == 2,
                   let users = readFloats(paths[0], rows: dataset.userCount, columns: Self.factors),
                   let items = readFloats(paths[1], rows: dataset.itemCount, columns: Self.factors) {
                    let theirModel = FactorModel(userFactors: users, itemFactors: items)
                    record(Evaluator.evaluate(theirModel, on: dataset, configuration: evaluation, context: ComputeContext(threads: 2)), into: &theirs)
                }
            }
            for key in ["HR@10", "nDCG@10", "HR@100", "AUC"] {
                let a = mine[key] ?? Samples(), b = theirs[key] ?? Samples()
                let spread = max(standardDeviation(a), standardDeviation(b))
                let difference = a.mean - b.mean
                rows.append([
                    size.rawValue, key, meanAndDeviation(a), meanAndDeviation(b), fixed(difference, 4),
                    b.isEmpty ? "–" : (abs(difference) <= 2 * max(spread, 1e-4) ? "yes" : "**no**"),
                ])
            }
        }
        print("## iALS metrics against implicit (15 iterations, reg 0.01, c = 1 + 1; seeds \(seeds) each side)\n")
        print(markdownTable(["size", "metric", "recbook mean ± sd", "implicit mean ± sd", "difference", "within 2 sd"], rows))
        print("")

        try easeAndItemKNN(datasets[.ml1m]!)
    }

    /// Seconds of each timed iteration (users then items half-step) from a seeded start.
    func alsIterations(_ dataset: Dataset, threads: Int) -> Samples {
        let configuration = ImplicitALSConfiguration(factors: Self.factors, iterations: 0, recordsObjective: false)
        let start = ImplicitALSTrainer.train(on: dataset.train, configuration: configuration, generator: SeededGenerator(seed: 1))
        var users = start.factors.userFactors, items = start.factors.itemFactors
        let columns = dataset.train.transposed()
        let context = ComputeContext(threads: threads)
        var samples = Samples()
        for iteration in 0...iterations {
            let (seconds, _) = timed {
                ImplicitALSTrainer.halfStep(solving: &users, fixed: items, rows: dataset.train, configuration: configuration, context: context)
                ImplicitALSTrainer.halfStep(solving: &items, fixed: users, rows: columns, configuration: configuration, context: context)
            }
            if iteration > 0 { samples.add(seconds) }
        }
        return samples
    }

    func easeAndItemKNN(_ dataset: Dataset) throws {
        var rows: [[String]] = []
        var easeModel: EASE?
        var gramTimes = Samples(), inversionTimes = Samples()
        let easeTimes = try measure(runs) {
            let fit = try EASE.timedFit(training: dataset.train, context: ComputeContext(threads: 2))
            easeModel = fit.model
            gramTimes.add(fit.gramSeconds)
            inversionTimes.add(fit.inversionSeconds)
        }
        // NumPy float64 closed form on the same pairs: the first 200 users' scores.
        let scoresFile = work + "/ease-scores.f32", users = min(200, dataset.userCount)
        let command = "\(python) scripts/reference/ease_reference.py --pairs \(work)/ml-1m-users.npy \(work)/ml-1m-items.npy"
            + " --shape \(work)/ml-1m.shape --lambda 500 --users \(users) --out \(scoresFile)"
        log("running: \(command)")
        var largestDifference = Double.nan
        if system(command) == 0, let reference = readFloats(scoresFile, rows: users, columns: dataset.itemCount), let model = easeModel {
            var scores = [Float](repeating: 0, count: users * dataset.itemCount)
            scores.withUnsafeMutableBufferPointer { model.scores(forUsers: 0..<users, into: $0) }
            largestDifference = zip(scores, reference.storage).reduce(0) { max($0, Double(abs($1.0 - $1.1))) }
        }
        rows.append([
"EASE fit (λ 500, \(grouped(dataset.itemCount)) items, \(EASE.precision(for: dataset.train, lambda: 500)) precision, 2 threads for the Gram rows)", medianAndMin(easeTimes), "target < 2 s",
            easeTimes.median < 2 ? "met" : "**not met**",
        ])
        rows.append(["EASE: Gram XᵀX + λI (sparse, exact)", medianAndMin(gramTimes), "–", "–"])
        rows.append(["EASE: Cholesky inverse (potrf + potri) and B, one OpenBLAS thread", medianAndMin(inversionTimes), "–", "–"])
        rows.append([
            "EASE scores, largest absolute difference from NumPy float64, \(users) users × all items", fixed(largestDifference, 7), "target ≤ 1e-4",
            largestDifference <= 1e-4 ? "met" : "**not met**",
        ])
        for t in [1, 2] {
            let knn = measure(runs) { _ = ItemKNN(training: dataset.train, context: ComputeContext(threads: t)) }
            let product = itemProduct(dataset.train, threads: t)
            let ratio = knn.median / product.median
            rows.append([
                "ItemKNN fit (100 neighbours, shrink 10), \(t) thread(s) / OpenBLAS XᵀX sgemm \(medianAndMin(product))",
                medianAndMin(knn), fixed(ratio, 2) + "× (target ≤ 2×)", ratio <= 2 ? "met" : "**not met**",
            ])
        }
        print("## EASE and ItemKNN on \(BenchSize.ml1m.rawValue)\n")
        print(markdownTable(["measure", "recbook, median (min)", "reference / target", "status"], rows))
        print("")
    }

    /// The dense item–item product XᵀX (X users × items, float) with cblas_sgemm on `threads` threads.
    func itemProduct(_ training: InteractionMatrix, threads: Int) -> Samples {
        let users = training.userCount, items = training.itemCount
        var dense = [Float](repeating: 0, count: users * items)
        for u in 0..<users { for i in training.items(of: u) { dense[u * items + Int(i)] = 1 } }
        var product = [Float](repeating: 0, count: items * items)
        openblas_set_num_threads(Int32(threads))
        defer { openblas_set_num_threads(1) }  // RecommenderKit relies on one OpenBLAS thread
        return measure(runs) {
            dense.withUnsafeBufferPointer { x in
                product.withUnsafeMutableBufferPointer { g in
                    cblas_sgemm(
                        CblasRowMajor, CblasTrans, CblasNoTrans, Int32(items), Int32(items), Int32(users),
                        1, x.baseAddress!, Int32(items), x.baseAddress!, Int32(items), 0, g.baseAddress!, Int32(items))
                }
            }
        }
    }

    func record(_ result: EvaluationResult, into samples: inout [String: Samples]) {
        samples["HR@10", default: Samples()].add(result.mean(.hr, at: 10))
        samples["nDCG@10", default: Samples()].add(result.mean(.ndcg, at: 10))
        samples["HR@100", default: Samples()].add(result.mean(.hr, at: 100))
        samples["AUC", default: Samples()].add(result.mean(.auc))
    }
}

/// What scripts/bench/implicit_als.py prints.
struct ImplicitReference: Decodable {
    var implicit: String
    /// size → threads → seconds per iteration.
    var timing: [String: [String: [Double]]]
    /// size → seed → [users file, items file].
    var factors: [String: [String: [String]]]
}

/// A raw little-endian float32 file as a rows × columns matrix, nil when it is missing or short.
func readFloats(_ path: String, rows: Int, columns: Int) -> Matrix? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var values = [Float](repeating: 0, count: rows * columns)
    let read = values.withUnsafeMutableBytes { fread($0.baseAddress!, 4, rows * columns, file) }
    return read == rows * columns ? Matrix(rows: rows, columns: columns, storage: values) : nil
}

func standardDeviation(_ samples: Samples) -> Double {
    guard samples.count > 1 else { return .nan }
    let mean = samples.mean
    return (samples.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count - 1)).squareRoot()
}

func meanAndDeviation(_ samples: Samples) -> String {
    samples.isEmpty ? "–" : fixed(samples.mean, 4) + " ± " + fixed(standardDeviation(samples), 4)
}
