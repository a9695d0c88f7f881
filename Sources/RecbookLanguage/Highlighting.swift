/// Token classes for syntax highlighting of recbook cells in reports.
public enum HighlightClass: String, Sendable, CaseIterable {
    case command, keyword, identifier, option, number, string, boolean, comment, punctuation, plain
}

/// A run of cell source text with its highlight class. Concatenating every span's
/// `text` gives back the input exactly (whitespace and invalid text included).
public struct HighlightSpan: Sendable, Equatable {
    public var text: String
    public var highlightClass: HighlightClass
    public init(text: String, highlightClass: HighlightClass) {
        self.text = text
        self.highlightClass = highlightClass
    }
}

/// Splits a cell's code into highlighted spans using the language's lexer.
///
/// A word is a command at the start of a statement (or after `name =`), an option
/// name before `=`, a keyword when it is one of the catalogue's enum words, and an
/// identifier otherwise. Invalid text is kept as `plain`.
public func highlight(_ code: String, catalogue: CommandCatalogue) -> [HighlightSpan] {
    let tokens = Lexer(code).tokens()
    let keywords = enumWords(of: catalogue)
    // Index of the next significant token after each position.
    var nextSignificant = [Int?](repeating: nil, count: tokens.count)
    var following: Int?
    for i in tokens.indices.reversed() {
        nextSignificant[i] = following
        if !tokens[i].isTrivia { following = i }
    }

    var spans: [HighlightSpan] = []
    spans.reserveCapacity(tokens.count)
    var atStatementStart = true
    var bracketDepth = 0
    var previousSignificant: Token.Kind?
    var continued = false
    for (i, token) in tokens.enumerated() {
        let nextIsEquals = nextSignificant[i].map { tokens[$0].kind == .equals } ?? false
        let highlightClass: HighlightClass
        switch token.kind {
        case .word:
            if nextIsEquals {
                highlightClass = atStatementStart ? .identifier : .option
            } else if (atStatementStart || previousSignificant == .equals && bracketDepth == 0),
                catalogue[token.text] != nil
            {
                highlightClass = .command
            } else if keywords.contains(token.text) {
                highlightClass = .keyword
            } else {
                highlightClass = .identifier
            }
        case .boolean: highlightClass = .boolean
        case .integer, .float: highlightClass = .number
        case .string: highlightClass = .string
        case .parameter: highlightClass = .identifier
        case .comment: highlightClass = .comment
        case .equals, .comma, .continuation: highlightClass = .punctuation
        case .leftBracket:
            bracketDepth += 1
            highlightClass = .punctuation
        case .rightBracket:
            bracketDepth = max(0, bracketDepth - 1)
            highlightClass = .punctuation
        case .newline, .whitespace, .invalid: highlightClass = .plain
        }
        spans.append(HighlightSpan(text: token.text, highlightClass: highlightClass))

        switch token.kind {
        case .whitespace, .comment: break
        case .continuation: continued = true
        case .newline:
            if bracketDepth == 0 && !continued {
                atStatementStart = true
                previousSignificant = nil
            }
            continued = false
        default:
            atStatementStart = false
            previousSignificant = token.kind
        }
    }
    return spans
}

/// Every enum word the catalogue's subjects and options accept.
private func enumWords(of catalogue: CommandCatalogue) -> Set<String> {
    func words(_ type: ValueType) -> [String] {
        switch type {
        case .word(let w), .stringOrWord(let w): w
        case .list(let t), .oneOrList(let t): words(t)
        default: []
        }
    }
    var result: Set<String> = []
    for command in catalogue.commands {
        for subject in command.subjects { result.formUnion(words(subject.type)) }
        for option in command.options { result.formUnion(words(option.type)) }
    }
    return result
}
