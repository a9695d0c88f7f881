/// Parameters of `SyntheticDataset.generate(_:)`. See docs/data.md for the model.
public struct SyntheticDatasetConfiguration: Sendable, Equatable {
    public var users: Int
    public var items: Int
    /// Average number of distinct items per user, test item included.
    public var meanInteractionsPerUser: Double
    /// Fewest interactions a user has (test item included).
    public var minInteractionsPerUser: Int
    /// Standard deviation of log(count − minimum): larger spreads user activity more.
    public var activitySpread: Double
    /// Dimension of the item vectors and taste centres.
    public var latentFactors: Int
    /// Number of taste centres users are drawn around.
    public var preferenceClusters: Int
    /// How strongly taste tilts choices: weight ∝ popularity · exp(sharpness · affinity).
    public var preferenceSharpness: Double
    /// Zipf exponent of item popularity: the item of popularity rank r has weight (r + 1)^−exponent.
    public var popularityExponent: Double
    /// Probability that a choice follows popularity alone, ignoring taste.
    public var popularityShare: Double
    public var seed: UInt64

    public init(
        users: Int, items: Int, meanInteractionsPerUser: Double, minInteractionsPerUser: Int = 20,
        activitySpread: Double = 1.1, latentFactors: Int = 16, preferenceClusters: Int = 24,
        preferenceSharpness: Double = 2.5, popularityExponent: Double = 1.1, popularityShare: Double = 0.2,
        seed: UInt64 = 42
    ) {
        self.users = users
        self.items = items
        self.meanInteractionsPerUser = meanInteractionsPerUser
        self.minInteractionsPerUser = minInteractionsPerUser
        self.activitySpread = activitySpread
        self.latentFactors = latentFactors
        self.preferenceClusters = preferenceClusters
        self.preferenceSharpness = preferenceSharpness
        self.popularityExponent = popularityExponent
        self.popularityShare = popularityShare
        self.seed = seed
    }

    /// Shaped like the seed's MovieLens-500 (500 users, 3,172 items, ~73k training rows).
    public static let movielens500Like = SyntheticDatasetConfiguration(users: 500, items: 3_172, meanInteractionsPerUser: 153)
    /// Shaped like MovieLens-1M (6,040 users, 3,706 items, ~1M interactions).
    public static let movielens1MLike = SyntheticDatasetConfiguration(users: 6_040, items: 3_706, meanInteractionsPerUser: 171)
    /// Shaped like MovieLens-20M (138,000 users, 27,000 items, ~20M interactions).
    public static let movielens20MLike = SyntheticDatasetConfiguration(users: 138_000, items: 27_000, meanInteractionsPerUser: 150)

    /// A message for each parameter out of range (empty when the configuration is usable).
    /// Upper bounds on what the generator is asked for, so that a typo cannot ask for more
    /// memory than a machine has (ML-20M has 138,493 users, 26,744 items, 20 M ratings).
    public static let maximumUsers = 10_000_000
    public static let maximumItems = 10_000_000
    public static let maximumInteractions = 200_000_000

    public var problems: [String] {
        var out: [String] = []
        if users < 1 { out.append("users must be at least 1") }
        if users > Self.maximumUsers { out.append("users must be at most \(Self.maximumUsers)") }
        if items < 2 { out.append("items must be at least 2") }
        if items > Self.maximumItems { out.append("items must be at most \(Self.maximumItems)") }
        if meanInteractionsPerUser.isFinite, users <= Self.maximumUsers,
            meanInteractionsPerUser * Double(users) > Double(Self.maximumInteractions) {
            out.append("users × meanInteractionsPerUser must be at most \(Self.maximumInteractions) interactions")
        }
        if minInteractionsPerUser < 2 { out.append("minInteractionsPerUser must be at least 2 (one train, one test item)") }
        if minInteractionsPerUser > items / 2 { out.append("minInteractionsPerUser must be at most half the items") }
        if !(meanInteractionsPerUser > Double(minInteractionsPerUser)) {
            out.append("meanInteractionsPerUser must exceed minInteractionsPerUser")
        }
        if !(activitySpread >= 0 && activitySpread <= 4) { out.append("activitySpread must be in 0...4") }
        if latentFactors < 1 { out.append("latentFactors must be at least 1") }
        if preferenceClusters < 1 { out.append("preferenceClusters must be at least 1") }
        if !(preferenceSharpness >= 0 && preferenceSharpness <= 20) { out.append("preferenceSharpness must be in 0...20") }
        if !(popularityExponent >= 0 && popularityExponent <= 4) { out.append("popularityExponent must be in 0...4") }
        if !(popularityShare >= 0 && popularityShare <= 1) { out.append("popularityShare must be in 0...1") }
        return out
    }
}

/// The named sizes of synthetic data, shaped like the MovieLens sets of the same names.
public enum SyntheticPreset: String, Sendable, CaseIterable {
    case ml500 = "ml-500", ml1m = "ml-1m", ml20m = "ml-20m"

    public var configuration: SyntheticDatasetConfiguration {
        switch self {
        case .ml500: .movielens500Like
        case .ml1m: .movielens1MLike
        case .ml20m: .movielens20MLike
        }
    }
}
