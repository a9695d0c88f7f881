/// The value of one citation in prose, as the run computed it. Reports put `text` in place
/// of the citation's code span; JSON keeps the numbers too.
public struct CitationResult: Sendable, Codable, Equatable {
    /// The citation as written (`= clean.hr@100`), which keys it in the prose.
    public var literal: String
    /// What prose shows, formatted as tables format it; nil when the run did not compute it.
    public var text: String?
    /// "HR@100 of clean, mean over 10 seeds, 95 % Student t interval": how to read `text`.
    public var explanation: String
    public var mean: Double?
    public var lower: Double?
    public var upper: Double?
    public var standardDeviation: Double?
    /// Runs aggregated: seeds, or 1 for a single run.
    public var n: Int?

    public init(
        literal: String, text: String?, explanation: String, mean: Double? = nil, lower: Double? = nil, upper: Double? = nil,
        standardDeviation: Double? = nil, n: Int? = nil
    ) {
        self.literal = literal
        self.text = text
        self.explanation = explanation
        self.mean = mean
        self.lower = lower
        self.upper = upper
        self.standardDeviation = standardDeviation
        self.n = n
    }
}
