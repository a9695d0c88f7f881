import RecbookRuntime
import Testing
import NotebookDocument
@testable import RecbookLanguage

/// `#| name: …` lines name cells; the checker knows the keys and keeps names unique.
@Suite struct CellOptionTests {
    static func notebook(_ source: String) throws -> Notebook {
        try NotebookParser.parse(path: "nb.md", source: source)
    }

    static func diagnostics(_ source: String) throws -> [String] {
        guard case .failure(let diagnostics) = Checker.check(try notebook(source), catalogue: .standard) else { return [] }
        return diagnostics.map(NotebookFixture.describe)
    }

    @Test func optionsAreReadFromTheTopOfTheCellWithTheirPositions() throws {
        let cells = try Self.notebook("""
            ```recbook
            #| name:  Robustness curve (ε)
              #|name: second
            data = load synthetic
            #| name: not an option, after code
            ```
            """).cells
        let options = cells[0].options
        #expect(options.map(\.key) == ["name", "name"])
        #expect(options.map(\.value) == ["Robustness curve (ε)", "second"])
        #expect("\(options[0].keyRange.lowerBound)" == "2:4" && "\(options[0].valueRange.lowerBound)" == "2:11")
        #expect("\(options[0].valueRange.upperBound)" == "2:31")
        #expect("\(options[1].keyRange.lowerBound)" == "3:5")
        // The last `name` wins.
        #expect(cells[0].name == "second")
    }

    @Test func aNamedCellStillChecksAndRuns() throws {
        #expect(try Self.diagnostics("```recbook\n#| name: Data\ndata = load synthetic\nstats data\n```\n").isEmpty)
    }

    @Test(arguments: [
        ("```recbook\n#| nmae: Data\ndata = load synthetic\n```\n",
         ["2:4: unknown-cell-option: unknown cell option `nmae`; cell options: `name`"]),
        ("```recbook\n#| name:\ndata = load synthetic\n```\n",
         ["2:4: empty-cell-name: `#| name:` needs a name"]),
        ("```recbook\n#| name: Data\ndata = load synthetic\n```\n\n```recbook\n#| name: Data\nstats data\n```\n",
         ["7:10: duplicate-cell-name: another cell is already named “Data”\n  note 2:10: the first cell named “Data”"]),
    ])
    func diagnostic(source: String, expected: [String]) throws {
        #expect(try Self.diagnostics(source) == expected)
    }
}
