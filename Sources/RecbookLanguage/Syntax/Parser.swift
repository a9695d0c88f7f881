import NotebookDocument

/// Parses a cell's code into statements, one per logical line. A line with a syntax
/// error yields a diagnostic and parsing resumes at the next line, so one pass reports
/// every syntax error of the cell.
public struct Parser {
    public struct Result: Sendable {
        public var statements: [StatementSyntax]
        public var diagnostics: [Diagnostic]
    }

    /// Parses `code`; `file` and `mapper` place diagnostics and ranges in the notebook file.
    public static func parse(_ code: String, file: String, mapper: SourceMapper = .identity) -> Result {
        var parser = Parser(tokens: significantTokens(Lexer(code).tokens()), file: file, mapper: mapper)
        return parser.parseAll()
    }

    /// Parses a single value (a `--set` value or a parameter default).
    public static func parseValue(_ code: String, file: String, mapper: SourceMapper = .identity) -> (ValueSyntax?, [Diagnostic]) {
        var parser = Parser(tokens: significantTokens(Lexer(code).tokens()), file: file, mapper: mapper)
        parser.skipNewlines()
        do throws(Failure) {
            let value = try parser.parseValue()
            parser.skipNewlines()
            if let extra = parser.peek {
                throw parser.unexpected(extra, expected: "the end of the value")
            }
            return (value, parser.diagnostics)
        } catch {
            return (nil, parser.diagnostics + [error.diagnostic])
        }
    }

