import NotebookDocument

/// Typed accessors shared by checked subjects and options, e.g. `statement.option("epochs").int`.
public protocol TypedValueAccess {
    var value: Value? { get }
}

extension TypedValueAccess {
    public var int: Int? { if case .integer(let x)? = value { x } else { nil } }
    /// A float value (integer values are widened).
    public var double: Double? {
        switch value {
        case .float(let x)?: x
        case .integer(let x)?: Double(x)
        default: nil
        }
    }
    public var string: String? { if case .string(let s)? = value { s } else { nil } }
    public var bool: Bool? { if case .boolean(let b)? = value { b } else { nil } }
    /// An enum word such as `adagrad`.
    public var word: String? { if case .word(let w)? = value { w } else { nil } }
    /// The bound name this value refers to.
    public var reference: String? { value?.referencedName?.name }
    public var list: [Value]? { if case .list(let l)? = value { l } else { nil } }
    /// An integer or a list of integers, as a list (`k=10` and `k=[10]` read the same).
    public var ints: [Int]? {
        switch value {
        case .integer(let x)?: [x]
        case .list(let l)?:
            l.allSatisfy { if case .integer = $0 { true } else { false } }
                ? l.compactMap { if case .integer(let x) = $0 { x } else { nil } } : nil
        default: nil
        }
    }
    /// A word or a list of words, as a list.
    public var words: [String]? {
        switch value {
        case .word(let w)?: [w]
        case .list(let l)?: l.compactMap { if case .word(let w) = $0 { w } else { nil } }
        default: nil
        }
    }
}

/// A checked subject: its typed value and where it was written.
public struct CheckedSubject: Sendable, Hashable, TypedValueAccess {
    public var value: Value?
    public var range: SourceRange
    /// The parameter it came from, when written as `$name`.
    public var parameter: String?
}

/// A checked option: its typed value (the default when not written) and where it was written.
public struct CheckedOption: Sendable, Hashable, TypedValueAccess {
    public var name: String
    /// nil only for options without a default value (see `OptionDefault.absent`).
    public var value: Value?
    /// Whether the statement wrote the option (false: the default was filled in).
    public var isExplicit: Bool
    /// The written `name=value` range; nil for defaults.
    public var range: SourceRange?
    public var valueRange: SourceRange?
    public var parameter: String?
    /// Whether the option changes the statement's value (see `OptionSignature.affectsValue`).
    public var affectsValue: Bool = true
    /// `sweep[…]`: the values of the axis named after the option (`value` is then nil).
    public var sweep: [Value]?
}

/// A named dimension of a family of values: a swept option's values, or `seed` 1…N.
public struct Axis: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var values: [Value]
    public init(name: String, values: [Value]) {
        self.name = name
        self.values = values
    }
    /// The axis of `seeds=N`.
    public static let seedName = "seed"
    public static func seeds(_ count: Int) -> Axis { Axis(name: seedName, values: (1...count).map { .integer($0) }) }
    /// "epsilon (6)".
    public var description: String { "\(name) (\(values.count))" }
}

/// A name bound by a statement.
public struct CheckedBinding: Sendable, Hashable {
    public var name: String
    public var range: SourceRange
    public var type: BoundType
    /// For models: the name of the dataset it was trained on.
    public var dataset: String?
    public var cellIndex: Int
    /// The family's axes; empty for a single value.
    public var axes: [Axis] = []
}

/// One statement, resolved and typed.
public struct CheckedStatement: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Run `command`; bind its value when `binding` is set, else show it.
        case run(command: String)
        /// Show the value bound to a name.
        case show(name: String)
    }

    public var action: Action
    public var binding: CheckedBinding?
    /// The type of the value produced or shown; nil for display-only commands.
    public var resultType: BoundType?
    public var subjects: [CheckedSubject]
    /// Every option of the command that applies to this form, in catalogue order.
    public var options: [CheckedOption]
    public var range: SourceRange
    /// The names this statement reads, in order of appearance.
    public var dependencies: [String]
    /// The axes the statement runs over: its inputs' axes, then its own sweeps, then `seed`
    /// for `seeds=N`. Empty: it runs once. Aggregating commands have none (they read whole families).
    public var axes: [Axis] = []
    /// `seeds=N` of this statement (its own `seed` axis), nil otherwise.
    public var replicates: Int?

    public var command: String? {
        if case .run(let command) = action { command } else { nil }
    }

    /// Every axis fixed by a selection among the statement's subjects and options.
    public var selections: [String: Value] {
        var fixed: [String: Value] = [:]
        for value in subjects.map(\.value) + options.map(\.value) {
            for coordinate in value?.referencedName?.selection ?? [] where fixed[coordinate.axis] == nil {
                fixed[coordinate.axis] = coordinate.value
            }
        }
        return fixed
    }

    /// The statement for one element of its family: each swept option takes its coordinate.
    public func element(at coordinates: [String: Value]) -> CheckedStatement {
        var element = self
        for index in element.options.indices where element.options[index].sweep != nil {
            element.options[index].value = coordinates[element.options[index].name]
        }
        return element
    }

    public func subject(_ index: Int) -> CheckedSubject {
        subjects[index]
    }

    /// The option called `name`; an empty, non-explicit option if the command has none such.
    public func option(_ name: String) -> CheckedOption {
        options.first { $0.name == name }
            ?? CheckedOption(name: name, value: nil, isExplicit: false, range: nil, valueRange: nil, parameter: nil, affectsValue: false)
    }
}

public struct CheckedCell: Sendable, Hashable {
    public var index: Int
    public var statements: [CheckedStatement]
}

/// A parameter's value in effect for a run.
public struct ParameterValue: Sendable, Hashable {
    public var name: String
    public var value: Value
    /// Whether `--set` replaced the front matter's default.
    public var isOverridden: Bool

    /// The value as a recbook literal.
    public var text: String { value.description }
}

/// A notebook that passed checking: every cell's statements, typed, with defaults filled in.
public struct CheckedProgram: Sendable {
    public var cells: [CheckedCell]
    public var parameters: [ParameterValue]
    /// Every bound name, in order of definition.
    public var bindings: [CheckedBinding]
    /// Every citation in the prose, in document order.
    public var citations: [CheckedCitation] = []
    /// Likely mistakes that do not stop the run (an unused parameter, `compare e e`), by position.
    public var warnings: [Diagnostic] = []

    public func binding(named name: String) -> CheckedBinding? {
        bindings.first { $0.name == name }
    }
}
