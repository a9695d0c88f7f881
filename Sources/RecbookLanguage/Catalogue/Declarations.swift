import NotebookDocument

/// A Swift type that an argument's checked `Value` decodes to, and whose values can be
/// written as defaults. The checker, `help`, the docs and the runtime all read the one
/// declaration (`Option`, `OptionalOption`, `RequiredOption`, `Subject`) built on it.
public protocol ArgumentValue: Sendable {
    /// The language type of arguments of this Swift type.
    static var valueType: ValueType { get }
    /// Decodes a checked value; nil when the checker let through something else (a bug).
    init?(argument: Value)
    /// The value as the language writes it, for defaults.
    var argument: Value { get }
}

extension Int: ArgumentValue {
    public static var valueType: ValueType { .integer }
    public init?(argument: Value) {
        guard case .integer(let x) = argument else { return nil }
        self = x
    }
    public var argument: Value { .integer(self) }
}

extension Double: ArgumentValue {
    public static var valueType: ValueType { .float }
    public init?(argument: Value) {
        switch argument {
        case .float(let x): self = x
        case .integer(let x): self = Double(x)
        default: return nil
        }
    }
    public var argument: Value { .float(self) }
}

extension String: ArgumentValue {
    public static var valueType: ValueType { .string }
    public init?(argument: Value) {
        guard case .string(let s) = argument else { return nil }
        self = s
    }
    public var argument: Value { .string(self) }
}

extension Bool: ArgumentValue {
    public static var valueType: ValueType { .boolean }
    public init?(argument: Value) {
        guard case .boolean(let b) = argument else { return nil }
        self = b
    }
    public var argument: Value { .boolean(self) }
}

/// A list; a single value reads as a list of one (`k=10` and `k=[10]` are the same).
extension Array: ArgumentValue where Element: ArgumentValue {
    public static var valueType: ValueType { .list(Element.valueType) }
    public init?(argument: Value) {
        if case .list(let items) = argument {
            var decoded: [Element] = []
            for item in items {
                guard let element = Element(argument: item) else { return nil }
                decoded.append(element)
            }
            self = decoded
        } else if let single = Element(argument: argument) {
            self = [single]
        } else {
            return nil
        }
    }
    public var argument: Value { .list(map { $0.argument }) }
}

/// A word option backed by an enum (usually the library's own): its raw values are the
/// words the language accepts, so a word can never fall back silently to another case.
public protocol WordArgument: ArgumentValue, CaseIterable, RawRepresentable where RawValue == String {}

extension WordArgument {
    // A closure, not `\.rawValue`: a key path on a generic type is built at run time, looking up
    // conformances, every time a signature is declared.
    public static var valueType: ValueType { .word(allCases.map { $0.rawValue }) }
    public init?(argument: Value) {
        guard case .word(let w) = argument, let value = Self(rawValue: w) else { return nil }
        self = value
    }
    public var argument: Value { .word(rawValue) }
}

/// The name of a bound value (a dataset, a model, an evaluation).
public struct BoundName: ArgumentValue, Hashable, CustomStringConvertible {
    public var name: String
    /// The axes selected with `name[axis=value, …]` (empty: the whole family, or a single value).
    public var selection: [Coordinate]
    public init(_ name: String, selection: [Coordinate] = []) {
        self.name = name
        self.selection = selection
    }
    /// References always state their requirement in the declaration (`type:`).
    public static var valueType: ValueType { .reference(ReferenceRequirement(kind: .dataset)) }
    public init?(argument: Value) {
        guard let (name, selection) = argument.referencedName else { return nil }
        self.name = name
        self.selection = selection
    }
    public var argument: Value { selection.isEmpty ? .reference(name) : .element(of: name, at: selection) }
    /// The name as written (`hits[epsilon=0.5]`).
    public var description: String { argument.description }
}

/// A path or one of a few words (`load "Data/x"` or `load synthetic`).
public enum PathOrWord: ArgumentValue, Hashable {
    case path(String)
    case word(String)
    public static var valueType: ValueType { .stringOrWord([]) }
    public init?(argument: Value) {
        switch argument {
        case .string(let s): self = .path(s)
        case .word(let w): self = .word(w)
        default: return nil
        }
    }
    public var argument: Value {
        switch self {
        case .path(let s): .string(s)
        case .word(let w): .word(w)
        }
    }
}

