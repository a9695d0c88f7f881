import RecbookRuntime
import Testing
import NotebookDocument
import RecbookResults
@testable import RecbookReports

/// A tutorial-sized run (12 cells with logs, tables, figures and charts) renders every cell
/// in both formats. Rendering speed is measured by `recbook-bench notebook`, not here.
@Suite struct TutorialSizedRenderingTests {
    @Test func everyCellIsRenderedInBothFormats() throws {
        var source = "---\ntitle: Speed\nseed: 1\n---\n"
        var cells: [CellResult] = []
        for i in 0..<12 {
            source += "## Step \(i)\n\nSome **prose** with a [link](https://example.org) and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
            source += "```recbook\nm\(i) = train bprmf on data factors=64 lr=0.05 epochs=5\ne\(i) = evaluate m\(i) k=100\n```\n\n"
            let loss = Chart(kind: .line, title: "Loss", xLabel: "Epoch", yLabel: "Loss",
                             series: [.init(name: "bpr", x: (1...50).map(Double.init), y: (1...50).map { 1 / Double($0) })])
            let table = Table(columns: ["model", "HR@100", "nDCG@100", "AUC"],
                              rows: (0..<20).map { r in [.text("m\(r)"), .number(0.27, .fixed(4)), .number(0.06, .fixed(4)), .number(0.82, .fixed(4))] })
            let location = NotebookDocument.SourceLocation(line: 1, column: 1)
            cells.append(CellResult(index: i, range: location..<location, status: .succeeded, seconds: 0.5,
                                    outputs: [.text(String(repeating: "epoch loss 0.5\n", count: 20)), .chart(loss), .table(table),
                                              .figures([Figure(label: "HR@100", value: 0.276)])]))
        }
        let notebook = try NotebookParser.parse(path: "speed.md", source: source)
        let result = RunResult(notebookPath: "speed.md", title: "Speed", author: nil,
                               manifest: RunManifest(recbookVersion: "0.1.0", seed: 1, parameters: [], threads: 1,
                                                     startedAt: "2024-01-01T00:00:00Z", totalSeconds: 6, dataFiles: []),
                               cells: cells)
        let html = HTMLReportRenderer(catalogue: .standard).render(notebook: notebook, result: result)
        let md = MarkdownReportRenderer(name: "speed").render(notebook: notebook, result: result).markdown
        #expect(html.ranges(of: "<svg").count == 12)
        #expect(md.ranges(of: "```recbook").count == 12)
        #expect(md.ranges(of: "chart-").count == 12)
    }
}
