/// A train/test split of implicit feedback, with raw ids mapped to dense indices.
///
/// Every user and item seen in either part has an index; `train` and `test` share them.
public struct Dataset: Sendable, Equatable, Codable {
    /// A short name for reports (the folder or file name it was loaded from).
    public var name: String
    public let users: IDMap
    public let items: IDMap
    /// Positive training interactions.
    public let train: InteractionMatrix
    /// Held-out positives; in the leave-one-out protocol one item per test user.
    public let test: InteractionMatrix
    /// The files this dataset was read from, in reading order (empty for generated data).
    public var sourceFiles: [String]
    /// Size and SHA-256 of the bytes read from each source file, in the same order (empty for
    /// generated data). Computed while parsing, so they describe exactly what was loaded.
    public var sourceDigests: [DataFileDigest] = []
    /// Repeated (user, item) rows that loading collapsed into one positive (train and test counted separately).
    public var duplicatesCollapsed: Int = 0
    /// Rows dropped because their rating was below the loader's `minRating`.
    public var rowsBelowThreshold: Int = 0
    /// Users a data-poisoning attack injected, ascending (empty for genuine data). Evaluation
    /// covers genuine users only unless asked otherwise; their ids stay in `users`.
    public var injectedUsers: [Int] = []

    public init(name: String, users: IDMap, items: IDMap, train: InteractionMatrix, test: InteractionMatrix, sourceFiles: [String] = []) {
        precondition(train.userCount == users.count && test.userCount == users.count)
        precondition(train.itemCount == items.count && test.itemCount == items.count)
        self.name = name
        self.users = users
        self.items = items
        self.train = train
        self.test = test
        self.sourceFiles = sourceFiles
    }

    public var userCount: Int { users.count }
    public var itemCount: Int { items.count }
}
