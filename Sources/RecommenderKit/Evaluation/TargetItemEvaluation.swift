/// How a recommender ranks some target items (e.g. the items a poisoning attack pushes) for
/// the genuine users who have not interacted with them: each (user, target) pair is ranked as
/// if the target were the user's only relevant item (candidates: every item outside the user's
/// training set), with the metrics and tie rules of `Evaluator.evaluate`.
public struct TargetItemEvaluation: Sendable, Equatable {
    /// Per user, each metric averaged over the targets the user has not interacted with; users
    /// are the genuine users with training rows and at least one such target.
    public var result: EvaluationResult
    public var targets: [TargetItemSummary]
}

public struct TargetItemSummary: Sendable, Equatable, Codable {
    public var item: Int
    /// Users over whom the target is measured.
    public var users: Int
    /// HR@K of the target at each cut-off of the configuration, ascending K.
    public var hitRatio: [Int: Double]
    /// Mean 1-based position of the target in those users' rankings.
    public var meanRank: Double
}

extension Evaluator {
    /// Target-item evaluation (definitions in docs/evaluation.md); bit-identical for every
    /// thread count, as `evaluate` is.
    public static func evaluateTargets(
        _ recommender: some Recommender,
        on dataset: Dataset,
        targets: [Int],
        configuration: EvaluationConfiguration = EvaluationConfiguration(),
        context: ComputeContext = .singleThreaded
    ) -> TargetItemEvaluation {
        precondition(recommender.userCount == dataset.userCount && recommender.itemCount == dataset.itemCount)
        precondition(!targets.isEmpty && targets.allSatisfy { $0 >= 0 && $0 < dataset.itemCount })
        let injected = configuration.includesInjectedUsers ? [] : Set(dataset.injectedUsers)
        @Sendable func eligible(_ u: Int, _ t: Int) -> Bool {
            !dataset.train.contains(user: u, item: t) && !dataset.test.contains(user: u, item: t)
        }
        let users = (0..<dataset.userCount).filter { u in
            !injected.contains(u) && !dataset.train.items(of: u).isEmpty && targets.contains { eligible(u, $0) }
        }
        let keys = configuration.keys
        let itemCount = dataset.itemCount
        let blocks = UserBlocks(users: users, size: configuration.blockSize)
        // Per target and user: each key's value (NaN when the user has interacted with the target), and the rank.
        let values = targets.map { _ in keys.map { _ in DisjointWrites<Double>(count: users.count, repeating: .nan) } }
        let ranks = targets.map { _ in DisjointWrites<Double>(count: users.count, repeating: .nan) }
        let train = dataset.train
        let scratchCount = min(configuration.blockSize, dataset.userCount) * itemCount

        context.forEachChunk(blocks.count, scratch: { [Float](repeating: 0, count: scratchCount) }) { scratch, b in
            var row = [Float](repeating: 0, count: itemCount)
            scratch.withUnsafeMutableBufferPointer { buffer in
                let block = blocks.score(b, with: recommender, into: buffer)
                for position in block.positions {
                    let u = users[position]
                    let offset = (u - block.span.lowerBound) * itemCount
                    for (t, target) in targets.enumerated() where eligible(u, target) {
                        // Ranking masks the row, so each target ranks a fresh copy.
                        for i in 0..<itemCount { row[i] = buffer[offset + i] }
                        row.withUnsafeMutableBufferPointer { copy in
                            let ranked = RelevantRanks(row: copy, training: train.items(of: u), relevant: [Int32(target)][...])
                            for (k, key) in keys.enumerated() { values[t][k].write(ranked.value(of: key), at: position) }
                            ranks[t].write(Double(ranked.ranks[0] + 1), at: position)
                        }
                    }
                }
            }
        }

        let perTarget = values.map { $0.map { $0.finish() } }
        let rankValues = ranks.map { $0.finish() }
        var perUser: [MetricKey: [Double]] = [:]
        for (k, key) in keys.enumerated() {
            perUser[key] = users.indices.map { p in
                var sum = 0.0, count = 0
                for t in targets.indices where !perTarget[t][k][p].isNaN {
                    sum += perTarget[t][k][p]
                    count += 1
                }
                return sum / Double(count)
            }
        }
        let summaries = targets.enumerated().map { t, item in
            let measured = rankValues[t].indices.filter { !rankValues[t][$0].isNaN }
            var hitRatio: [Int: Double] = [:]
            for k in configuration.cutoffs {
                let hits = measured.filter { rankValues[t][$0] <= Double(k) }.count
                hitRatio[k] = measured.isEmpty ? .nan : Double(hits) / Double(measured.count)
            }
            let meanRank = measured.isEmpty ? .nan : measured.reduce(0.0) { $0 + rankValues[t][$1] } / Double(measured.count)
            return TargetItemSummary(item: item, users: measured.count, hitRatio: hitRatio, meanRank: meanRank)
        }
        let result = EvaluationResult(users: users, skippedUsers: [], cutoffs: configuration.cutoffs, keys: keys, values: perUser)
        return TargetItemEvaluation(result: result, targets: summaries)
    }
}
