/// How relevant items tied in score with other candidates are ordered (docs/evaluation.md).
public enum TiePolicy: String, Sendable, CaseIterable, Hashable, Codable {
    /// Against the model: a relevant item comes after every tied candidate (the seed's `>=`).
    case pessimistic
    /// For the model: a relevant item comes before every tied negative.
    case optimistic
    /// The exact mean over all uniformly random orders of each group of tied candidates.
    case expected
}

/// How negatives are drawn when candidates are sampled.
public enum SamplingLaw: String, Sendable, CaseIterable, Hashable, Codable {
    /// Every eligible item equally likely.
    case uniform
    /// Proportional to an item's training popularity (its number of training users).
    case popularity
}

/// Sampled-candidate evaluation: each test user's relevant items are ranked against `count`
/// negatives drawn without replacement from the items outside their training and test sets.
/// The draws depend on `generator`, the dataset and the user only, never on the model, so
/// every model evaluated with the same sampling sees the same negatives.
public struct CandidateSampling: Sendable, Equatable {
    public var count: Int
    public var law: SamplingLaw
    public var generator: SeededGenerator

    public init(count: Int, law: SamplingLaw = .uniform, generator: SeededGenerator) {
        precondition(count >= 1, "at least one negative is needed")
        self.count = count
        self.law = law
        self.generator = generator
    }
}
