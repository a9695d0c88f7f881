/// The kinds of values a name can be bound to.
public enum ValueKind: String, Sendable, Hashable, CaseIterable, Codable {
    case dataset, model, evaluation, comparison
    /// Users a shilling detector flagged (`detect`).
    case detection

    /// "a dataset", "an evaluation".
    public var withArticle: String {
        switch self {
        case .evaluation: "an evaluation"
        default: "a \(rawValue)"
        }
    }
}

/// The algorithm behind a model value.
public enum ModelFamily: String, Sendable, Hashable, CaseIterable, Codable {
    case bprmf, mostpop, random
    /// The standard baselines: item-based kNN, EASE, implicit ALS (docs/algorithms.md).
    case itemknn, ease, ials
}

/// The static type of a bound name: its kind, and for models the family and whether
/// the embeddings were perturbed by `attack`.
public struct BoundType: Sendable, Hashable, Codable, CustomStringConvertible {
    public var kind: ValueKind
    public var family: ModelFamily?
    public var isAttacked: Bool

    public init(kind: ValueKind, family: ModelFamily? = nil, isAttacked: Bool = false) {
        self.kind = kind
        self.family = family
        self.isAttacked = isAttacked
    }

    public static let dataset = BoundType(kind: .dataset)
    public static let evaluation = BoundType(kind: .evaluation)
    public static let comparison = BoundType(kind: .comparison)
    public static let detection = BoundType(kind: .detection)
    public static func model(_ family: ModelFamily, attacked: Bool = false) -> BoundType {
        BoundType(kind: .model, family: family, isAttacked: attacked)
    }

    /// "a dataset", "a bprmf model", "an attacked bprmf model".
    public var description: String {
        guard kind == .model, let family else { return kind.withArticle }
        if isAttacked { return "an attacked \(family.rawValue) model" }
        // "an ials model", "an ease model", "a bprmf model".
        return ("aeiou".contains(family.rawValue.first!) ? "an " : "a ") + "\(family.rawValue) model"
    }
}

/// What a reference to a bound name must be.
public struct ReferenceRequirement: Sendable, Hashable {
    public var kind: ValueKind
    /// Allowed model families; empty means any.
    public var families: [ModelFamily]
    public var allowsAttacked: Bool

    public init(kind: ValueKind, families: [ModelFamily] = [], allowsAttacked: Bool = true) {
        self.kind = kind
        self.families = families
        self.allowsAttacked = allowsAttacked
    }

    /// "a model", "a bprmf model", "a bprmf model that is not attacked".
    public var description: String {
        guard kind == .model, !families.isEmpty else { return kind.withArticle }
        let base = "a " + families.map(\.rawValue).joined(separator: " or ") + " model"
        return allowsAttacked ? base : base + " that is not attacked"
    }
}

/// The type of a subject or an option value.
public indirect enum ValueType: Sendable, Hashable {
    case integer
    /// A number; integer literals are accepted and widened.
    case float
    case string
    case boolean
    /// One of a fixed set of words.
    case word([String])
    case list(ValueType)
    /// A single value or a list of them (e.g. `k=10` or `k=[10, 100]`).
    case oneOrList(ValueType)
    /// The name of a bound value.
    case reference(ReferenceRequirement)
    /// A string, or one of a few words (e.g. `load "path"` or `load synthetic`).
    case stringOrWord([String])
    /// The name of an axis of the statement's subjects (`plot broken x=epsilon`).
    case axis
    /// A cut-off every subject evaluation computed (`compare clean hit k=100`).
    case cutoff
    /// A string naming a place to write, inside the run's output folder (`export m to="bpr"`).
    case outputPath

    /// "an integer", "a list of integers", "one of `loo`, `holdout`".
    public var description: String {
        switch self {
        case .integer: "an integer"
        case .float: "a number"
        case .string: "a string"
        case .boolean: "a boolean"
        case .word(let words): "one of " + words.map { "`\($0)`" }.joined(separator: ", ")
        case .list(let element): "a list of \(element.pluralDescription)"
        case .oneOrList(let element): "\(element.description) or a list of \(element.pluralDescription)"
        case .reference(let requirement): requirement.description
        case .stringOrWord(let words): "a string or " + words.map { "`\($0)`" }.joined(separator: ", ")
        case .axis: "an axis name"
        case .outputPath: "a path inside the output folder"
        case .cutoff: "a cut-off the evaluations computed"
        }
    }

    var pluralDescription: String {
        switch self {
        case .integer: "integers"
        case .float: "numbers"
        case .string: "strings"
        case .boolean: "booleans"
        case .word(let words): "words among " + words.map { "`\($0)`" }.joined(separator: ", ")
        default: "values of type \(description)"
        }
    }

    /// A short name for reference tables: `int`, `float`, `[enum]`, `model(bprmf)`.
    public var shortName: String {
        switch self {
        case .integer: "int"
        case .float: "float"
        case .string: "string"
        case .boolean: "bool"
        case .word(let words): words.joined(separator: " | ")
        case .list(let element): "[\(element.shortName)]"
        case .oneOrList(let element): "\(element.shortName) or [\(element.shortName)]"
        case .reference(let r):
            r.families.isEmpty ? r.kind.rawValue : "\(r.kind.rawValue) (\(r.families.map(\.rawValue).joined(separator: ", ")))"
        case .stringOrWord(let words): "string or " + words.joined(separator: " | ")
        case .axis: "axis"
        case .outputPath: "path in output"
        case .cutoff: "int (a computed cut-off)"
        }
    }
}

