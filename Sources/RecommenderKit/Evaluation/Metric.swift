/// A ranking-quality measure. The exact definitions are in docs/evaluation.md.
public enum Metric: String, CaseIterable, Sendable, Hashable, Codable {
    /// Hit ratio: 1 when any relevant item is in the top K.
    case hr
    /// Normalised discounted cumulative gain with binary relevance.
    case ndcg
    /// Area under the ROC curve over (relevant, non-relevant candidate) pairs.
    case auc
    /// Relevant items in the top K, divided by K.
    case precision
    /// Relevant items in the top K, divided by the number of relevant items.
    case recall
    /// Reciprocal rank of the best-ranked relevant item.
    case mrr
    /// Average precision at K, normalised by min(#relevant, K).
    case map
    // Beyond accuracy, on each user's top-K list (docs/evaluation.md).
    /// Share of the catalogue that appears in at least one top-K list (corpus-level).
    case coverage
    /// Gini index of how often each item is recommended across all top-K lists (corpus-level).
    case gini
    /// Average recommendation popularity: mean training popularity of a list's items.
    case arp
    /// Average percentage of long-tail items: share of a list's items outside the popular head.
    case aplt
    /// Mean self-information −log2(pop(i) / #users) of a list's items.
    case novelty

    /// Whether the metric is reported per cut-off K (AUC and MRR look at the whole ranking).
    public var usesCutoff: Bool {
        switch self {
        case .auc, .mrr: false
        case .hr, .ndcg, .precision, .recall, .map, .coverage, .gini, .arp, .aplt, .novelty: true
        }
    }

    /// The metrics of where the test items land (every metric but the beyond-accuracy ones).
    public static var ranking: [Metric] { allCases.filter { !$0.isBeyondAccuracy } }

    /// Whether the metric measures the top-K lists rather than where the test items land.
    public var isBeyondAccuracy: Bool {
        switch self {
        case .coverage, .gini, .arp, .aplt, .novelty: true
        case .hr, .ndcg, .auc, .precision, .recall, .mrr, .map: false
        }
    }

    /// Whether the metric is one figure for all users together (no per-user values, so no
    /// paired test over users): coverage and the Gini index describe the whole corpus of lists.
    public var isCorpusLevel: Bool { self == .coverage || self == .gini }

    /// The name used in tables and reports ("HR", "nDCG", ...).
    public var displayName: String {
        switch self {
        case .hr: "HR"
        case .ndcg: "nDCG"
        case .auc: "AUC"
        case .precision: "Precision"
        case .recall: "Recall"
        case .mrr: "MRR"
        case .map: "MAP"
        case .coverage: "Coverage"
        case .gini: "Gini"
        case .arp: "ARP"
        case .aplt: "APLT"
        case .novelty: "Novelty"
        }
    }
}

/// One reported column: a metric, with its cut-off when it has one ("HR@10", "AUC").
public struct MetricKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public let metric: Metric
    /// `nil` exactly when `metric.usesCutoff` is false.
    public let cutoff: Int?

    public init(_ metric: Metric, cutoff: Int? = nil) {
        precondition(metric.usesCutoff == (cutoff != nil),
                     "\(metric.displayName) \(metric.usesCutoff ? "needs" : "takes no") cut-off")
        self.metric = metric
        self.cutoff = cutoff
    }

    public var description: String {
        cutoff.map { "\(metric.displayName)@\($0)" } ?? metric.displayName
    }
}
