import Testing
@testable import RecbookLanguage

@Suite struct LexerTests {
    /// Significant tokens as `kind:text`.
    static func lex(_ code: String) -> [String] {
        Lexer(code).tokens().filter { $0.kind != .whitespace }.map { token in
            let kind: String
            switch token.kind {
            case .word: kind = "word"
            case .boolean: kind = "bool"
            case .integer: kind = "int"
            case .float: kind = "float"
            case .string: kind = "string"
            case .parameter: kind = "param"
            case .equals, .leftBracket, .rightBracket, .comma: kind = "punct"
            case .newline: kind = "newline"
            case .whitespace: kind = "space"
            case .comment: kind = "comment"
            case .continuation: kind = "cont"
            case .invalid(let problem): kind = "invalid(\(problem))"
            }
            return token.kind == .newline ? kind : "\(kind):\(token.text)"
        }
    }

    @Test(arguments: [
        ("adv-train min-rating x_1", ["word:adv-train", "word:min-rating", "word:x_1"]),
        ("x- y", ["word:x", "invalid(unexpectedCharacter(\"-\")):-", "word:y"]),
        ("5 0.05 1e-3 -0.5 -2 .5", ["int:5", "float:0.05", "float:1e-3", "float:-0.5", "int:-2", "float:.5"]),
        ("5x 1.2.3 1e", ["invalid(malformedNumber):5x", "invalid(malformedNumber):1.2.3", "invalid(malformedNumber):1e"]),
        (#""a \"b\" \\ \n \t""#, [#"string:"a \"b\" \\ \n \t""#]),
        (#""abc"#, [#"invalid(unterminatedString):"abc"#]),
        (#""a\qb""#, [#"invalid(unknownEscape("\\q")):"a\qb""#]),
        ("true false truth", ["bool:true", "bool:false", "word:truth"]),
        ("k=[10, 20]", ["word:k", "punct:=", "punct:[", "int:10", "punct:,", "int:20", "punct:]"]),
        ("$epochs $ x", ["param:$epochs", "invalid(emptyParameterName):$", "word:x"]),
        ("a # note = [\nb", ["word:a", "comment:# note = [", "newline", "word:b"]),
        ("a \\  \nb", ["word:a", "cont:\\  ", "newline", "word:b"]),
        ("a \\ b @", ["word:a", "invalid(unexpectedCharacter(\"\\\\\")):\\", "word:b", "invalid(unexpectedCharacter(\"@\")):@"]),
    ])
    func tokens(code: String, expected: [String]) {
        #expect(Self.lex(code) == expected)
    }

    @Test func positionsAreLineAndColumnInScalars() {
        let tokens = Lexer("é = \"ü\"\n  x").tokens().filter { !$0.isTrivia && $0.kind != .newline }
        let positions = tokens.map { "\($0.line):\($0.column)-\($0.endColumn)" }
        // `é` is not a word start, so it is an invalid one-scalar token.
        #expect(positions == ["1:1-2", "1:3-4", "1:5-8", "2:3-4"])
    }

    @Test func tokensCoverTheInputExactly() {
        let code = "a = load \"x\\\"y\" # c\r\n  [1,\n 2] \\\n@ $ \"open"
        #expect(Lexer(code).tokens().map(\.text).joined() == code)
    }

    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""q\"q""#, "q\"q"),
        (#""back\\slash""#, "back\\slash"),
        (#""a\nb\tc""#, "a\nb\tc"),
    ])
    func decodesStrings(literal: String, value: String) {
        #expect(Lexer.decodeString(literal) == value)
        #expect(Lexer.quote(value) == literal)
    }
}
