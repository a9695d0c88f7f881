import NotebookDocument

/// One lexical unit of a cell. Trivia (spaces, comments, line continuations) are tokens
/// too, so the token stream covers the input exactly; the parser skips them.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `[A-Za-z_][A-Za-z0-9_-]*`: commands, names, option names, enum words.
        case word
        /// `true` or `false`.
        case boolean
        case integer
        case float
        /// A double-quoted string; `text` keeps the quotes and escapes as written.
        case string
        /// `$name`.
        case parameter
        case equals, leftBracket, rightBracket, comma
        /// The end of a source line.
        case newline
        /// Spaces and tabs.
        case whitespace
        /// `#` to the end of the line.
        case comment
        /// `\` at the end of a line: the statement goes on with the next line.
        case continuation
        /// Text the lexer could not read; `problem` says why.
        case invalid(LexicalProblem)
    }

    public var kind: Kind
    /// The exact source text of the token.
    public var text: String
    /// Position inside the cell's code: 1-based line and column (Unicode scalars).
    public var line: Int
    public var column: Int
    /// Column just past the token's last scalar, on the same line.
    public var endColumn: Int

    public var isTrivia: Bool {
        switch kind {
        case .whitespace, .comment, .continuation: true
        default: false
        }
    }
}

/// Why the lexer rejected a piece of text.
public enum LexicalProblem: Sendable, Hashable {
    case unterminatedString
    case unknownEscape(String)
    case malformedNumber
    case unexpectedCharacter(String)
    case emptyParameterName
}
