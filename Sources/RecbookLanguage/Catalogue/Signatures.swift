/// A positional argument of a command.
public struct SubjectSignature: Sendable, Hashable {
    /// The placeholder shown in usage lines: `DATASET`, `ALGO`.
    public var placeholder: String
    public var type: ValueType
    public var doc: String
    /// When set, this last subject may repeat, at least this many times (`compare EVAL EVAL…`).
    public var minimumRepeats: Int?

    public init(_ placeholder: String, _ type: ValueType, doc: String, minimumRepeats: Int? = nil) {
        self.placeholder = placeholder
        self.type = type
        self.doc = doc
        self.minimumRepeats = minimumRepeats
    }
}

/// What an option's value is when the statement does not write it.
public enum OptionDefault: Sendable, Hashable {
    /// This value is filled in.
    case value(Value)
    /// The option must be written.
    case required
    /// No value; the text says what happens then (e.g. "derived from the notebook's seed").
    case absent(String)
    /// The dataset the model given as this subject was trained on.
    case datasetOfSubject(Int)

    /// How reference documentation states the default.
    public var documentation: String {
        switch self {
        case .value(let v): "`\(v)`"
        case .required: "required"
        case .absent(let rule): rule
        case .datasetOfSubject: "the model's own dataset"
        }
    }
}

/// Restricts an option to some forms of its command (e.g. `lr` only for `train bprmf`).
public struct OptionCondition: Sendable, Hashable {
    public enum Pattern: Sendable, Hashable {
        /// The subject is one of these words.
        case words([String])
        /// The subject is a string (e.g. a path rather than `synthetic`).
        case string
    }
    public var subject: Int
    public var pattern: Pattern

    public static func subject(_ index: Int, is words: String...) -> OptionCondition {
        OptionCondition(subject: index, pattern: .words(words))
    }
    public static func subjectIsString(_ index: Int) -> OptionCondition {
        OptionCondition(subject: index, pattern: .string)
    }
}

/// Restricts an option to statements where another option has one word
/// (`negatives` only with `candidates=sampled`); the other option's default counts.
public struct OptionRequirement: Sendable, Hashable {
    public var option: String
    public var word: String

    public init(_ option: String, is word: String) {
        self.option = option
        self.word = word
    }

    /// `candidates=sampled`, as documentation writes it.
    public var documentation: String { "`\(option)=\(word)`" }
}

/// Options tied to a dataset's number of items: `load synthetic items=N` states it, and
/// `evaluate … negatives=N` must stay below it, which the checker verifies when it is known.
public enum ItemCountRole: Sendable, Hashable {
    /// The option's integer is the number of items of the dataset the statement makes.
    case states
    /// The option's integer is the number of users of the dataset the statement makes
    /// (with `states`, the checker can tell two generated datasets apart).
    case statesUsers
    /// The option's integer must be smaller than the number of items of the statement's dataset.
    case staysBelow
}

/// One `name=value` option of a command.
public struct OptionSignature: Sendable, Hashable {
    public var name: String
    public var type: ValueType
    /// Bounds for numbers (each element, for lists).
    public var bounds: NumericBounds?
    public var defaultValue: OptionDefault
    public var doc: String
    /// nil: the option applies to every form of the command.
    public var condition: OptionCondition?
    /// false for options that change only what is shown (e.g. `compare test=`): they are
    /// left out of a statement's derivation, so they never change what it draws.
    public var affectsValue: Bool
    /// `seeds=N`: the statement repeats over N seeds, which become the axis `seed`.
    public var isReplicateCount: Bool = false
    /// nil: the option does not depend on another option's value.
    public var requirement: OptionRequirement?
    /// How the option relates to a dataset's number of items, when the checker can know it.
    public var itemCountRole: ItemCountRole?
    /// Words of this option that read the embeddings of the statement's model subject
    /// (`export … what=embeddings`): the checker refuses them for a family without any.
    public var wordsNeedingEmbeddings: [String] = []

    public init(
        _ name: String, _ type: ValueType, bounds: NumericBounds? = nil, default defaultValue: OptionDefault,
        doc: String, when condition: OptionCondition? = nil, affectsValue: Bool = true
    ) {
        self.name = name
        self.type = type
        self.bounds = bounds
        self.defaultValue = defaultValue
        self.doc = doc
        self.condition = condition
        self.affectsValue = affectsValue
    }

