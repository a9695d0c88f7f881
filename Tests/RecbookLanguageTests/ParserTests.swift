import Testing
import NotebookDocument
@testable import RecbookLanguage

@Suite struct ParserTests {
    static func loc(_ line: Int, _ column: Int) -> NotebookDocument.SourceLocation { .init(line: line, column: column) }

    @Test func bindingWithSubjectsAndOptions() throws {
        let result = Parser.parse("bpr = train bprmf data epochs=5 lr=0.05", file: "f")
        #expect(result.diagnostics.isEmpty)
        let statement = try #require(result.statements.first)
        guard case .binding(let name, let nameRange, let command) = statement.form else {
            Issue.record("expected a binding, got \(statement.form)")
            return
        }
        #expect(name == "bpr")
        #expect(nameRange == Self.loc(1, 1)..<Self.loc(1, 4))
        #expect(command.name == "train")
        #expect(command.nameRange == Self.loc(1, 7)..<Self.loc(1, 12))
        #expect(command.subjects.map(\.form) == [.word("bprmf"), .word("data")])
        #expect(command.subjects.map(\.range) == [Self.loc(1, 13)..<Self.loc(1, 18), Self.loc(1, 19)..<Self.loc(1, 23)])
        #expect(command.options.map(\.name) == ["epochs", "lr"])
        #expect(command.options.map(\.value.form) == [.integer(5), .float(0.05)])
        #expect(command.options[1].range == Self.loc(1, 33)..<Self.loc(1, 40))
        #expect(statement.range == Self.loc(1, 1)..<Self.loc(1, 40))
    }

    @Test func statementForms() {
        let result = Parser.parse("compare a b\nbpr\n\n# only a comment\nstats data # trailing", file: "f")
        #expect(result.diagnostics.isEmpty)
        #expect(result.statements.count == 3)
        #expect(result.statements[0].command?.subjects.map(\.form) == [.word("a"), .word("b")])
        #expect(result.statements[1].form == .show(name: "bpr", nameRange: Self.loc(2, 1)..<Self.loc(2, 4)))
        #expect(result.statements[2].command?.name == "stats")
        #expect(result.statements[2].range == Self.loc(5, 1)..<Self.loc(5, 11))
    }

