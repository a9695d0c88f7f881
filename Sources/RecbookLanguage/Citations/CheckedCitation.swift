import NotebookDocument

/// A citation the checker resolved: which evaluations, which metric at which cut-off, and
/// what to show. The run computes its value; reports render it in place of the code span.
public struct CheckedCitation: Sendable, Hashable {
    public enum Quantity: String, Sendable, Hashable, Codable {
        /// The metric of one evaluation (its mean over seeds for a family).
        case value
        /// The subject's metric minus the baseline's, paired by seed.
        case difference
        /// The difference divided by the baseline's mean, as `compare` reports it.
        case relativeChange = "relative-change"
    }

    /// Which part of the figure the prose shows; `full` is the figure as tables show it.
    public enum Part: String, Sendable, Hashable, CaseIterable {
        case full, mean, ci, low, high, sd, n
    }

    /// The code span's text; reports key the value by it.
    public var literal: String
    public var range: SourceRange
    public var quantity: Quantity
    /// A `.reference` or `.element` value naming an evaluation.
    public var subject: Value
    public var baseline: Value?
    public var metric: String
    /// The cut-off: as written, else the largest the evaluation computed; nil for metrics without one.
    public var cutoff: Int?
    public var part: Part
    /// Whether the cited evaluations run over seeds: the figure is then a mean with its interval.
    public var overSeeds: Bool
    /// The side of a comparison that is one exact value (an evaluation of a deterministic model:
    /// MostPop, ItemKNN, EASE) set against a family over seeds; nil when both sides have the
    /// same axes. Its value is subtracted from (or is reduced by) every seed's.
    public var exactSide: String? = nil

    /// "HR@100", "AUC".
    public var metricLabel: String
    /// The activity quartiles (1 = least active users) the two sides are measured over; nil: all users.
    public var group: Int? = nil
    public var baselineGroup: Int? = nil
}

/// The metrics citations may name, given by the command catalogue (the library owns them).
public struct CitableMetric: Sendable, Hashable {
    public var name: String
    public var displayName: String
    public var usesCutoff: Bool
    /// Whether the metric has a value per user, so a group of users has a mean (coverage and
    /// the Gini index describe all lists together and have not).
    public var hasUserValues: Bool
    public init(name: String, displayName: String, usesCutoff: Bool, hasUserValues: Bool = true) {
        self.name = name
        self.displayName = displayName
        self.usesCutoff = usesCutoff
        self.hasUserValues = hasUserValues
    }
}

/// What the checker needs to resolve citations: the metric words, and which options of the
/// evaluating command list the metrics and cut-offs it computes.
public struct CitationVocabulary: Sendable {
    public var metrics: [CitableMetric]
    public var metricsOption: String
    public var cutoffsOption: String
    /// What citations of a detection may name (`= flags.recall`).
    public var detectionMetrics: [CitableMetric] = []
    /// The option and word by which an evaluation computes its activity quartiles (`groups=activity`).
    public var groupsOption = "groups"
    public var groupsWord = "activity"
    public static let groupCount = 4
    public init(metrics: [CitableMetric], metricsOption: String, cutoffsOption: String) {
        self.metrics = metrics
        self.metricsOption = metricsOption
        self.cutoffsOption = cutoffsOption
    }
    /// No metrics: every citation is an error.
    public static let none = CitationVocabulary(metrics: [], metricsOption: "metrics", cutoffsOption: "k")
}

/// The text of every citation diagnostic.
enum CitationMessages {
    static let forms = "a citation reads `= EVAL.METRIC@K`, optionally followed by `in qN` (an activity quartile), "
        + "by `vs EVAL` (relative change) or `- EVAL` (difference), and by `| PART`"
    static var partList: String { CheckedCitation.Part.allCases.filter { $0 != .full }.map(\.rawValue).joined(separator: ", ") }

    static func expected(_ what: String, found: String) -> String { "expected \(what) in the citation, found \(found)" }
    static func detectionTakesNoCutoff(_ metric: String) -> String {
        "`\(metric)` of a detection takes no cut-off; remove `@`"
    }
    static func unknownMetric(_ metric: String, known: [String]) -> String {
        "unknown metric `\(metric)`; metrics: " + known.joined(separator: ", ")
    }
    static func notComputed(_ metric: String, evaluation: String, computed: [String]) -> String {
        "`\(evaluation)` does not compute `\(metric)`; it computes " + computed.map { "`\($0)`" }.joined(separator: ", ")
    }
    static func cutoffNotComputed(_ k: Int, evaluation: String, computed: [Int]) -> String {
        "`\(evaluation)` has no cut-off \(k); it computes k = " + computed.map(String.init).joined(separator: ", ")
    }
    static func noCutoff(_ metric: String) -> String { "`\(metric)` looks at the whole ranking and takes no cut-off; remove `@`" }
    static func unselectedAxes(_ name: String, axes: String, example: String) -> String {
        "`\(name)` runs over \(axes); a citation names one value, so select the other axes, e.g. `\(example)`"
    }
    static func unpaired(_ subject: String, _ subjectAxes: String, baseline: String, _ baselineAxes: String) -> String {
        "`\(subject)` runs over \(subjectAxes) but `\(baseline)` over \(baselineAxes); a comparison pairs runs of the same seeds"
            + (subjectAxes == "no axes" || baselineAxes == "no axes"
                ? " (a single run stands against seeds only when it evaluates a deterministic model: mostpop, itemknn, ease)" : "")
    }
    static func unknownPart(_ part: String) -> String { "unknown part `\(part)`; parts: " + partList }
    static func partNeedsSeeds(_ part: String, _ name: String) -> String {
        "`| \(part)` needs a mean over seeds, but `\(name)` is a single run"
    }
    static let citationSubject = "a citation"
    static func unknownGroup(_ number: Int) -> String {
        "there is no activity quartile q\(number); they are q1 (the least active users) to q\(CitationVocabulary.groupCount) (the most active)"
    }
    static func noGroups(_ evaluation: String, option: String, word: String) -> String {
        "`\(evaluation)` has no activity quartiles; add `\(option)=\(word)` to its `evaluate`"
    }
    static func groupWithoutUserValues(_ metric: String) -> String {
        "`\(metric)` describes all lists together and has no value per user, so a quartile of users has none"
    }
    static func groupOfDetection() -> String { "a detection has no activity quartiles; remove `in …`" }
}
