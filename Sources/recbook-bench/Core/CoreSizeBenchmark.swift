import RecommenderKit

/// Measures one size in this process: training epochs, APR, FGSM, evaluation and the
/// reference product. Runs in a child process started by `core` (see `CoreCommand`).
struct CoreSizeBenchmark {
    var size: BenchSize
    var realData: String
    var threads: [Int]
    var repeats: Int
    /// Repeats on ML-20M (each of its evaluations takes seconds).
    var largeRepeats: Int
    /// When set, the training pairs are written there as .npy for the Python reference.
    var exportFolder: String?

    /// Blocks of the stratified per-sample epochs: 8 strata of 8 cells keep two threads busy.
    static let sgdBlocks = 8

    func run() throws -> CoreSizeResult {
        let (loadSeconds, loaded) = try timed { try loadBenchDataset(size, realData: realData) }
        let data = loaded.dataset
        log("\(size.rawValue): \(loaded.origin); \(grouped(data.userCount)) users × \(grouped(data.itemCount)) items, \(grouped(data.train.count)) training pairs, ready in \(duration(loadSeconds))")
        if let folder = exportFolder {
            try TrainingPairsExport(dataset: data).write(to: folder, name: size.rawValue)
            log("\(size.rawValue): training pairs written to \(folder)/\(size.rawValue)-{users,items}.npy")
        }
        let runs = size == .ml20m ? min(repeats, largeRepeats) : repeats

        // Training epochs are measured on one thread; `recbook-bench training` compares thread counts.
        var bprEpochs = Samples(), bprPairs = 0
        let bpr = try BPRTrainer.train(
            on: data, configuration: BPRConfiguration(epochs: runs), generator: SeededGenerator(seed: 1)
        ) { record in
            bprEpochs.add(record.seconds)
            bprPairs = record.samples
        }
        log("\(size.rawValue): BPR Adagrad epoch \(medianAndMin(bprEpochs))")

        var sgdEpochs = Samples(), sgdPairs = 0
        let sgd = try BPRTrainer.train(
            on: data, configuration: BPRConfiguration(epochs: runs, optimizer: .sgdPerSample),
            generator: SeededGenerator(seed: 1)
        ) { record in
            sgdEpochs.add(record.seconds)
            sgdPairs = record.samples
        }
        log("\(size.rawValue): sgdPerSample epoch \(medianAndMin(sgdEpochs))")
        let qualityConfiguration = EvaluationConfiguration(cutoffs: [100], metrics: [.hr, .auc])
        let quality = { (model: BPRModel) in
            let e = Evaluator.evaluate(model.factors, on: data, configuration: qualityConfiguration, context: ComputeContext(threads: 2))
            return TrainedQuality(hr100: e.mean(.hr, at: 100), auc: e.mean(.auc))
        }
        let sgdQuality = quality(sgd)
        var blockedQuality: TrainedQuality?

        var aprEpochs = Samples()
        _ = try AdversarialTrainer.train(
            bpr, on: data, configuration: APRConfiguration(epsilon: 0.5, alpha: 1, epochs: runs, variant: .perBatch)
        ) { aprEpochs.add($0.seconds) }
        log("\(size.rawValue): APR per-batch epoch \(medianAndMin(aprEpochs))")

        let reference = ReferenceProduct(model: bpr.factors)
        var perThreads: [CoreThreadResult] = []
        for t in threads {
            let context = ComputeContext(threads: t)
            var aprSeed: Samples?
            if size == .ml500 {
                var epoch = Samples()
                _ = try AdversarialTrainer.train(
                    bpr, on: data, configuration: APRConfiguration(epsilon: 0.5, alpha: 1, epochs: 1, variant: .seedFullData),
                    context: context
                ) { epoch.add($0.seconds) }
                aprSeed = epoch
                log("\(size.rawValue), \(t) thread(s): APR seed-variant epoch \(medianAndMin(epoch))")
            }
            var blockedEpochs = Samples()
            let blocked = try BPRTrainer.train(
                on: data, configuration: BPRConfiguration(epochs: runs, optimizer: .sgdPerSample, blocks: Self.sgdBlocks),
                generator: SeededGenerator(seed: 1), context: context
            ) { blockedEpochs.add($0.seconds) }
            log("\(size.rawValue), \(t) thread(s): sgdPerSample epoch on \(Self.sgdBlocks)×\(Self.sgdBlocks) blocks \(medianAndMin(blockedEpochs))")
            if blockedQuality == nil { blockedQuality = quality(blocked) }
            let attack = FGSMAttack(epsilon: 0.5)
            let fgsm = try measure(runs) {
                _ = try attack.attack(bpr.factors, on: data, generator: SeededGenerator(seed: 2), context: context)
            }
            log("\(size.rawValue), \(t) thread(s): FGSM \(medianAndMin(fgsm))")
            let configuration = EvaluationConfiguration(cutoffs: [100], metrics: [.hr, .ndcg, .auc])
            var hr = 0.0
            let evaluation = measure(runs) {
                hr = Evaluator.evaluate(bpr.factors, on: data, configuration: configuration, context: context).mean(.hr, at: 100)
            }
            log("\(size.rawValue), \(t) thread(s): evaluation \(medianAndMin(evaluation)) (HR@100 \(fixed(hr, 4)))")
            let product = reference.timings(threads: t, repeats: runs)
            log("\(size.rawValue), \(t) thread(s): cblas_sgemm P·Qᵀ \(medianAndMin(product))")
            perThreads.append(CoreThreadResult(threads: t, sgdBlockedEpoch: blockedEpochs, fgsm: fgsm, evaluation: evaluation, product: product, aprSeedEpoch: aprSeed))
        }

        return CoreSizeResult(
            size: size, origin: loaded.origin, users: data.userCount, items: data.itemCount,
            trainingPairs: data.train.count, loadSeconds: loadSeconds, epochs: runs,
            bprAdagradEpoch: bprEpochs, bprAdagradPairs: bprPairs,
            sgdPerSampleEpoch: sgdEpochs, sgdPerSamplePairs: sgdPairs, sgdBlocks: Self.sgdBlocks,
            sgdPerSampleQuality: sgdQuality, sgdBlockedQuality: blockedQuality,
            aprPerBatchEpoch: aprEpochs, perThreads: perThreads,
            referenceBufferBytes: Double(reference.bufferRows * data.itemCount * 4), referenceTiled: reference.isTiled)
    }
}
