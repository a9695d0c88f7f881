import Testing
@testable import NotebookDocument

@Suite struct DiagnosticConsoleWriterTests {
    static func range(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> SourceRange {
        NotebookDocument.SourceLocation(line: l1, column: c1)..<NotebookDocument.SourceLocation(line: l2, column: c2)
    }

    static let source = (1...13).map { "line \($0)" }.joined(separator: "\n")
        + "\nbpr = train bprmf data epoch=5\n\tx = evaluate data\n"

    static let unknownOption = Diagnostic(
        file: "Notebooks/x.md", range: range(14, 24, 14, 29), identifier: "unknown-option",
        summary: "unknown option `epoch`; did you mean `epochs`?",
        fixIts: [Diagnostic.FixIt(range: range(14, 24, 14, 29), replacement: "epochs")])

    static let wrongKind = Diagnostic(
        file: "Notebooks/x.md", range: range(15, 14, 15, 18), identifier: "wrong-kind",
        summary: "`evaluate` expects a model, but `data` is a dataset",
        notes: [
            Diagnostic.Note(range: range(2, 1, 2, 5), message: "`data` was defined here"),
            Diagnostic.Note(message: "models come from `train`"),
        ])

    @Test func formatsLikeTheSwiftCompiler() {
        #expect(DiagnosticConsoleWriter().format(Self.unknownOption, source: Self.source) == """
            Notebooks/x.md:14:24: error: unknown option `epoch`; did you mean `epochs`?
            14 | bpr = train bprmf data epoch=5
               |                        ^~~~~
               |                        epochs

            """)
    }

    @Test func notesFollowWithTheirOwnLinesAndTabsAreKept() {
        #expect(DiagnosticConsoleWriter().format(Self.wrongKind, source: Self.source) == """
            Notebooks/x.md:15:14: error: `evaluate` expects a model, but `data` is a dataset
            15 | \tx = evaluate data
               | \t            ^~~~
            Notebooks/x.md:2:1: note: `data` was defined here
             2 | line 2
               | ^~~~
            note: models come from `train`

            """)
    }

    /// A `--set` error's note about the notebook's front matter is printed under the
    /// notebook's name, with the notebook's line, not under `--set`.
    @Test func aNoteInAnotherFileIsPrintedUnderThatFile() {
        let problem = Diagnostic(
            file: "--set", range: Self.range(1, 8, 1, 9), identifier: "invalid-parameter-value",
            summary: "parameter `epochs` of Notebooks/x.md expects an integer, got word `x`",
            notes: [Diagnostic.Note(
                range: Self.range(2, 1, 2, 5), message: "`epochs` is declared here with default `5`", file: "Notebooks/x.md")])
        let text = DiagnosticConsoleWriter().format([problem], sources: ["Notebooks/x.md": Self.source, "--set": "epochs=x"])
        #expect(text == """
            --set:1:8: error: parameter `epochs` of Notebooks/x.md expects an integer, got word `x`
            1 | epochs=x
              |        ^
            Notebooks/x.md:2:1: note: `epochs` is declared here with default `5`
            2 | line 2
              | ^~~~
            1 error

            """)
    }

    @Test func listEndsWithASummaryLine() {
        let setProblem = Diagnostic(
            file: "--set", range: Self.range(1, 1, 1, 6), identifier: "unknown-parameter",
            summary: "unknown parameter `epocs` in `--set`; did you mean `epochs`?")
        let warning = Diagnostic(
            severity: .warning, file: "elsewhere.md", range: Self.range(3, 2, 3, 3), identifier: "w", summary: "odd")
        let text = DiagnosticConsoleWriter().format(
            [Self.unknownOption, setProblem, warning],
            sources: ["Notebooks/x.md": Self.source, "--set": "epocs=3"])
        #expect(text.hasSuffix("""
            --set:1:1: error: unknown parameter `epocs` in `--set`; did you mean `epochs`?
            1 | epocs=3
              | ^~~~~
            elsewhere.md:3:2: warning: odd
            2 errors, 1 warning

            """))
    }

    @Test(arguments: [
        (0, 0, "no errors"), (1, 0, "1 error"), (3, 0, "3 errors"), (1, 1, "1 error, 1 warning"), (0, 2, "2 warnings"),
    ])
    func summary(errors: Int, warnings: Int, expected: String) {
        let make = { (severity: Diagnostic.Severity) in
            Diagnostic(severity: severity, file: "f", range: Self.range(1, 1, 1, 2), identifier: "i", summary: "s")
        }
        let diagnostics = Array(repeating: make(.error), count: errors) + Array(repeating: make(.warning), count: warnings)
            + [make(.note)]
        #expect(DiagnosticConsoleWriter.summary(diagnostics) == expected)
    }

    @Test func rangesOverSeveralLinesAreUnderlinedToTheLineEnd() {
        let d = Diagnostic(file: "f", range: Self.range(2, 3, 4, 2), identifier: "unclosed-list", summary: "unclosed list")
        #expect(DiagnosticConsoleWriter().format(d, source: "a\nk=[1,\n2\n]") == """
            f:2:3: error: unclosed list
            2 | k=[1,
              |   ^~~

            """)
    }

    @Test func insertionFixItsShowTheInsertedText() {
        let d = Diagnostic(
            file: "f", range: Self.range(1, 5, 1, 11), identifier: "unterminated-string", summary: "unterminated string",
            fixIts: [Diagnostic.FixIt(range: Self.range(1, 11, 1, 11), replacement: "\"")])
        #expect(DiagnosticConsoleWriter().format(d, source: "x = \"open") == """
            f:1:5: error: unterminated string
            1 | x = "open
              |     ^~~~~~
              |           "

            """)
    }

    @Test func colourOnlyWhenAsked() {
        let plain = DiagnosticConsoleWriter(useColor: false).format(Self.unknownOption, source: Self.source)
        let coloured = DiagnosticConsoleWriter(useColor: true).format(Self.unknownOption, source: Self.source)
        #expect(!plain.contains("\u{1B}"))
        #expect(coloured.hasPrefix("\u{1B}[1mNotebooks/x.md:14:24: \u{1B}[1;31merror:\u{1B}[0m\u{1B}[1m unknown option"))
        #expect(coloured.contains("\u{1B}[32m^~~~~\u{1B}[0m"))
        // Removing the escapes gives the plain text back.
        let stripped = coloured.replacing(/\u{1B}\[[0-9;]*m/, with: "")
        #expect(stripped == plain)
    }

    @Test func missingSourcePrintsHeadlinesOnly() {
        #expect(DiagnosticConsoleWriter().format(Self.wrongKind, source: nil) == """
            Notebooks/x.md:15:14: error: `evaluate` expects a model, but `data` is a dataset
            Notebooks/x.md:2:1: note: `data` was defined here
            note: models come from `train`

            """)
    }
}