/// Bounds on a numeric value (each end open or closed, or absent).
public struct NumericBounds: Sendable, Hashable {
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool

    public init(lower: Double? = nil, lowerInclusive: Bool = true, upper: Double? = nil, upperInclusive: Bool = true) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    public static func atLeast(_ x: Double) -> NumericBounds { NumericBounds(lower: x) }
    public static func greaterThan(_ x: Double) -> NumericBounds { NumericBounds(lower: x, lowerInclusive: false) }
    public static func between(_ a: Double, _ b: Double) -> NumericBounds { NumericBounds(lower: a, upper: b) }
    public static func openInterval(_ a: Double, _ b: Double) -> NumericBounds {
        NumericBounds(lower: a, lowerInclusive: false, upper: b, upperInclusive: false)
    }

    public func contains(_ x: Double) -> Bool {
        if let lower, lowerInclusive ? x < lower : x <= lower { return false }
        if let upper, upperInclusive ? x > upper : x >= upper { return false }
        return true
    }

    /// "greater than 0", "at least 1", "between 1 and 4096", "between 0 and 1 (exclusive)".
    public var requirement: String {
        switch (lower, upper) {
        case (let l?, let u?) where lowerInclusive && upperInclusive:
            "between \(formatNumber(l)) and \(formatNumber(u))"
        case (let l?, let u?) where !lowerInclusive && !upperInclusive:
            "between \(formatNumber(l)) and \(formatNumber(u)) (exclusive)"
        case (let l?, let u?):
            "in \(lowerInclusive ? "[" : "(")\(formatNumber(l)), \(formatNumber(u))\(upperInclusive ? "]" : ")")"
        case (let l?, nil): lowerInclusive ? "at least \(formatNumber(l))" : "greater than \(formatNumber(l))"
        case (nil, let u?): upperInclusive ? "at most \(formatNumber(u))" : "less than \(formatNumber(u))"
        case (nil, nil): "any number"
        }
    }

    /// Interval notation for reference tables: `1…4096`, `> 0`, `≥ 0`, `(0, 1)`.
    public var notation: String {
        switch (lower, upper) {
        case (let l?, let u?) where lowerInclusive && upperInclusive: "\(formatNumber(l))…\(formatNumber(u))"
        case (let l?, let u?):
            "\(lowerInclusive ? "[" : "(")\(formatNumber(l)), \(formatNumber(u))\(upperInclusive ? "]" : ")")"
        case (let l?, nil): lowerInclusive ? "≥ \(formatNumber(l))" : "> \(formatNumber(l))"
        case (nil, let u?): upperInclusive ? "≤ \(formatNumber(u))" : "< \(formatNumber(u))"
        case (nil, nil): ""
        }
    }
}

/// `5` for whole numbers, `0.05` otherwise; no exponent noise for the catalogue's values.
public func formatNumber(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return "\(x)"
}

extension ModelFamily: WordArgument {}

extension ModelFamily {
    /// Whether the family's models have user and item embeddings (factor models); the
    /// baselines score from counts or item similarities and have none.
    public var hasEmbeddings: Bool {
        switch self {
        case .bprmf, .ials: true
        case .mostpop, .random, .itemknn, .ease: false
        }
    }
}
