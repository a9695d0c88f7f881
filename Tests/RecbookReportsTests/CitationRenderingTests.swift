import Testing
import NotebookDocument
import RecbookResults
import RecbookRuntime
@testable import RecbookReports

/// Both reports put a citation's value where the citation was written; JSON keeps its numbers.
@Suite struct CitationRenderingTests {
    static let source = """
        FGSM changed HR@100 by `= hit.hr vs clean`; clean HR was `= clean.hr | mean`.
        `= later.hr` starts a line.

        ```recbook
        x = load synthetic
        ```
        """

    let notebook: Notebook
    let result: RunResult

    init() throws {
        notebook = try NotebookParser.parse(path: "c.md", source: Self.source)
        let manifest = RunManifest(
            recbookVersion: "0.1.0", seed: 1, parameters: [], threads: 1, startedAt: "2026-01-01T00:00:00Z", totalSeconds: 0, dataFiles: [])
        result = RunResult(
            notebookPath: "c.md", title: "C", author: nil, manifest: manifest, cells: [],
            citations: [
                CitationResult(
                    literal: "= hit.hr vs clean", text: "-8.12% (95 % CI -11.00% – -5.20%, n = 10)",
                    explanation: "HR@100 of hit <relative>", mean: -0.0812, lower: -0.11, upper: -0.052, standardDeviation: 0.04, n: 10),
                CitationResult(literal: "= clean.hr | mean", text: "0.2760", explanation: "HR@100 of clean", mean: 0.276, n: 10),
                CitationResult(literal: "= later.hr", text: nil, explanation: "HR@100 of later (not computed)"),
            ])
    }

    @Test func htmlShowsTheValueWithWhatItIsAsATooltip() {
        let html = HTMLReportRenderer(catalogue: .standard).render(notebook: notebook, result: result)
        #expect(html.contains(
            "<p>FGSM changed HR@100 by <span class=\"citation\" title=\"HR@100 of hit &lt;relative&gt; · = hit.hr vs clean\">-8.12% (95 % CI -11.00% – -5.20%, n = 10)</span>; "
                + "clean HR was <span class=\"citation\" title=\"HR@100 of clean · = clean.hr | mean\">0.2760</span>.\n"
                + "<span class=\"citation missing\" title=\"HR@100 of later (not computed) · = later.hr\">not computed</span> starts a line.</p>"))
    }

    @Test func markdownShowsTheValueInPlace() {
        let md = MarkdownReportRenderer(name: "c").render(notebook: notebook, result: result).markdown
        #expect(md.contains(
            "FGSM changed HR@100 by \\-8.12% (95 % CI -11.00% – -5.20%, n = 10); clean HR was 0.2760.\n"
                + "*not computed* (`` = later.hr ``) starts a line.\n"))
    }

    @Test func jsonKeepsTheNumbersAndWhereEachCitationIs() throws {
        let report = JSONReportRenderer().report(notebook: notebook, result: result)
        #expect(report.citations.map { "\($0.line):\($0.column) \($0.source) \($0.text ?? "nil") \($0.n.map(String.init) ?? "nil")" } == [
            "1:25 = hit.hr vs clean -8.12% (95 % CI -11.00% – -5.20%, n = 10) 10",
            "1:59 = clean.hr | mean 0.2760 10",
            "2:2 = later.hr nil nil",
        ])
        #expect(report.citations[0].lower == -0.11)
        #expect(report.citations[1].standardDeviation == nil)
    }
}
