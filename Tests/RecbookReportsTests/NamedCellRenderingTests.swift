import Testing
import NotebookDocument
import RecbookResults
import RecbookRuntime
@testable import RecbookReports

/// Named cells title their cell and form the reports' table of contents.
@Suite struct NamedCellRenderingTests {
    let notebook: Notebook
    let result: RunResult

    init() throws {
        notebook = try NotebookParser.parse(path: "n.md", source: """
            ```recbook
            #| name: The data <set>
            data = load synthetic
            ```

            ```recbook
            stats data
            ```
            """)
        let manifest = RunManifest(
            recbookVersion: "0.1.0", seed: 1, parameters: [], threads: 1, startedAt: "2026-01-01T00:00:00Z", totalSeconds: 0, dataFiles: [])
        let cells = notebook.cells.map { CellResult(index: $0.index, range: $0.range, status: .succeeded, seconds: 0.5, outputs: []) }
        result = RunResult(notebookPath: "n.md", title: "N", author: nil, manifest: manifest, cells: cells)
    }

    @Test func htmlUsesTheNameInTheContentsAndAsTheAnchor() {
        let html = HTMLReportRenderer(catalogue: .standard).render(notebook: notebook, result: result)
        #expect(html.contains("<li><a href=\"#cell-the-data-set\">The data &lt;set&gt;</a>"))
        // The contents show the cell's first statement, not its options.
        #expect(html.contains("<code>data = load synthetic</code></li>"))
        #expect(html.contains("<li><a href=\"#cell-2\">Cell 2</a>"))
        #expect(html.contains("<section class=\"cell cell-succeeded\" id=\"cell-the-data-set\">\n<div class=\"cell-head\"><span class=\"cell-name\">The data &lt;set&gt;</span>"))
    }

    @Test func markdownListsNamedCellsAndAnchorsThem() {
        let md = MarkdownReportRenderer(name: "n").render(notebook: notebook, result: result).markdown
        #expect(md.contains("**Contents**\n\n- [The data &lt;set&gt;](#cell-the-data-set)\n\n"))
        #expect(md.contains("<a id=\"cell-the-data-set\"></a>**The data &lt;set&gt;**\n\n```recbook\n#| name: The data <set>\n"))
        #expect(md.contains("*The data &lt;set&gt; · succeeded · 500 ms*"))
        #expect(md.contains("*Cell 2 · succeeded · 500 ms*"))
    }

    @Test func jsonCarriesTheName() {
        let report = JSONReportRenderer().report(notebook: notebook, result: result)
        #expect(report.cells.map(\.name) == ["The data <set>", nil])
    }

    @Test func slugsFollowGitHubHeadingAnchors() {
        #expect(ReportOutline.slug("Robustness curve (ε), again") == "robustness-curve-ε-again")
        #expect(ReportOutline.slug("APR: 5 epochs") == "apr-5-epochs")
    }
}