    @Test func listsAndContinuationsSpanLines() throws {
        let code = """
        e = evaluate bpr k=[
            10,
            20
          , 100] \\
          metrics=[hr]
        """
        let result = Parser.parse(code, file: "f")
        #expect(result.diagnostics.isEmpty)
        let command = try #require(result.statements.first?.command)
        let k = command.options[0].value
        #expect(k.form == .list([
            ValueSyntax(form: .integer(10), text: "10", range: Self.loc(2, 5)..<Self.loc(2, 7)),
            ValueSyntax(form: .integer(20), text: "20", range: Self.loc(3, 5)..<Self.loc(3, 7)),
            ValueSyntax(form: .integer(100), text: "100", range: Self.loc(4, 5)..<Self.loc(4, 8)),
        ]))
        #expect(k.text == "[10, 20, 100]")
        #expect(k.range == Self.loc(1, 20)..<Self.loc(4, 9))
        #expect(command.options[1].value.form == .list([
            ValueSyntax(form: .word("hr"), text: "hr", range: Self.loc(5, 12)..<Self.loc(5, 14))
        ]))
        #expect(result.statements.count == 1)
    }

    @Test func valuesOfEveryForm() throws {
        let result = Parser.parse(#"x = cmd "a\tb" true -1 2.5e2 $p word []"#, file: "f")
        let subjects = try #require(result.statements.first?.command?.subjects)
        #expect(subjects.map(\.form) == [.string("a\tb"), .boolean(true), .integer(-1), .float(250), .parameter("p"), .word("word"), .list([])])
    }

    @Test func rangesAreMappedIntoTheFile() throws {
        // A cell indented by 3 inside a list item whose code starts on file line 30.
        let mapper = SourceMapper(lineStarts: [Self.loc(30, 4), Self.loc(31, 4)])
        let result = Parser.parse("data = load \"x\"\nstats data", file: "f", mapper: mapper)
        #expect(result.statements[0].range == Self.loc(30, 4)..<Self.loc(30, 19))
        #expect(result.statements[1].command?.subjects[0].range == Self.loc(31, 10)..<Self.loc(31, 14))
    }

    @Test(arguments: [
        ("x = load \"abc", "1:10: unterminated-string: unterminated string"),
        ("x = load \"a\\qc\"", "1:10: invalid-escape: unknown escape sequence `\\q` in string (use \\\" \\\\ \\n or \\t)"),
        ("5 = load", "1:1: unexpected-token: expected a command or a name, found `5`"),
        ("x = 5", "1:5: unexpected-token: expected a command after `=`, found `5`\n  note: a name stands for a command's result; a named value belongs in the front matter: declare `x: 5` under `params:` and write `$x` where it is used"),
        ("x =", "1:3: missing-value: missing command after `=` in the binding of `x`"),
        ("train bprmf data epochs=", "1:24: missing-value: missing value after `=` for option `epochs`"),
        ("evaluate m k=[10, 20", "1:14: unclosed-list: unclosed list: expected `]`"),
        ("evaluate m k=[10 20]", "1:18: unexpected-token: expected `,` or `]` in the list, found `20`"),
        ("evaluate m k=[10,\nstats d", "1:14: unclosed-list: unclosed list: expected `]`"),
        ("stats d ]", "1:9: unexpected-token: expected a value, found `]`"),
        ("stats 5x", "1:7: malformed-number: malformed number `5x`"),
        ("stats d @", "1:9: unexpected-character: unexpected character `@`"),
        ("stats $", "1:7: unexpected-character: `$` must be followed by a parameter name"),
        ("x = k = 3", "1:7: unexpected-token: expected a value, found `=`"),
        ("stats 99999999999999999999", "1:7: malformed-number: integer `99999999999999999999` is too large"),
    ])
    func syntaxErrors(code: String, expected: String) {
        let result = Parser.parse(code, file: "nb.md")
        #expect(result.diagnostics.map(NotebookFixture.describe) == [expected])
    }

    @Test func unclosedListOffersAFixItAndRecoversAtTheNextLine() throws {
        let result = Parser.parse("e = evaluate m k=[10, 20\nstats d", file: "f")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.fixIts == [Diagnostic.FixIt(range: Self.loc(1, 25)..<Self.loc(1, 25), replacement: "]")])
        // The statement is kept, its bad option marked, so its other parts are still checked.
        #expect(result.statements.map(\.command?.name) == ["evaluate", "stats"])
        #expect(result.statements.first?.command?.unparsedOptions == ["k"])
    }

    @Test func listsNestedTenThousandDeepAreAnErrorAtTheThirtyThirdBracket() {
        // `evaluate m k=` is 13 characters: the first `[` is column 14, the 33rd column 46.
        let deep = "evaluate m k=" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let result = Parser.parse(deep + "\nstats d", file: "nb.md")
        #expect(result.diagnostics.map(NotebookFixture.describe) == ["1:46: list-too-deep: lists nest at most 32 deep"])
        // As for any bad option value, the statement is kept with `k` marked, and the next line parses.
        #expect(result.statements.map(\.command?.name) == ["evaluate", "stats"])
        #expect(result.statements.first?.command?.unparsedOptions == ["k"])
    }

    @Test func listsNestedThirtyTwoDeepParse() {
        let result = Parser.parse("evaluate m k=" + String(repeating: "[", count: 32) + "1" + String(repeating: "]", count: 32), file: "nb.md")
        #expect(result.diagnostics.isEmpty)
        #expect(result.statements.count == 1)
    }

    @Test func everyBadLineIsReported() {
        let result = Parser.parse("a = \"x\nb = 5\nstats d\nc = load 1x", file: "f")
        #expect(result.diagnostics.map(\.range.lowerBound) == [Self.loc(1, 5), Self.loc(2, 5), Self.loc(4, 10)])
        // `c`'s statement is kept with its first subject marked; `a` and `b` stay, in their
        // places, as names defined with an error, each statement spanning its line.
        #expect(result.statements.map(\.command?.name) == [nil, nil, "stats", "load"])
        #expect(result.statements.map(\.command?.unparsedSubject) == [nil, nil, nil, 0])
        #expect(result.statements.prefix(2).map(\.form) == [
            .brokenBinding(name: "a", nameRange: Self.loc(1, 1)..<Self.loc(1, 2)),
            .brokenBinding(name: "b", nameRange: Self.loc(2, 1)..<Self.loc(2, 2)),
        ])
        #expect(result.statements.prefix(2).map(\.range) == [Self.loc(1, 1)..<Self.loc(1, 7), Self.loc(2, 1)..<Self.loc(2, 6)])
    }

    @Test func aBadSubjectIsSkippedUpToTheNextOption() {
        // `[data` is not closed before `factors=`; `)` is no value; `x=` has no value before `y=`.
        let result = Parser.parse("m = train bprmf [data factors=0\nstats d ) e output=\"o\"\ntrain bprmf d x= y=1 z=", file: "nb.md")
        #expect(result.diagnostics.map(NotebookFixture.describe) == [
            "1:23: unexpected-token: expected `,` or `]` in the list, found `factors`",
            "2:9: unexpected-character: unexpected character `)`",
            "3:16: missing-value: missing value after `=` for option `x`",
            "3:23: missing-value: missing value after `=` for option `z`",
        ])
        let commands = result.statements.compactMap(\.command)
        #expect(commands.map(\.subjects.count) == [1, 1, 2])
        #expect(commands.map(\.unparsedSubject) == [1, 1, nil])
        #expect(commands.map { $0.options.map(\.name) } == [["factors"], ["output"], ["y"]])
        #expect(commands.map(\.unparsedOptions) == [[], [], ["x", "z"]])
    }

    @Test func parsesSingleValues() {
        let (value, problems) = Parser.parseValue("[1, 2]", file: "f")
        #expect(problems.isEmpty)
        #expect(value?.text == "[1, 2]")
        let (bad, badProblems) = Parser.parseValue("1 2", file: "--set")
        #expect(bad == nil)
        #expect(badProblems.map(NotebookFixture.describe) == ["--set:1:3: unexpected-token: expected the end of the value, found `2`"])
    }
}
