import NotebookDocument

/// A value as written: a literal, a word, a `$parameter` or a list of values.
public struct ValueSyntax: Sendable, Hashable {
    public indirect enum Form: Sendable, Hashable {
        case integer(Int)
        case float(Double)
        case string(String)
        case boolean(Bool)
        /// A bare word: a bound name or an enum word, depending on where it stands.
        case word(String)
        /// `$name`, a front-matter parameter.
        case parameter(String)
        case list([ValueSyntax])
        /// `sweep[a, b, …]`: one value per element of a family (see docs/language.md, Sweeps).
        case sweep([ValueSyntax])
        /// `name[axis=value, …]`: one element (or a smaller family) of a family.
        case selection(name: String, [SelectionItem])
    }

    /// `axis=value` inside a selection.
    public struct SelectionItem: Sendable, Hashable {
        public var axis: String
        public var axisRange: SourceRange
        public var value: ValueSyntax
    }

    public var form: Form
    /// The source text as written (a list is normalised to `[a, b, c]`).
    public var text: String
    /// File coordinates.
    public var range: SourceRange

    public init(form: Form, text: String, range: SourceRange) {
        self.form = form
        self.text = text
        self.range = range
    }

    /// The bound name this value reads as written (`name`, `name[axis=value]`), before the
    /// checker knows whether a bare word is a name or an enum word; nil for every other form.
    public var referencedName: String? {
        switch form {
        case .word(let word): word
        case .selection(let name, _): name
        default: nil
        }
    }
}

/// `name=value`.
public struct OptionSyntax: Sendable, Hashable {
    public var name: String
    public var nameRange: SourceRange
    public var value: ValueSyntax
    public var range: SourceRange { nameRange.lowerBound..<value.range.upperBound }
}

/// `command subject… option=value…`.
public struct CommandSyntax: Sendable, Hashable {
    public var name: String
    public var nameRange: SourceRange
    public var subjects: [ValueSyntax]
    public var options: [OptionSyntax]
    /// From the command word to the end of its last argument.
    public var range: SourceRange
    /// Options whose value had a syntax error (already reported): the rest of the statement
    /// is still checked for its own errors, but the statement does not run.
    public var unparsedOptions: [String] = []
    /// The index of the first subject with a syntax error (already reported): it and the
    /// subjects after it are unknown, so their count and the options that depend on them are
    /// not checked, and the statement does not run.
    public var unparsedSubject: Int? = nil
}

/// One statement of a cell.
public struct StatementSyntax: Sendable, Hashable {
    public enum Form: Sendable, Hashable {
        /// `name = command …`
        case binding(name: String, nameRange: SourceRange, command: CommandSyntax)
        /// `command …`: show the command's result.
        case command(CommandSyntax)
        /// `name`: show the value bound to the name.
        case show(name: String, nameRange: SourceRange)
        /// `name = …` whose command could not be parsed (`eps = 0.5`): the name is defined here,
        /// its syntax error already reported, so its uses are not reported again.
        case brokenBinding(name: String, nameRange: SourceRange)
    }

    public var form: Form
    public var range: SourceRange

    public var command: CommandSyntax? {
        switch form {
        case .binding(_, _, let command), .command(let command): command
        case .show, .brokenBinding: nil
        }
    }
}

/// Maps positions inside a piece of code (a cell, a `--set` value) to file coordinates.
public struct SourceMapper: Sendable {
    public var lineStarts: [SourceLocation]

    public init(lineStarts: [SourceLocation]) {
        self.lineStarts = lineStarts
    }

    public init(cell: Cell) {
        self.lineStarts = cell.lineStarts.isEmpty ? [cell.range.lowerBound] : cell.lineStarts
    }

    /// Code that stands at the top-left of its file.
    public static let identity = SourceMapper(lineStarts: [])

    public func location(line: Int, column: Int) -> SourceLocation {
        if lineStarts.isEmpty { return SourceLocation(line: line, column: column) }
        let start = lineStarts[min(max(line, 1), lineStarts.count) - 1]
        let extraLines = max(0, line - lineStarts.count)
        return SourceLocation(line: start.line + extraLines, column: start.column + column - 1)
    }

    public func range(of token: Token) -> SourceRange {
        location(line: token.line, column: token.column)..<location(line: token.line, column: token.endColumn)
    }
}
