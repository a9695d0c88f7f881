import RecbookRuntime
import Testing
import NotebookDocument
import RecbookResults
@testable import RecbookReports

@Suite struct HTMLReportTests {
    let html: String

    init() throws {
        html = HTMLReportRenderer(catalogue: .standard).render(notebook: try SampleRun.notebook(), result: SampleRun.result())
    }

    @Test func headerShowsTitleStatusAndManifest() {
        #expect(html.contains("<title>Adversarial &lt;training&gt; &amp; &quot;robustness&quot;</title>"))
        #expect(html.contains("<h1>Adversarial &lt;training&gt; &amp; &quot;robustness&quot;</h1>"))
        #expect(html.contains("<p class=\"byline\">Jane O&#39;Doe · 2024-03-28</p>"))
        #expect(html.contains("<dd class=\"status-bad\">1 of 4 cells failed, 1 not run</dd>"))
        #expect(html.contains("<div><dt>Total time</dt><dd>1.50 s</dd></div>"))
        #expect(html.contains("<details class=\"manifest\">"))
        #expect(html.contains("<td><code>Data/movielens-500/trainingset.tsv</code></td><td class=\"num\">1,234,567</td><td><code>\(String(repeating: "ab", count: 32))</code></td>"))
        #expect(html.contains("<tr><td><code>epochs</code></td><td><code>5</code></td></tr>"))
    }

    @Test func everyCellHasItsSourceStatusAndTime() throws {
        for (index, badge, time) in [(1, "succeeded", "1.25 s"), (2, "succeeded", "12 ms"), (3, "failed", "3.0 ms")] {
            let section = try #require(cellSection(index))
            #expect(section.contains("<span class=\"badge badge-\(badge)\">\(badge)</span>"))
            #expect(section.contains("<span class=\"time\">\(time)</span>"))
        }
        let notRun = try #require(cellSection(4))
        #expect(notRun.contains("<span class=\"badge badge-not-run\">not run</span>"))
        #expect(!notRun.contains("class=\"time\""))
        #expect(notRun.contains("<p class=\"not-run\">Not run: an earlier cell failed.</p>"))
    }

    @Test func sourceLinesAreNumberedAsInTheFile() throws {
        let first = try #require(cellSection(1))
        let equals = "<span class=\"hl-punctuation\">=</span>"
        #expect(first.contains("<span class=\"ln\" aria-hidden=\"true\">22</span>data \(equals) <span class=\"hl-command\">load</span>"))
        #expect(first.contains("<span class=\"ln\" aria-hidden=\"true\">23</span>bpr \(equals) <span class=\"hl-command\">train</span>"))
        let fourth = try #require(cellSection(4))
        #expect(fourth.contains("<span class=\"ln\" aria-hidden=\"true\">38</span>apr \(equals) <span class=\"hl-command\">adv-train</span> bpr"))
    }

    @Test func outputsAreRendered() throws {
        let first = try #require(cellSection(1))
        #expect(first.contains("<pre class=\"log\">epoch 1 loss 0.6931\nepoch 5 loss 0.3100 &lt;done&gt;</pre>"))
        #expect(first.contains("<figure class=\"chart\">\n<svg"))
        #expect(first.contains("<title id=\"chart-1-title\">Training loss</title>"))
        let second = try #require(cellSection(2))
        #expect(second.contains("<div class=\"figure\"><dt>HR@100</dt><dd>0.2760</dd></div>"))
        #expect(second.contains("<div class=\"figure\"><dt>Users</dt><dd>500</dd></div>"))
        #expect(second.contains("<figcaption>Evaluation &lt;b&gt;</figcaption>"))
        #expect(second.contains("<th>model</th><th class=\"num\">HR@100</th>"))
        #expect(second.contains("<td>bpr</td><td class=\"num\">0.2760</td><td class=\"num\">0.0656</td>"))
        #expect(second.contains("<td class=\"num\">NaN</td><td class=\"num\">–</td><td class=\"num\">73,371</td>"))
        #expect(second.contains("<title id=\"chart-2-title\">Clean vs attacked</title>"))
    }

    @Test func failedCellShowsLocatedError() throws {
        let failed = try #require(cellSection(3))
        #expect(failed.contains("<div class=\"error\" role=\"alert\">"))
        #expect(failed.contains("<p class=\"error-headline\">tutorial.md:34:15: error: unknown value &#39;broken&#39;</p>"))
        #expect(failed.contains("<pre><code>compare clean broken\n              ^</code></pre>"))
    }

    @Test func notebookAndDataTextIsEscaped() {
        // No script element anywhere: not from prose code, cell source, table cells or titles.
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("# &lt;script&gt;"))
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"))
        #expect(html.contains("print(&quot;&lt;script&gt;alert('prose')&lt;/script&gt;&quot;)"))
    }

    @Test func proseIsRenderedWithGFM() {
        #expect(html.contains("<h1>Adversarial training</h1>"))
        #expect(html.contains("<strong>BPR-MF</strong>"))
        #expect(html.contains("<th>metric</th>"))
        #expect(html.contains("<p>Now evaluate.</p>"))
    }

    @Test func nothingIsLoadedFromOutside() {
        #expect(!html.contains("src="))
        #expect(!html.contains("url("))
        #expect(!html.contains("@import"))
        // Links are in-page anchors, or the author's own links in prose.
        let hrefs = attributeValues("href")
        #expect(hrefs.contains("https://example.org/apr"))
        for href in hrefs where !href.hasPrefix("#") {
            #expect(href == "https://example.org/apr")
        }
        #expect(hrefs.filter { $0.hasPrefix("#cell-") }.count == 4)
    }

    @Test func stylesheetCoversDarkPhoneAndPrint() {
        #expect(html.contains("@media (prefers-color-scheme: dark)"))
        #expect(html.contains("@media print"))
        #expect(html.contains("@media (max-width: 600px)"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
    }

    private func cellSection(_ number: Int) -> Substring? {
        let marker = "id=\"cell-\(number)\">"
        guard let open = html.firstRange(of: marker) else { return nil }
        guard let close = html[open.upperBound...].firstRange(of: "</section>") else { return nil }
        return html[open.lowerBound..<close.upperBound]
    }

    private func attributeValues(_ name: String) -> [String] {
        var values: [String] = []
        var rest = html[...]
        while let found = rest.firstRange(of: " \(name)=\"") {
            let after = rest[found.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            values.append(String(after[..<end]))
            rest = after[end...]
        }
        return values
    }
}
