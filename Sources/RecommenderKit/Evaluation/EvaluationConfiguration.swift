/// What an evaluation computes: which metrics, at which cut-offs, in one pass over the users.
public struct EvaluationConfiguration: Sendable, Equatable {
    /// Cut-offs K, ascending and distinct.
    public let cutoffs: [Int]
    public let metrics: Set<Metric>
    /// Users per block: users `[b·blockSize, (b+1)·blockSize)` are scored together and
    /// each worker holds one block of scores (`blockSize × itemCount` floats; 27.6 MB for
    /// 27,000 items). The default equals `FactorModel.scoringTileRows`, so factor models
    /// score every block in place. The block layout never depends on the thread count.
    public let blockSize: Int
    /// How relevant items tied with other candidates are placed.
    public var ties: TiePolicy = .pessimistic
    /// Whether training items are removed from the candidates (and from top-K lists).
    public var masksTraining: Bool = true
    /// nil: rank every candidate (full ranking); otherwise rank against sampled negatives.
    public var sampling: CandidateSampling? = nil
    /// Share of training interactions the popular head holds, for APLT (Abdollahpouri et al. 2019).
    public var headShare: Double = 0.2
    /// Whether users a poisoning attack injected (`Dataset.injectedUsers`) are evaluated too;
    /// by default only genuine users are.
    public var includesInjectedUsers: Bool = false

    /// The seed's protocol reports HR, nDCG and AUC at K = 100.
    public init(
        cutoffs: [Int] = [100], metrics: Set<Metric> = [.hr, .ndcg, .auc], blockSize: Int = FactorModel.scoringTileRows,
        ties: TiePolicy = .pessimistic, masksTraining: Bool = true, sampling: CandidateSampling? = nil
    ) {
        precondition(!cutoffs.isEmpty, "at least one cut-off is needed")
        precondition(cutoffs.allSatisfy { $0 >= 1 }, "cut-offs must be at least 1")
        precondition(blockSize >= 1, "block size must be at least 1")
        self.cutoffs = Array(Set(cutoffs)).sorted()
        self.metrics = metrics
        self.blockSize = blockSize
        self.ties = ties
        self.masksTraining = masksTraining
        self.sampling = sampling
    }

    /// Every reported column, in a fixed order: metrics in `Metric.allCases` order,
    /// each cut-off metric once per K ascending.
    public var keys: [MetricKey] {
        Metric.allCases.filter(metrics.contains).flatMap { metric in
            metric.usesCutoff ? cutoffs.map { MetricKey(metric, cutoff: $0) } : [MetricKey(metric)]
        }
    }
}