/// An option with a default: reading it always gives a value, the one written or the default.
public struct ValueOption<Wrapped: ArgumentValue>: Sendable {
    public private(set) var signature: OptionSignature

    public init(
        _ name: String, default defaultValue: Wrapped, bounds: NumericBounds? = nil, type: ValueType = Wrapped.valueType,
        doc: String, when condition: OptionCondition? = nil, requires requirement: OptionRequirement? = nil,
        affectsValue: Bool = true
    ) {
        var signature = OptionSignature(
            name, type, bounds: bounds, default: .value(defaultValue.argument), doc: doc, when: condition,
            affectsValue: affectsValue)
        signature.requirement = requirement
        self.signature = signature
    }
}

/// An option that may be left out: reading it gives nil then, and `documentation` says
/// what happens instead ("derived from the notebook's seed").
public struct OptionalOption<Wrapped: ArgumentValue>: Sendable {
    public private(set) var signature: OptionSignature

    public init(
        _ name: String, bounds: NumericBounds? = nil, type: ValueType = Wrapped.valueType, absent documentation: String,
        doc: String, when condition: OptionCondition? = nil, requires requirement: OptionRequirement? = nil,
        affectsValue: Bool = true
    ) {
        var signature = OptionSignature(
            name, type, bounds: bounds, default: .absent(documentation), doc: doc, when: condition,
            affectsValue: affectsValue)
        signature.requirement = requirement
        self.signature = signature
    }

    /// The default is another value the checker fills in (e.g. the dataset of the model subject).
    public init(_ name: String, type: ValueType, default rule: OptionDefault, doc: String, when condition: OptionCondition? = nil) {
        signature = OptionSignature(name, type, default: rule, doc: doc, when: condition)
    }
}

extension ValueOption {
    /// The same option, tied to a dataset's number of items (see `ItemCountRole`).
    public func itemCount(_ role: ItemCountRole) -> Self {
        var option = self
        option.signature.itemCountRole = role
        return option
    }
}

extension ValueOption {
    /// The same option, whose `words` read the model subject's embeddings.
    public func needsEmbeddings(for words: String...) -> Self {
        var option = self
        option.signature.wordsNeedingEmbeddings = words
        return option
    }
}

extension OptionalOption {
    /// The same option, tied to a dataset's number of items (see `ItemCountRole`).
    public func itemCount(_ role: ItemCountRole) -> Self {
        var option = self
        option.signature.itemCountRole = role
        return option
    }
}

/// `seeds=N`: repeats a random statement, and everything computed from it, over N seeds.
public struct ReplicateOption: OptionDeclaration {
    public let signature: OptionSignature

    public init(maximum: Int, doc: String, when condition: OptionCondition? = nil) {
        var signature = OptionSignature(
            "seeds", .integer, bounds: .between(1, Double(maximum)), default: .absent("one run"), doc: doc,
            when: condition, affectsValue: false)
        signature.isReplicateCount = true
        self.signature = signature
    }
}

/// An option every statement must write.
public struct RequiredOption<Wrapped: ArgumentValue>: Sendable {
    public let signature: OptionSignature

    public init(_ name: String, bounds: NumericBounds? = nil, type: ValueType = Wrapped.valueType, doc: String, when condition: OptionCondition? = nil) {
        signature = OptionSignature(name, type, bounds: bounds, default: .required, doc: doc, when: condition)
    }
}

/// A positional argument. `index` is its position; a repeating tail reads as a list.
public struct Subject<Wrapped: ArgumentValue>: Sendable {
    public let index: Int
    public let signature: SubjectSignature

    public init(_ index: Int, _ placeholder: String, type: ValueType = Wrapped.valueType, doc: String) {
        self.index = index
        signature = SubjectSignature(placeholder, type, doc: doc)
    }
}

/// The last positional argument, repeated at least `minimum` times (`compare EVAL EVAL…`).
public struct RepeatedSubject<Wrapped: ArgumentValue>: Sendable {
    public let index: Int
    public let signature: SubjectSignature

    public init(_ index: Int, _ placeholder: String, type: ValueType = Wrapped.valueType, minimum: Int, doc: String) {
        self.index = index
        signature = SubjectSignature(placeholder, type, doc: doc, minimumRepeats: minimum)
    }
}