    /// Drops spaces and comments; a `\` continuation removes itself and the line break after it.
    static func significantTokens(_ tokens: [Token]) -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(tokens.count)
        var dropNextNewline = false
        for token in tokens {
            switch token.kind {
            case .whitespace, .comment: continue
            case .continuation: dropNextNewline = true
            case .newline:
                if dropNextNewline { dropNextNewline = false } else { result.append(token) }
            default: result.append(token)
            }
        }
        return result
    }

    private struct Failure: Error {
        var diagnostic: Diagnostic
    }

    private let tokens: [Token]
    private let file: String
    private let mapper: SourceMapper
    private var position = 0
    private var diagnostics: [Diagnostic] = []
    /// How many lists enclose the value being parsed.
    private var listDepth = 0
    /// Lists nest at most this deep: no option needs more than two levels, and each level costs
    /// stack in this recursive parser (10,000 levels overflowed it).
    static let maximumListDepth = 32

    private init(tokens: [Token], file: String, mapper: SourceMapper) {
        self.tokens = tokens
        self.file = file
        self.mapper = mapper
    }

    private var peek: Token? { position < tokens.count ? tokens[position] : nil }
    private var atLineEnd: Bool { peek == nil || peek?.kind == .newline }

    private mutating func advance() -> Token {
        defer { position += 1 }
        return tokens[position]
    }

    private mutating func skipNewlines() {
        while peek?.kind == .newline { position += 1 }
    }

    private mutating func skipRestOfLine() {
        while let token = peek, token.kind != .newline { position += 1 }
    }

    private func range(_ token: Token) -> SourceRange { mapper.range(of: token) }

    // MARK: - Statements

    private mutating func parseAll() -> Result {
        var statements: [StatementSyntax] = []
        while true {
            skipNewlines()
            guard let first = peek else { break }
            let (start, parsedBefore) = (position, statements.count)
            do throws(Failure) {
                statements.append(try parseStatement())
                if !atLineEnd { throw unexpected(peek!, expected: "the end of the statement") }
            } catch {
                diagnostics.append(error.diagnostic)
                let isBinding = first.kind == .word && start + 1 < tokens.count && tokens[start + 1].kind == .equals
                skipRestOfLine()
                if statements.count == parsedBefore, isBinding {
                    let nameRange = range(first)
                    let end = position > start ? range(tokens[position - 1]).upperBound : nameRange.upperBound
                    statements.append(StatementSyntax(
                        form: .brokenBinding(name: first.text, nameRange: nameRange), range: nameRange.lowerBound..<end))
                }
            }
        }
        return Result(statements: statements, diagnostics: diagnostics)
    }

    private mutating func parseStatement() throws(Failure) -> StatementSyntax {
        let first = advance()
        guard first.kind == .word else {
            throw unexpected(first, expected: "a command or a name")
        }
        let firstRange = range(first)
        if peek?.kind == .equals {
            let equals = advance()
            guard let next = peek, next.kind != .newline else {
                throw Failure(diagnostic: Diagnostic(
                    file: file, range: range(equals), identifier: "missing-value",
                    summary: ParserMessages.missingCommandInBinding(first.text)))
            }
            guard next.kind == .word else {
                var failure = unexpected(next, expected: "a command after `=`")
                if [.integer, .float, .string, .boolean].contains(next.kind) {
                    // `eps = 0.5`: a named value is a parameter of the notebook.
                    failure.diagnostic.notes.append(Diagnostic.Note(message: CheckerMessages.literalBinding(first.text, value: next.text)))
                }
                throw failure
            }
            let command = try parseCommand()
            return StatementSyntax(
                form: .binding(name: first.text, nameRange: firstRange, command: command),
                range: firstRange.lowerBound..<command.range.upperBound)
        }
        if atLineEnd {
            return StatementSyntax(form: .show(name: first.text, nameRange: firstRange), range: firstRange)
        }
        position -= 1
        let command = try parseCommand()
        return StatementSyntax(form: .command(command), range: command.range)
    }

    private mutating func parseCommand() throws(Failure) -> CommandSyntax {
        let word = advance()
        let nameRange = range(word)
        var subjects: [ValueSyntax] = []
        var options: [OptionSyntax] = []
        var end = nameRange.upperBound
        var unparsed: [String] = []
        var unparsedSubject: Int?
        while let token = peek, token.kind != .newline {
            if atOptionName {
                let nameToken = advance()
                let equals = advance()
                // `factors=` at the end or before the next `name=`: that option has no value.
                guard !atLineEnd, !atOptionName else {
                    diagnostics.append(Diagnostic(
                        file: file, range: range(equals), identifier: "missing-value",
                        summary: ParserMessages.missingOptionValue(nameToken.text)))
                    unparsed.append(nameToken.text)
                    continue
                }
                // A bad option value is reported and skipped up to the next `name=`, so the
                // statement's other options are still checked.
                let value: ValueSyntax
                do throws(Failure) {
                    value = try parseValue()
                } catch {
                    diagnostics.append(error.diagnostic)
                    unparsed.append(nameToken.text)
                    skipToNextOption()
                    continue
                }
                options.append(OptionSyntax(name: nameToken.text, nameRange: range(nameToken), value: value))
                end = value.range.upperBound
            } else {
                // A bad subject likewise: the subjects from it on are unknown, the options are checked.
                do throws(Failure) {
                    let value = try parseValue()
                    if unparsedSubject == nil { subjects.append(value) }
                    end = value.range.upperBound
                } catch {
                    diagnostics.append(error.diagnostic)
                    if unparsedSubject == nil { unparsedSubject = subjects.count }
                    skipToNextOption()
                }
            }
        }
        return CommandSyntax(
            name: word.text, nameRange: nameRange, subjects: subjects, options: options, range: nameRange.lowerBound..<end,
            unparsedOptions: unparsed, unparsedSubject: unparsedSubject)
    }

    /// At `name=`.
    private var atOptionName: Bool {
        peek?.kind == .word && position + 1 < tokens.count && tokens[position + 1].kind == .equals
    }

    /// Skips a value with a syntax error: up to the next `name=` or the end of the line.
    private mutating func skipToNextOption() {
        while let next = peek, next.kind != .newline, !atOptionName {
            position += 1
        }
    }

    // MARK: - Values

    private mutating func parseValue() throws(Failure) -> ValueSyntax {
        guard let token = peek, token.kind != .newline else {
            let at = peek ?? tokens.last
            throw Failure(diagnostic: Diagnostic(
                file: file, range: at.map { range($0) } ?? mapper.location(line: 1, column: 1)..<mapper.location(line: 1, column: 1),
                identifier: "missing-value", summary: ParserMessages.expectedValue))
        }
        let r = range(token)
        switch token.kind {
        case .integer:
            position += 1
            guard let value = Int(token.text.hasPrefix("+") ? String(token.text.dropFirst()) : token.text) else {
                throw Failure(diagnostic: Diagnostic(
                    file: file, range: r, identifier: "malformed-number",
                    summary: ParserMessages.integerTooLarge(token.text)))
            }
            return ValueSyntax(form: .integer(value), text: token.text, range: r)
        case .float:
            position += 1
            guard let value = Double(token.text), value.isFinite else {
                throw Failure(diagnostic: Diagnostic(
                    file: file, range: r, identifier: "malformed-number", summary: ParserMessages.malformedNumber(token.text)))
            }
            return ValueSyntax(form: .float(value), text: token.text, range: r)
        case .string:
            position += 1
            return ValueSyntax(form: .string(Lexer.decodeString(token.text)), text: token.text, range: r)
        case .boolean:
            position += 1
            return ValueSyntax(form: .boolean(token.text == "true"), text: token.text, range: r)
        case .word:
            position += 1
            if token.text == "sweep", let next = peek, next.kind == .leftBracket {
                let list = try parseList()
                guard case .list(let items) = list.form else { return list }
                return ValueSyntax(form: .sweep(items), text: "sweep" + list.text, range: r.lowerBound..<list.range.upperBound)
            }
            if let open = peek, open.kind == .leftBracket, position + 2 < tokens.count,
                tokens[position + 1].kind == .word, tokens[position + 2].kind == .equals
            {
                return try parseSelection(of: token, range: r)
            }
            return ValueSyntax(form: .word(token.text), text: token.text, range: r)
        case .parameter:
            position += 1
            return ValueSyntax(form: .parameter(String(token.text.dropFirst())), text: token.text, range: r)
        case .leftBracket:
            return try parseList()
        default:
            throw unexpected(token, expected: "a value")
        }
    }

    /// `[a, b, …]`. A list may span lines: a line break is part of the list when the
    /// line ends with `[` or `,` or the next line starts with `,` or `]`. Otherwise the
    /// list is reported as unclosed and parsing resumes at the offending line.
    private mutating func parseList() throws(Failure) -> ValueSyntax {
        let openIndex = position
        let open = advance()
        let openRange = range(open)
        guard listDepth < Parser.maximumListDepth else {
            throw Failure(diagnostic: Diagnostic(
                file: file, range: openRange, identifier: "list-too-deep",
                summary: ParserMessages.listTooDeep(maximum: Parser.maximumListDepth)))
        }
        listDepth += 1
        defer { listDepth -= 1 }
        var elements: [ValueSyntax] = []
        var lastEnd = openRange.upperBound
        skipNewlines()
        if peek?.kind == .rightBracket {
            let close = advance()
            return ValueSyntax(form: .list([]), text: "[]", range: openRange.lowerBound..<range(close).upperBound)
        }
        while true {
            guard peek != nil else { throw unclosedList(openRange, insertAt: lastEnd) }
            let element = try parseValue()
            elements.append(element)
            lastEnd = element.range.upperBound
            // A line break here continues the list only if the next line starts with `,` or `]`.
            skipNewlines()
            guard let next = peek, next.kind == .comma || next.kind == .rightBracket else {
                // In a list that runs over several lines, the line with the problem most
                // likely starts a new statement: report the list as unclosed and resume there.
                if let lineBreak = tokens[openIndex..<position].lastIndex(where: { $0.kind == .newline }) {
                    position = lineBreak
                    throw unclosedList(openRange, insertAt: range(tokens[lineBreak - 1]).upperBound)
                }
                guard let found = peek else { throw unclosedList(openRange, insertAt: lastEnd) }
                throw unexpected(found, expected: "`,` or `]` in the list")
            }
            position += 1
            if next.kind == .rightBracket {
                let text = "[" + elements.map(\.text).joined(separator: ", ") + "]"
                return ValueSyntax(form: .list(elements), text: text, range: openRange.lowerBound..<range(next).upperBound)
            }
            skipNewlines()
        }
    }

    /// `name[axis=value, …]`, after the name.
    private mutating func parseSelection(of name: Token, range r: SourceRange) throws(Failure) -> ValueSyntax {
        let openRange = range(advance())
        var items: [ValueSyntax.SelectionItem] = []
        while true {
            guard let axis = peek, axis.kind == .word else {
                throw peek.map { unexpected($0, expected: "an axis name in the selection") } ?? unclosedList(openRange, insertAt: r.upperBound)
            }
            position += 1
            guard let equals = peek, equals.kind == .equals else {
                throw peek.map { unexpected($0, expected: "`=` after the axis name") } ?? unclosedList(openRange, insertAt: r.upperBound)
            }
            position += 1
            let value = try parseValue()
            items.append(ValueSyntax.SelectionItem(axis: axis.text, axisRange: range(axis), value: value))
            guard let next = peek, next.kind == .comma || next.kind == .rightBracket else {
                throw peek.map { unexpected($0, expected: "`,` or `]` in the selection") } ?? unclosedList(openRange, insertAt: value.range.upperBound)
            }
            position += 1
            if next.kind == .rightBracket {
                let text = name.text + "[" + items.map { "\($0.axis)=\($0.value.text)" }.joined(separator: ", ") + "]"
                return ValueSyntax(form: .selection(name: name.text, items), text: text, range: r.lowerBound..<range(next).upperBound)
            }
        }
    }

    private func unclosedList(_ openRange: SourceRange, insertAt end: SourceLocation) -> Failure {
        Failure(diagnostic: Diagnostic(
            file: file, range: openRange, identifier: "unclosed-list",
            summary: ParserMessages.unclosedList,
            fixIts: [Diagnostic.FixIt(range: end..<end, replacement: "]")]))
    }

    private func unexpected(_ token: Token, expected: String) -> Failure {
        let r = range(token)
        if case .invalid(let problem) = token.kind {
            return Failure(diagnostic: lexicalDiagnostic(problem, token: token, range: r))
        }
        let found = token.kind == .newline ? ParserMessages.endOfLine : "`\(token.text)`"
        return Failure(diagnostic: Diagnostic(
            file: file, range: r, identifier: "unexpected-token", summary: ParserMessages.unexpectedToken(expected: expected, found: found)))
    }

    private func lexicalDiagnostic(_ problem: LexicalProblem, token: Token, range r: SourceRange) -> Diagnostic {
        switch problem {
        case .unterminatedString:
            return Diagnostic(
                file: file, range: r, identifier: "unterminated-string", summary: ParserMessages.unterminatedString,
                fixIts: [Diagnostic.FixIt(range: r.upperBound..<r.upperBound, replacement: "\"")])
        case .unknownEscape(let escape):
            return Diagnostic(
                file: file, range: r, identifier: "invalid-escape",
                summary: ParserMessages.unknownEscape(escape))
        case .malformedNumber:
            return Diagnostic(file: file, range: r, identifier: "malformed-number", summary: ParserMessages.malformedNumber(token.text))
        case .unexpectedCharacter(let c):
            var notes: [Diagnostic.Note] = []
            // `metrics=ndcg@10`: the cut-off is written as `k=`.
            if c == "@", let i = tokens.firstIndex(of: token), i > 0, i + 1 < tokens.count,
                tokens[i - 1].kind == .word, tokens[i + 1].kind == .integer {
                notes.append(Diagnostic.Note(message: CheckerMessages.cutoffInMetric(tokens[i - 1].text, cutoff: tokens[i + 1].text)))
            }
            return Diagnostic(
                file: file, range: r, identifier: "unexpected-character", summary: ParserMessages.unexpectedCharacter(c), notes: notes)
        case .emptyParameterName:
            return Diagnostic(
                file: file, range: r, identifier: "unexpected-character",
                summary: ParserMessages.emptyParameterName)
        }
    }
}
