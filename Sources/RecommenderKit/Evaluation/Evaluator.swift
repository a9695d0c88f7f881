/// Full-ranking evaluation: every user is ranked against all items outside their
/// training set, as in the seed's protocol (definitions in docs/evaluation.md).
public enum Evaluator {
    /// Evaluates `recommender` on the test part of `dataset`.
    ///
    /// Users are scored in fixed blocks (see `EvaluationConfiguration.blockSize`), blocks
    /// run in parallel under `context`, per-user values are stored by user and averaged
    /// serially, so the result is bit-identical for every thread count.
    public static func evaluate(
        _ recommender: some Recommender,
        on dataset: Dataset,
        configuration: EvaluationConfiguration = EvaluationConfiguration(),
        context: ComputeContext = .singleThreaded
    ) -> EvaluationResult {
        precondition(recommender.userCount == dataset.userCount && recommender.itemCount == dataset.itemCount,
                     "recommender is \(recommender.userCount)×\(recommender.itemCount), dataset is \(dataset.userCount)×\(dataset.itemCount)")
        var evaluable: [Int] = []
        var skipped: [Int] = []
        // Fake users of a poisoning attack are not the audience a recommender serves.
        let injected = configuration.includesInjectedUsers ? [] : Set(dataset.injectedUsers)
        for u in 0..<dataset.userCount where !dataset.test.items(of: u).isEmpty && !injected.contains(u) {
            if dataset.train.items(of: u).isEmpty { skipped.append(u) } else { evaluable.append(u) }
        }
        let users = evaluable

        let keys = configuration.keys
        let itemCount = dataset.itemCount
        let blocks = UserBlocks(users: users, size: configuration.blockSize)
        let outputs = keys.map { _ in DisjointWrites<Double>(count: users.count, repeating: .nan) }
        let train = dataset.train, test = dataset.test
        let scratchCount = min(configuration.blockSize, dataset.userCount) * itemCount

        context.forEachChunk(blocks.count, scratch: { [Float](repeating: 0, count: scratchCount) }) { scratch, b in
            scratch.withUnsafeMutableBufferPointer { buffer in
                let block = blocks.score(b, with: recommender, into: buffer)
                for position in block.positions {
                    let u = users[position]
                    let offset = (u - block.span.lowerBound) * itemCount
                    let row = UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + itemCount)])
                    let ranks = RelevantRanks(row: row, training: train.items(of: u), relevant: test.items(of: u))
                    for (k, key) in keys.enumerated() {
                        outputs[k].write(ranks.value(of: key), at: position)
                    }
                }
            }
        }

        var values: [MetricKey: [Double]] = [:]
        for (k, key) in keys.enumerated() { values[key] = outputs[k].finish() }
        return EvaluationResult(users: users, skippedUsers: skipped, cutoffs: configuration.cutoffs, keys: keys, values: values)
    }
}