/// Anything that contributes an option to a signature.
public protocol OptionDeclaration: Sendable {
    var signature: OptionSignature { get }
}
extension ValueOption: OptionDeclaration {}
extension OptionalOption: OptionDeclaration {}
extension RequiredOption: OptionDeclaration {}

/// Anything that contributes a subject to a signature.
public protocol SubjectDeclaration: Sendable {
    var signature: SubjectSignature { get }
}
extension Subject: SubjectDeclaration {}
extension RepeatedSubject: SubjectDeclaration {}

// MARK: - Reading declared arguments from a checked statement

extension CheckedStatement {
    /// The option's value: as written, or its declared default.
    /// An option that needs another option's word (`requires:`) is not part of a statement
    /// without that word; reading it then gives its declared default.
    public subscript<Wrapped>(option: ValueOption<Wrapped>) -> Wrapped {
        let name = option.signature.name
        var value = self.option(name).value
        if value == nil, option.signature.requirement != nil, case .value(let declared) = option.signature.defaultValue {
            value = declared
        }
        guard let value, let decoded = Wrapped(argument: value) else {
            preconditionFailure("option `\(name)` of `\(command ?? "?")` is not checked as declared")
        }
        return decoded
    }

    /// The option's value, or nil when it was left out and has no default.
    public subscript<Wrapped>(option: OptionalOption<Wrapped>) -> Wrapped? {
        let name = option.signature.name
        guard let value = self.option(name).value else { return nil }
        guard let decoded = Wrapped(argument: value) else {
            preconditionFailure("option `\(name)` of `\(command ?? "?")` is not checked as declared")
        }
        return decoded
    }

    public subscript<Wrapped>(option: RequiredOption<Wrapped>) -> Wrapped {
        let name = option.signature.name
        guard let value = self.option(name).value, let decoded = Wrapped(argument: value) else {
            preconditionFailure("required option `\(name)` of `\(command ?? "?")` is missing after checking")
        }
        return decoded
    }

    public subscript<Wrapped>(subject: Subject<Wrapped>) -> Wrapped {
        guard subject.index < subjects.count, let value = subjects[subject.index].value,
            let decoded = Wrapped(argument: value)
        else { preconditionFailure("subject \(subject.index) of `\(command ?? "?")` is not checked as declared") }
        return decoded
    }

    public subscript<Wrapped>(subject: RepeatedSubject<Wrapped>) -> [Wrapped] {
        subjects.dropFirst(subject.index).map { checked in
            guard let value = checked.value, let decoded = Wrapped(argument: value) else {
                preconditionFailure("subject of `\(command ?? "?")` is not checked as declared")
            }
            return decoded
        }
    }

    /// Whether the statement wrote the option (rather than taking its default).
    public func wrote(_ option: some OptionDeclaration) -> Bool {
        self.option(option.signature.name).isExplicit
    }

    /// Where the option was written (`name=value`), nil for defaults.
    public func range(of option: some OptionDeclaration) -> SourceRange? {
        self.option(option.signature.name).range
    }

    /// Where the option's value was written, nil for defaults.
    public func valueRange(of option: some OptionDeclaration) -> SourceRange? {
        self.option(option.signature.name).valueRange
    }

    public func range<Wrapped>(of subject: Subject<Wrapped>) -> SourceRange {
        subject.index < subjects.count ? subjects[subject.index].range : range
    }

    /// From the first of the repeated subjects to the last.
    public func range<Wrapped>(of subject: RepeatedSubject<Wrapped>) -> SourceRange {
        guard subject.index < subjects.count, let last = subjects.last else { return range }
        return subjects[subject.index].range.lowerBound..<last.range.upperBound
    }
}

/// A place to write, relative to the run's output folder (checked before the run: not empty,
/// and inside the folder unless the run allows writes outside it).
public struct OutputPath: ArgumentValue, Hashable {
    public var path: String
    public static var valueType: ValueType { .outputPath }
    public init?(argument: Value) {
        guard case .string(let s) = argument else { return nil }
        path = s
    }
    public var argument: Value { .string(path) }
}

/// The name of an axis of the statement's subjects (checked against them before the run).
public struct AxisName: ArgumentValue, Hashable {
    public var name: String
    public static var valueType: ValueType { .axis }
    public init?(argument: Value) {
        guard case .word(let w) = argument else { return nil }
        name = w
    }
    public var argument: Value { .word(name) }
}
