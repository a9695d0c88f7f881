/// Per-user metric values and their means, for the users an evaluation could rank.
///
/// Per-user arrays are indexed like `users`, so two results over the same dataset can be
/// compared user by user (paired tests, see `PairedTTest` and `WilcoxonSignedRankTest`).
public struct EvaluationResult: Sendable, Equatable, Codable {
    /// Evaluated user indices, ascending: users with at least one test and one training item.
    public let users: [Int]
    /// Users with test items but no training rows, ascending. They are left out of every mean.
    public let skippedUsers: [Int]
    public let cutoffs: [Int]
    /// The reported columns, in configuration order.
    public let keys: [MetricKey]
    private let values: [MetricKey: [Double]]
    /// Means of per-user metrics, and the values of corpus-level ones (coverage, Gini).
    private let means: [MetricKey: Double]

    init(
        users: [Int], skippedUsers: [Int], cutoffs: [Int], keys: [MetricKey], values: [MetricKey: [Double]],
        corpusValues: [MetricKey: Double] = [:]
    ) {
        self.users = users
        self.skippedUsers = skippedUsers
        self.cutoffs = cutoffs
        self.keys = keys
        self.values = values
        // Serial sums in user order, in Double: the same for every thread count.
        var means: [MetricKey: Double] = [:]
        for (key, perUser) in values {
            var sum = 0.0
            for v in perUser { sum += v }
            means[key] = perUser.isEmpty ? .nan : sum / Double(perUser.count)
        }
        means.merge(corpusValues) { perUser, _ in perUser }
        self.means = means
    }

    public var evaluatedUserCount: Int { users.count }
    public var skippedUserCount: Int { skippedUsers.count }

    /// Whether `metric` (at `k`, for cut-off metrics) was computed.
    public func contains(_ metric: Metric, at k: Int? = nil) -> Bool {
        means[MetricKey(metric, cutoff: k)] != nil
    }

    /// Whether `key` has one value per user (every metric but the corpus-level ones).
    public func hasPerUserValues(_ key: MetricKey) -> Bool { values[key] != nil }

    /// The metric's value for each evaluated user, indexed like `users`.
    /// `k` is required for cut-off metrics and must be omitted for AUC and MRR. Corpus-level
    /// metrics (coverage, Gini) have no per-user values: see `hasPerUserValues`.
    public func perUser(_ metric: Metric, at k: Int? = nil) -> [Double] {
        let key = MetricKey(metric, cutoff: k)
        guard let v = values[key] else { preconditionFailure("\(key) was not computed") }
        return v
    }

    /// The mean over evaluated users (NaN when no user could be evaluated); for a corpus-level
    /// metric, its one value over all evaluated users' lists.
    public func mean(_ metric: Metric, at k: Int? = nil) -> Double {
        let key = MetricKey(metric, cutoff: k)
        guard let m = means[key] else { preconditionFailure("\(key) was not computed") }
        return m
    }
}
