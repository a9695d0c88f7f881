import RecbookRuntime
import Testing
@testable import RecbookLanguage

@Suite struct HighlightingTests {
    /// Non-blank spans as `class:text`.
    static func classes(_ code: String) -> [String] {
        highlight(code, catalogue: .standard).filter { !$0.text.allSatisfy(\.isWhitespace) }.map { "\($0.highlightClass.rawValue):\($0.text)" }
    }

    @Test func classifiesEveryKindOfToken() {
        #expect(Self.classes("bpr = train bprmf data epochs=5 seed=$s # go") == [
            "identifier:bpr", "punctuation:=", "command:train", "keyword:bprmf", "identifier:data",
            "option:epochs", "punctuation:=", "number:5", "option:seed", "punctuation:=", "identifier:$s",
            "comment:# go",
        ])
        #expect(Self.classes("evaluate hit k=[10, 1e2] on=data\nstats data\nrecommend m user=\"7\" x=true") == [
            "command:evaluate", "identifier:hit", "option:k", "punctuation:=", "punctuation:[", "number:10",
            "punctuation:,", "number:1e2", "punctuation:]", "option:on", "punctuation:=", "identifier:data",
            "command:stats", "identifier:data",
            "command:recommend", "identifier:m", "option:user", "punctuation:=", "string:\"7\"", "option:x",
            "punctuation:=", "boolean:true",
        ])
    }

    @Test func aCommandWordInSubjectPositionIsNotACommand() {
        #expect(Self.classes("x = load synthetic\nm = train \\\n  random x") == [
            "identifier:x", "punctuation:=", "command:load", "keyword:synthetic",
            "identifier:m", "punctuation:=", "command:train", "punctuation:\\", "keyword:random", "identifier:x",
        ])
    }

    @Test(arguments: [
        "",
        "data = load \"Data/ml\"\nbpr = train bprmf data\n",
        "x = \"unterminated\n@@ 5x $ \\ é\r\n[1,\n 2]",
        "\t# only a comment",
    ])
    func spansGiveBackTheInput(code: String) {
        let spans = highlight(code, catalogue: .standard)
        #expect(spans.map(\.text).joined() == code)
        #expect(!spans.contains { $0.text.isEmpty })
    }

    @Test func invalidTextIsPlain() {
        #expect(Self.classes("stats @ \"open") == ["command:stats", "plain:@", "plain:\"open"])
    }
}
