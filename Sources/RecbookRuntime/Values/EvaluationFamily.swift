import RecbookLanguage
import RecommenderKit

/// Reading evaluation families, for the commands that aggregate them (`compare`, `plot`, `heatmap`).
extension ValueFamily {
    /// The evaluation at a point of the axes; the checker made every element an evaluation.
    func evaluation(at point: [String: Value]) -> EvaluationResult {
        guard case .evaluation(let value) = element(at: point).value else { preconditionFailure("not an evaluation") }
        return value.result
    }

    /// The dataset the evaluation at a point was computed on.
    func evaluatedDataset(at point: [String: Value]) -> String {
        guard case .evaluation(let value) = element(at: point).value else { preconditionFailure("not an evaluation") }
        return value.datasetName
    }

    /// The metric's values at `point` over every seed of the family (one value without a seed
    /// axis, or when `point` fixes the seed).
    func seedValues(_ metric: Metric, at k: Int?, point: [String: Value]) -> [Double] {
        seedPoints(point).map { evaluation(at: $0).mean(metric, at: k) }
    }

    /// `point` once per seed of the family, in the seed axis's order; `point` alone when the
    /// family has no seed axis or `point` fixes the seed.
    func seedPoints(_ point: [String: Value]) -> [[String: Value]] {
        guard point[Axis.seedName] == nil, let seeds = axes.first(where: { $0.name == Axis.seedName })?.values else { return [point] }
        return seeds.map { seed in point.merging([Axis.seedName: seed]) { _, new in new } }
    }
}

extension ValueFamily {
    /// The metric's mean over one activity quartile of the evaluated users (1 = the least
    /// active), at `point` over every seed, the quartiles cut as `groups=activity` tabulates
    /// them; nil when a dataset is not bound.
    func groupSeedValues(_ metric: Metric, at k: Int?, point: [String: Value], group: Int, values: BoundValues) -> [Double]? {
        var means: [Double] = []
        for p in seedPoints(point) {
            guard case .evaluation(let evaluation) = element(at: p).value,
                  case .dataset(let data)? = values[evaluation.datasetName]?.element(at: p).value
            else { return nil }
            let members = ActivityGroups(users: evaluation.result.users, dataset: data.dataset).members[group - 1]
            let perUser = evaluation.result.perUser(metric, at: k)
            means.append(members.isEmpty ? .nan : members.reduce(0) { $0 + perUser[$1] } / Double(members.count))
        }
        return means
    }
}

extension Invocation {
    /// The cut-off a chart draws: the written `k` (which every evaluation must have computed),
    /// else the largest computed; nil for metrics without one.
    func chartCutoff(_ metric: Metric, of family: ValueFamily) throws(RunFailure) -> Int? {
        guard metric.usesCutoff else { return nil }
        let computed = family.evaluation(at: ValueFamily.points(of: family.axes)[0]).cutoffs
        guard let k = self[ChartOptions.cutoff] else { return computed.last }
        guard computed.contains(k) else { throw .cutoffNotComputed(k, at: statement.range(of: ChartOptions.cutoff)) }
        return k
    }
}
