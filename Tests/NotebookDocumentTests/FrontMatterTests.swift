import Testing
import NotebookDocument

private func loc(_ line: Int, _ column: Int) -> NotebookDocument.SourceLocation { NotebookDocument.SourceLocation(line: line, column: column) }

@Suite struct FrontMatterTests {
    @Test func valuesAndRanges() throws {
        let source = """
            ---
            title: "Adversarial: training"
            author: Jane Doe # the author
            seed: 42
            date: 2024-03-28
            params:
              data: "Data/x"
              epochs: 5
              fast: true
              mode: quick
              ks: [10, 100]   # cut-offs
              label: 'it''s'
            ---
            # Body
            """
        let notebook = try NotebookParser.parse(path: "nb.md", source: source)
        let fm = notebook.frontMatter
        #expect(fm.title == "Adversarial: training")
        #expect(fm.author == "Jane Doe")
        #expect(fm.seed == 42)
        #expect(fm.date == "2024-03-28")
        #expect(fm.range == loc(1, 1)..<loc(13, 4))
        #expect(fm.entries.map(\.key) == ["title", "author", "seed", "date", "params"])
        #expect(fm.entries[1].valueRange == loc(3, 9)..<loc(3, 17))
        #expect(fm.entries[2].keyRange == loc(4, 1)..<loc(4, 5))

        #expect(fm.parameters.map(\.name) == ["data", "epochs", "fast", "mode", "ks", "label"])
        #expect(fm.parameters.map(\.defaultText) == ["\"Data/x\"", "5", "true", "\"quick\"", "[10, 100]", "\"it's\""])
        #expect(fm.parameters[0].nameRange == loc(7, 3)..<loc(7, 7))
        #expect(fm.parameters[0].valueRange == loc(7, 9)..<loc(7, 17))
        #expect(fm.parameters[1].valueRange == loc(8, 11)..<loc(8, 12))
        #expect(fm.parameters[3].valueRange == loc(10, 9)..<loc(10, 14))
        #expect(fm.parameters[4].valueRange == loc(11, 7)..<loc(11, 16))

        // The front matter is not prose; the body keeps its true line numbers.
        #expect(notebook.blocks.count == 1)
        if case .prose(let p) = notebook.blocks[0] {
            #expect(p.markdown == "# Body\n")
            #expect(p.range == loc(14, 1)..<loc(14, 7))
        } else {
            Issue.record("expected prose")
        }
    }

    @Test func noFrontMatterWhenFirstLineIsNotADelimiter() throws {
        let notebook = try NotebookParser.parse(path: "nb.md", source: "\n---\ntitle: x\n---\n")
        #expect(notebook.frontMatter.range == nil)
        #expect(notebook.frontMatter.title == nil)
    }

    @Test func unknownKeyIsAWarning() throws {
        let notebook = try NotebookParser.parse(path: "nb.md", source: "---\nformat: html\n---\n")
        #expect(notebook.warnings.map(\.headline) == [
            "nb.md:2:1: warning: unknown front matter key 'format' is ignored; recbook reads title, author, date, seed and params",
        ])
    }

    struct BadCase: Sendable, CustomStringConvertible {
        var source: String
        var headlines: [String]
        var description: String { headlines.first ?? "" }
    }

    static let badCases: [BadCase] = [
        BadCase(source: "---\ntitle: x\n", headlines: [
            "nb.md:1:1: error: front matter is not closed: add a '---' line after it"]),
        BadCase(source: "---\nseed: abc\n---\n", headlines: [
            "nb.md:2:7: error: seed must be a whole number from 0 to 18446744073709551615, not 'abc'"]),
        BadCase(source: "---\nseed: -1\n---\n", headlines: [
            "nb.md:2:7: error: seed must be a whole number from 0 to 18446744073709551615, not '-1'"]),
        BadCase(source: "---\nparams:\n  a: 1\n    b: 2\n---\n", headlines: [
            "nb.md:4:5: error: parameter is indented by 4 spaces; the ones above use 2"]),
        BadCase(source: "---\ntitle x\n---\n", headlines: [
            "nb.md:2:1: error: expected 'key: value' in the front matter"]),
        BadCase(source: "---\n  title: x\n---\n", headlines: [
            "nb.md:2:3: error: unexpected indentation; only the entries under 'params:' are indented"]),
        BadCase(source: "---\ntitle: \"open\n---\n", headlines: [
            "nb.md:2:8: error: string is not closed: add \" at its end"]),
        BadCase(source: "---\nparams:\n\ta: 1\n---\n", headlines: [
            "nb.md:3:1: error: front matter is indented with a tab; use spaces"]),
        BadCase(source: "---\nseed: x\nseed: 1\nparams:\n  1bad: 2\n  ok:\n---\n", headlines: [
            "nb.md:2:7: error: seed must be a whole number from 0 to 18446744073709551615, not 'x'",
            "nb.md:3:1: error: 'seed' is given twice in the front matter",
            "nb.md:5:3: error: parameter name '1bad' must start with a letter or '_' and contain only letters, digits and '_'",
            "nb.md:6:6: error: parameter 'ok' needs a default value",
        ]),
    ]

    @Test(arguments: badCases)
    func malformedFrontMatterIsReportedWithPositions(_ bad: BadCase) {
        #expect {
            try NotebookParser.parse(path: "nb.md", source: bad.source)
        } throws: { error in
            let headlines = (error as? NotebookParseError)?.diagnostics.map(\.headline) ?? []
            return headlines == bad.headlines
        }
    }

    /// After a front-matter error the notebook is still read, so its cells can be checked.
    @Test func aFrontMatterErrorKeepsTheRestOfTheNotebook() throws {
        let source = "---\nseed: x\nparams:\n  lr: 0.1\n---\n\n```recbook\nstats d\n```\n"
        let error = try #require(throws: NotebookParseError.self) { try NotebookParser.parse(path: "nb.md", source: source) }
        #expect(error.diagnostics.map(\.headline) == ["nb.md:2:7: error: seed must be a whole number from 0 to 18446744073709551615, not 'x'"])
        #expect(error.source == source)
        let partial = try #require(error.partialNotebook)
        #expect(partial.frontMatter.parameters.map(\.name) == ["lr"])
        #expect(partial.cells.map(\.code) == ["stats d"])
        // An unclosed front matter leaves nothing else to read.
        let unclosed = try #require(throws: NotebookParseError.self) { try NotebookParser.parse(path: "nb.md", source: "---\ntitle: x\n") }
        #expect(unclosed.partialNotebook == nil)
    }

    /// A parameter whose default cannot be read is still known as declared, so the checker
    /// does not report its uses as unknown; declaring it again is a duplicate.
    @Test func unreadableParametersAreRemembered() throws {
        let source = "---\nparams:\n  a: \"x\n  b: [1\n  c:\n  a: 2\n  d: 3\n---\n"
        let error = try #require(throws: NotebookParseError.self) { try NotebookParser.parse(path: "nb.md", source: source) }
        #expect(error.diagnostics.map(\.headline) == [
            "nb.md:3:6: error: string is not closed: add \" at its end",
            "nb.md:4:6: error: list is not closed: add ']' at its end",
            "nb.md:5:5: error: parameter 'c' needs a default value",
            "nb.md:6:3: error: parameter 'a' is declared twice",
        ])
        let partial = try #require(error.partialNotebook)
        #expect(partial.frontMatter.unreadableParameters == ["a", "b", "c"])
        #expect(partial.frontMatter.parameters.map(\.name) == ["d"])
    }
}
