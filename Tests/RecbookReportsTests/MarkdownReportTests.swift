import Testing
import RecbookResults
@testable import RecbookReports

@Suite struct MarkdownReportTests {
    let rendered: MarkdownReportRenderer.Rendered
    var md: String { rendered.markdown }

    init() throws {
        rendered = MarkdownReportRenderer(name: "tutorial").render(notebook: try SampleRun.notebook(), result: SampleRun.result())
    }

    @Test func headerComesFromFrontMatter() {
        #expect(md.hasPrefix("# Adversarial &lt;training&gt; &amp; \"robustness\"\n\n*Jane O'Doe · 2024-03-28*\n\n**Status:** 1 of 4 cells failed, 1 not run · **Total time:** 1.50 s · **Seed:** 42 · **Threads:** 2\n"))
        #expect(!md.contains("params:"))
    }

    @Test func proseIsCopiedAsWritten() {
        #expect(md.contains("# Adversarial training\n\nWe train **BPR-MF** on ML-500, then attack it. See [the paper](https://example.org/apr).\n\n| metric | meaning |\n|---|---|\n| HR@K | hit ratio |\n\n```python\nprint(\"<script>alert('prose')</script>\")\n```\n"))
    }

    @Test func everyCellHasSourceOutputsAndStatusLine() {
        #expect(md.contains("```recbook\ndata = load \"Data/movielens-500\"   # <script>\nbpr = train bprmf on data epochs=5\n```\n\n```text\nepoch 1 loss 0.6931\nepoch 5 loss 0.3100 <done>\n```\n\n![Training loss](tutorial_files/chart-1.svg)\n\n*Cell 1 · succeeded · 1.25 s*\n"))
        #expect(md.contains("| HR@100 | Users |\n|---:|---:|\n| 0.2760 | 500 |\n"))
        #expect(md.contains("**Evaluation &lt;b&gt;**\n\n| model | HR@100 | nDCG@100 | AUC | note |\n|---|---:|---:|---:|---|\n| bpr | 0.2760 | 0.0656 | 0.8229 | &lt;script&gt;x&lt;/script&gt; |\n| apr | NaN | – | 73,371 | a \\| b |\n"))
        #expect(md.contains("![Clean vs attacked](tutorial_files/chart-2.svg)\n\n*Cell 2 · succeeded · 12 ms*\n"))
        #expect(md.contains("```recbook\nhit = attack fgsm bpr epsilon=0.5\ncompare clean broken\n```\n\n> **Error:** `tutorial.md:34:15: error: unknown value 'broken'`\n\n*Cell 3 · failed · 3.0 ms*\n"))
        #expect(md.contains("```recbook\napr = adv-train bpr\n```\n\n*Cell 4 · not run (an earlier cell failed)*\n"))
    }

    @Test func chartFilesAreListed() {
        #expect(rendered.chartFiles.map(\.path) == ["tutorial_files/chart-1.svg", "tutorial_files/chart-2.svg"])
        #expect(rendered.chartFiles.allSatisfy { $0.svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") })
    }

    @Test func manifestSectionAtTheEnd() {
        #expect(md.contains("## Run manifest\n\n| | |\n|---|---|\n| recbook version | 0.1.0 |\n| Notebook | `tutorial.md` |\n| Seed | 42 |\n| Threads | 2 |\n"))
        #expect(md.contains("### Parameters\n\n| Name | Value |\n|---|---|\n| `epochs` | `5` |\n"))
        #expect(md.hasSuffix("| `Data/movielens-500/trainingset.tsv` | 1,234,567 | `\(String(repeating: "ab", count: 32))` |\n\n"))
    }

    /// Structure derived from the fixture itself, not from a rendering: each recbook block of the
    /// source appears fenced, in source order, and is followed (before the next block) by its
    /// cell's status line with the status the hand-built result gives it.
    @Test func cellsAppearInSourceOrderEachWithItsOwnStatusLine() {
        let blocks = SampleRun.source.split(separator: "```recbook\n", omittingEmptySubsequences: false).dropFirst()
            .map { String($0.prefix { $0 != "`" }) }
        let statuses = ["succeeded", "succeeded", "failed", "not run"]
        #expect(blocks.count == 4)
        var rest = Substring(md)
        for (n, (code, status)) in zip(blocks, statuses).enumerated() {
            guard let fence = rest.firstRange(of: "```recbook\n" + code + "```\n") else {
                Issue.record("cell \(n + 1)'s code is missing or out of order")
                return
            }
            rest = rest[fence.upperBound...]
            let line = "*Cell \(n + 1) · \(status)"
            let next = rest.firstRange(of: "```recbook\n")?.lowerBound ?? rest.endIndex
            #expect(rest[..<next].contains(line), "cell \(n + 1) lacks “\(line)” before the next cell")
        }
        #expect(md.ranges(of: "*Cell ").count == 4)
    }

    @Test func fencesOutgrowBackticksInCode() {
        #expect(codeFence(for: "a ``` b") == "````")
        #expect(codeFence(for: "plain") == "```")
    }
}