    /// Whether `sweep[…]` may give this option several values: single values only
    /// (a list option already takes several, and a reference names one value).
    public var isSweepable: Bool {
        switch type {
        case .integer, .float, .string, .boolean, .word: true
        default: false
        }
    }
}

/// What running a command produces.
public enum CommandResult: Sendable, Hashable {
    /// The command only displays something; binding it is an error.
    case nothing
    /// A value of a fixed type.
    case value(BoundType)
    /// A model whose family is the word given as this subject (`train bprmf …`).
    case modelOfAlgorithm(subject: Int)
    /// An attacked copy of the model given as this subject (same family).
    case attackedModel(subject: Int)

    /// The kind documented in reference tables.
    public var kindName: String {
        switch self {
        case .nothing: "nothing (display only)"
        case .value(let type): type.family.map { "\($0.rawValue) model" } ?? type.kind.rawValue
        case .modelOfAlgorithm: "model (of family ALGO)"
        case .attackedModel: "attacked model (same family as MODEL)"
        }
    }
}

/// How a command treats families (values over sweep and seed axes).
public enum FamilyHandling: Sendable, Hashable {
    /// Runs once per element of its inputs' axes (and of its own sweeps and seeds); the
    /// result keeps the axes.
    case elementwise
    /// Reads whole families at once (tables, charts, comparisons over seeds); the result
    /// has no axes.
    case aggregate
}

/// A command of the language: its subjects, options and result.
public struct CommandSignature: Sendable, Hashable {
    public var name: String
    public var summary: String
    public var subjects: [SubjectSignature]
    public var options: [OptionSignature]
    public var result: CommandResult
    /// A line of recbook showing typical use.
    public var example: String
    public var families: FamilyHandling
    /// Whether `seeds=N` may repeat the command over N seeds (commands that draw random numbers).
    public var isRandom: Bool
    /// Groups of options that say one thing in different ways (a count or a share): a
    /// statement writes at most one option of each group.
    public var exclusiveOptions: [[String]] = []
    /// The statement shows its axis options' axes and averages over the rest, which only
    /// makes sense for `seed` (tables, heat maps): any other remaining axis is an error.
    public var averagesOverSeedsOnly = false
    /// The statement pairs its evaluations user by user (`compare`): they must be of
    /// datasets with the same users.
    public var pairsUsers = false

    public init(
        name: String, summary: String, subjects: [SubjectSignature], options: [OptionSignature],
        result: CommandResult, example: String, families: FamilyHandling = .elementwise, isRandom: Bool = false
    ) {
        self.name = name
        self.summary = summary
        self.subjects = subjects
        self.options = options
        self.result = result
        self.example = example
        self.families = families
        self.isRandom = isRandom
    }

    /// A signature from its declared arguments (each declared once, with its type and default).
    public init(
        name: String, summary: String, subjects: [any SubjectDeclaration], options: [any OptionDeclaration],
        result: CommandResult, example: String, families: FamilyHandling = .elementwise, isRandom: Bool = false
    ) {
        self.init(
            name: name, summary: summary, subjects: subjects.map(\.signature), options: options.map(\.signature),
            result: result, example: example, families: families, isRandom: isRandom)
    }

    public func option(named name: String) -> OptionSignature? {
        options.first { $0.name == name }
    }

    /// `train ALGO DATASET [option=value…]`, `compare EVAL EVAL…`.
    public var usage: String {
        var parts = [name]
        for subject in subjects {
            if let repeats = subject.minimumRepeats {
                parts += Array(repeating: subject.placeholder, count: repeats - 1) + [subject.placeholder + "…"]
            } else {
                parts.append(subject.placeholder)
            }
        }
        if !options.isEmpty { parts.append("[option=value…]") }
        return parts.joined(separator: " ")
    }

    /// The allowed subject counts: exactly `n`, or at least `n` when the last repeats.
    public var subjectCount: (minimum: Int, isVariadic: Bool) {
        guard let last = subjects.last, let repeats = last.minimumRepeats else { return (subjects.count, false) }
        return (subjects.count - 1 + repeats, true)
    }

    /// The signature of the subject at `index` (the repeating one for variadic tails).
    public func subject(at index: Int) -> SubjectSignature? {
        if index < subjects.count { return subjects[index] }
        if let last = subjects.last, last.minimumRepeats != nil { return last }
        return nil
    }
}
