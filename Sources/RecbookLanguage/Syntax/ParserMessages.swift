/// The text of the parser's diagnostics, kept together (as `CheckerMessages` keeps the
/// checker's) so their wording is consistent and can be reviewed in one place.
enum ParserMessages {
    static func missingCommandInBinding(_ name: String) -> String {
        "missing command after `=` in the binding of `\(name)`"
    }
    static func missingOptionValue(_ option: String) -> String {
        "missing value after `=` for option `\(option)`"
    }
    static let expectedValue = "expected a value"
    static func integerTooLarge(_ text: String) -> String {
        "integer `\(text)` is too large"
    }
    static func malformedNumber(_ text: String) -> String {
        "malformed number `\(text)`"
    }
    static func listTooDeep(maximum: Int) -> String {
        "lists nest at most \(maximum) deep"
    }
    static let unclosedList = "unclosed list: expected `]`"
    /// `found` is "the end of the line" or the token in backticks.
    static func unexpectedToken(expected: String, found: String) -> String {
        "expected \(expected), found \(found)"
    }
    static let endOfLine = "the end of the line"
    static let unterminatedString = "unterminated string"
    static func unknownEscape(_ escape: String) -> String {
        "unknown escape sequence `\(escape)` in string (use \\\" \\\\ \\n or \\t)"
    }
    static func unexpectedCharacter(_ character: String) -> String {
        "unexpected character `\(character)`"
    }
    static let emptyParameterName = "`$` must be followed by a parameter name"
}
