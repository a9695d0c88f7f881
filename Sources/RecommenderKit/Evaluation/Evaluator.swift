/// Evaluation of a recommender's rankings: by default every user is ranked against all
/// items outside their training set, as in the seed's protocol; ties, masking and sampled
/// candidates follow the configuration (definitions in docs/evaluation.md).
public enum Evaluator {
    /// Evaluates `recommender` on the test part of `dataset`.
    ///
    /// Users are scored in fixed blocks (see `EvaluationConfiguration.blockSize`), blocks
    /// run in parallel under `context`, per-user values (and top-K lists) are stored by user
    /// and reduced serially, so the result is bit-identical for every thread count.
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
        // Each key with the index of its output column.
        let rankOutputs = keys.enumerated().filter { !$0.element.metric.isBeyondAccuracy }.map { ($0.element, $0.offset) }
        let listOutputs = keys.enumerated().filter { $0.element.metric.isBeyondAccuracy && !$0.element.metric.isCorpusLevel }
            .map { ($0.element, $0.offset) }
        let corpusKeys = keys.filter { $0.metric.isCorpusLevel }
        let listLength = keys.filter { $0.metric.isBeyondAccuracy }.compactMap(\.cutoff).max() ?? 0
        let popularity = listLength > 0 || configuration.sampling != nil
            ? ItemPopularity(dataset: dataset, headShare: configuration.headShare) : nil
        let sampler = configuration.sampling.map { SampledNegatives(sampling: $0, popularity: popularity!) }
        let ties = configuration.ties
        let masks = configuration.masksTraining

        let itemCount = dataset.itemCount
        let blocks = UserBlocks(users: users, size: configuration.blockSize)
        let outputs = keys.map { _ in DisjointWrites<Double>(count: users.count, repeating: .nan) }
        let lists = DisjointWrites<[Int32]>(count: listLength > 0 ? users.count : 0, repeating: [])
        let train = dataset.train, test = dataset.test
        let scratchCount = min(configuration.blockSize, dataset.userCount) * itemCount

        context.forEachChunk(blocks.count, scratch: { [Float](repeating: 0, count: scratchCount) }) { scratch, b in
            scratch.withUnsafeMutableBufferPointer { buffer in
                let block = blocks.score(b, with: recommender, into: buffer)
                for position in block.positions {
                    let u = users[position]
                    let offset = (u - block.span.lowerBound) * itemCount
                    let row = UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + itemCount)])
                    if listLength > 0 {
                        // The list a user would be shown, from the full catalogue, before masking rewrites the row.
                        let list = topList(row, length: listLength, excluding: masks ? train.items(of: u) : [])
                        lists.write(list, at: position)
                        for (key, output) in listOutputs {
                            outputs[output].write(popularity!.listValue(key.metric, of: list.prefix(key.cutoff!)), at: position)
                        }
                    }
                    let relevant = test.items(of: u)
                    let ranks: RelevantRanks
                    if let sampler {
                        // Rank the relevant items against the sampled negatives only: a compact row
                        // of the negatives' scores, then the relevant items' (ascending, as in the dataset).
                        var compact = sampler.negatives(of: u, in: dataset).map { row[$0] }
                        let first = Int32(compact.count)
                        compact += relevant.map { row[Int($0)] }
                        let relevantIndices = Array(first..<Int32(compact.count))
                        ranks = compact.withUnsafeMutableBufferPointer {
                            RelevantRanks(row: $0, training: [], relevant: relevantIndices[...], countTies: ties != .pessimistic)
                        }
                    } else {
                        ranks = RelevantRanks(row: row, training: masks ? train.items(of: u) : [], relevant: relevant, countTies: ties != .pessimistic)
                    }
                    let explicit = ties == .expected ? [] : ranks.ranks(ties)
                    for (key, output) in rankOutputs {
                        let value = ties == .expected ? ranks.expectedValue(of: key) : ranks.value(of: key, ranks: explicit)
                        outputs[output].write(value, at: position)
                    }
                }
            }
        }

        var values: [MetricKey: [Double]] = [:]
        for (k, key) in keys.enumerated() where !key.metric.isCorpusLevel { values[key] = outputs[k].finish() }
        var corpus: [MetricKey: Double] = [:]
        if !corpusKeys.isEmpty {
            let allLists = lists.finish()
            for key in corpusKeys { corpus[key] = popularity!.corpusValue(key.metric, lists: allLists, k: key.cutoff!) }
        }
        return EvaluationResult(
            users: users, skippedUsers: skipped, cutoffs: configuration.cutoffs, keys: keys, values: values, corpusValues: corpus)
    }

    /// The best `length` items of a score row (ties: lower item first; NaN never listed),
    /// skipping the sorted `excluded` items.
    static func topList(_ row: UnsafeMutableBufferPointer<Float>, length: Int, excluding excluded: ArraySlice<Int32>) -> [Int32] {
        var selection = TopNSelection(n: length)
        var next = excluded.startIndex
        for i in 0..<row.count {
            if next < excluded.endIndex && Int(excluded[next]) == i {
                next += 1
                continue
            }
            let s = row[i]
            if !s.isNaN { selection.offer(RankedItem(item: i, score: s)) }
        }
        return selection.sorted().map { Int32($0.item) }
    }

    /// The fewest negatives any evaluated user could draw (items outside their training and
    /// test sets); sampled evaluation needs at least its `count` for every user.
    public static func fewestEligibleNegatives(in dataset: Dataset) -> Int? {
        var fewest: Int?
        for u in 0..<dataset.userCount where !dataset.test.items(of: u).isEmpty && !dataset.train.items(of: u).isEmpty {
            let n = SampledNegatives.eligibleCount(of: u, in: dataset)
            fewest = min(fewest ?? n, n)
        }
        return fewest
    }
}
