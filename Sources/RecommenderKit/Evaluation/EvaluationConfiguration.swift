/// What an evaluation computes: which metrics, at which cut-offs, in one pass over the users.
public struct EvaluationConfiguration: Sendable, Equatable {
    /// Cut-offs K, ascending and distinct.
    public let cutoffs: [Int]
    public let metrics: Set<Metric>
    /// Users scored per block. `nil` chooses from the item count so that one block of
    /// scores stays around 16 MB. The block layout never depends on the thread count.
    public let blockSize: Int?

    /// The seed's protocol reports HR, nDCG and AUC at K = 100.
    public init(cutoffs: [Int] = [100], metrics: Set<Metric> = [.hr, .ndcg, .auc], blockSize: Int? = nil) {
        precondition(!cutoffs.isEmpty, "at least one cut-off is needed")
        precondition(cutoffs.allSatisfy { $0 >= 1 }, "cut-offs must be at least 1")
        precondition(blockSize.map { $0 >= 1 } ?? true, "block size must be at least 1")
        self.cutoffs = Array(Set(cutoffs)).sorted()
        self.metrics = metrics
        self.blockSize = blockSize
    }

    /// Every reported column, in a fixed order: metrics in `Metric.allCases` order,
    /// each cut-off metric once per K ascending.
    public var keys: [MetricKey] {
        Metric.allCases.filter(metrics.contains).flatMap { metric in
            metric.usesCutoff ? cutoffs.map { MetricKey(metric, cutoff: $0) } : [MetricKey(metric)]
        }
    }

    func resolvedBlockSize(itemCount: Int) -> Int {
        blockSize ?? max(1, min(256, (1 << 22) / max(1, itemCount)))
    }
}
