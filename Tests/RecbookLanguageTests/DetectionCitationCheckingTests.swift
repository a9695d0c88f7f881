import RecbookRuntime
import Testing
import NotebookDocument
@testable import RecbookLanguage

/// Citations of detections (precision, recall, F1) are checked like those of evaluations.
/// The cell takes lines 1–5; the prose under test stands on line 7.
@Suite struct DetectionCitationCheckingTests {
    static let cell = """
        ```recbook
        data = load synthetic users=40 items=60
        poisoned = poison random data targets="7" users=sweep[2, 4] filler=3 seeds=3
        flags = detect pca poisoned flag=4
        ```
        """

    static func check(_ prose: String) -> Checker.Outcome {
        let notebook = try! NotebookParser.parse(path: "nb.md", source: cell + "\n\n" + prose + "\n")
        return Checker.check(notebook, catalogue: .standard)
    }

    static func diagnostics(_ prose: String) -> [String] {
        guard case .failure(let diagnostics) = check(prose) else { return [] }
        return diagnostics.map(NotebookFixture.describe)
    }

    @Test func aDetectionMetricResolvesOverSeeds() throws {
        let notebook = try NotebookParser.parse(path: "nb.md", source: Self.cell + "\n\nR `= flags[users=4].recall - flags[users=2]`.\n")
        guard case .success(let program) = Checker.check(notebook, catalogue: .standard) else {
            Issue.record("should check")
            return
        }
        let citation = try #require(program.citations.first)
        #expect(citation.metric == "recall" && citation.cutoff == nil && citation.overSeeds && citation.quantity == .difference)
        #expect(citation.metricLabel == "Recall")
    }

    @Test(arguments: [
        ("A `= flags[users=2].hr`.", ["7:21: unknown-metric: unknown metric `hr`; metrics: precision, recall, f1"]),
        ("A `= flags[users=2].recall@10`.", ["7:27: metric-without-cutoff: `recall` of a detection takes no cut-off; remove `@`"]),
        ("A `= flags.recall`.", ["7:6: unselected-axes: `flags` runs over users (2); a citation names one value, so select the other axes, e.g. `flags[users=2]`"]),
    ] as [(String, [String])])
    func diagnostic(prose: String, expected: [String]) {
        #expect(Self.diagnostics(prose) == expected)
    }
}
