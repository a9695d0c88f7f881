import NotebookDocument

/// Splits a cell's code into tokens. Never fails: text it cannot read becomes an
/// `.invalid` token, so every character of the input belongs to exactly one token.
public struct Lexer: Sendable {
    private let scalars: [Unicode.Scalar]

    public init(_ code: String) {
        scalars = Array(code.unicodeScalars)
    }

    public func tokens() -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(scalars.count / 3 + 1)
        var index = 0
        var line = 1
        var column = 1

        while index < scalars.count {
            let start = index
            let kind = scanToken(at: &index)
            let text = String(String.UnicodeScalarView(scalars[start..<index]))
            let width = index - start
            result.append(Token(kind: kind, text: text, line: line, column: column, endColumn: column + width))
            if kind == .newline {
                line += 1
                column = 1
            } else {
                column += width
            }
        }
        return result
    }

    // MARK: - Scanning

    private func scanToken(at index: inout Int) -> Token.Kind {
        let c = scalars[index]
        switch c {
        case "\n":
            index += 1
            return .newline
        case "\r":
            index += 1
            if index < scalars.count, scalars[index] == "\n" { index += 1 }
            return .newline
        case " ", "\t":
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
            return .whitespace
        case "#":
            while index < scalars.count, !isLineEnd(scalars[index]) { index += 1 }
            return .comment
        case "=": index += 1; return .equals
        case "[": index += 1; return .leftBracket
        case "]": index += 1; return .rightBracket
        case ",": index += 1; return .comma
        case "\"":
            return scanString(at: &index)
        case "$":
            index += 1
            guard index < scalars.count, Self.isWordStart(scalars[index]) else { return .invalid(.emptyParameterName) }
            scanWordTail(at: &index)
            return .parameter
        case "\\":
            index += 1
            // Only a backslash that ends its line (trailing spaces allowed) continues it.
            var look = index
            while look < scalars.count, scalars[look] == " " || scalars[look] == "\t" { look += 1 }
            if look == scalars.count || isLineEnd(scalars[look]) {
                index = look
                return .continuation
            }
            return .invalid(.unexpectedCharacter("\\"))
        default:
            if Self.isWordStart(c) {
                let start = index
                index += 1
                scanWordTail(at: &index)
                let word = String(String.UnicodeScalarView(scalars[start..<index]))
                return word == "true" || word == "false" ? .boolean : .word
            }
            if Self.isDigit(c) || ((c == "-" || c == "+" || c == ".") && index + 1 < scalars.count
                && (Self.isDigit(scalars[index + 1]) || scalars[index + 1] == "."))
            {
                return scanNumber(at: &index)
            }
            index += 1
            return .invalid(.unexpectedCharacter(String(c)))
        }
    }

    private func scanWordTail(at index: inout Int) {
        while index < scalars.count, Self.isWordTail(scalars[index]) {
            // A hyphen belongs to the word only when a letter or digit follows it,
            // so `adv-train` is one word but `x-` stops before the hyphen.
            if scalars[index] == "-" {
                guard index + 1 < scalars.count, Self.isWordTail(scalars[index + 1]), scalars[index + 1] != "-" else { return }
            }
            index += 1
        }
    }

    private func scanNumber(at index: inout Int) -> Token.Kind {
        var isFloat = false
        var valid = true
        if scalars[index] == "-" || scalars[index] == "+" { index += 1 }
        var digits = 0
        while index < scalars.count, Self.isDigit(scalars[index]) { index += 1; digits += 1 }
        if index < scalars.count, scalars[index] == "." {
            isFloat = true
            index += 1
            while index < scalars.count, Self.isDigit(scalars[index]) { index += 1; digits += 1 }
        }
        if digits == 0 { valid = false }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            isFloat = true
            index += 1
            if index < scalars.count, scalars[index] == "-" || scalars[index] == "+" { index += 1 }
            var exponentDigits = 0
            while index < scalars.count, Self.isDigit(scalars[index]) { index += 1; exponentDigits += 1 }
            if exponentDigits == 0 { valid = false }
        }
        // `5x`, `1.2.3`: swallow the rest of the run so it is reported once.
        while index < scalars.count, Self.isWordTail(scalars[index]) || scalars[index] == "." {
            index += 1
            valid = false
        }
        guard valid else { return .invalid(.malformedNumber) }
        return isFloat ? .float : .integer
    }

    private func scanString(at index: inout Int) -> Token.Kind {
        index += 1  // opening quote
        var problem: LexicalProblem?
        while index < scalars.count {
            let c = scalars[index]
            if isLineEnd(c) { return .invalid(.unterminatedString) }
            index += 1
            if c == "\"" { return problem.map { .invalid($0) } ?? .string }
            if c == "\\" {
                guard index < scalars.count, !isLineEnd(scalars[index]) else { return .invalid(.unterminatedString) }
                let escaped = scalars[index]
                if !["\"", "\\", "n", "t"].contains(escaped), problem == nil {
                    problem = .unknownEscape("\\" + String(escaped))
                }
                index += 1
            }
        }
        return .invalid(.unterminatedString)
    }

    private func isLineEnd(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    static func isWordStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }
    static func isWordTail(_ c: Unicode.Scalar) -> Bool { isWordStart(c) || isDigit(c) || c == "-" }

    /// The value of a `.string` token's text: quotes removed, escapes resolved.
    public static func decodeString(_ text: String) -> String {
        var result = ""
        var scalars = text.unicodeScalars.dropFirst()
        if scalars.last == "\"" { scalars = scalars.dropLast() }
        var escaping = false
        for c in scalars {
            if escaping {
                switch c {
                case "n": result.unicodeScalars.append("\n")
                case "t": result.unicodeScalars.append("\t")
                default: result.unicodeScalars.append(c)
                }
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                result.unicodeScalars.append(c)
            }
        }
        return result
    }

    /// The literal's source form of a string value (quotes added, escapes applied).
    public static func quote(_ value: String) -> String {
        recbookStringLiteral(value)
    }
}
