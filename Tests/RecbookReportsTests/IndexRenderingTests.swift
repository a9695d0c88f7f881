import FoundationEssentials
import Testing
#if canImport(Glibc)
import Glibc
#endif
import RecbookResults
import RecbookFiles
@testable import RecbookReports

/// The index page of a run of several notebooks, in its three formats, and how it is written.
@Suite struct IndexRenderingTests {
    /// The sample run (its title has `<`, `&` and quotes; one cell failed) and a second,
    /// cached notebook whose report name needs percent-encoding.
    static func index() throws -> RunIndex {
        let sample = RunIndex.Entry(notebook: try SampleRun.notebook(), result: SampleRun.result(), reportName: "tutorial", formats: [.html, .md, .json])
        let other = RunIndex.Entry(
            notebook: "nb/a b#1.md", title: "Second <b>bold</b> 'one'", status: "succeeded", statusSummary: "All 2 cells succeeded",
            cells: 2, failedCells: 0, notRunCells: 0, startedAt: "2024-03-28T10:00:00Z", seconds: 0.25,
            cache: RunIndex.CacheUse(hits: 2, computed: 1, savedSeconds: 1.5),
            reports: RunIndex.Reports(html: "a b#1.html", md: nil, json: "a b#1.json"))
        return RunIndex(title: "My <notebooks> & \"more\"", recbookVersion: "0.1.0", notebooks: [sample, other])
    }

    @Test func anEntrySaysHowItsNotebookRan() throws {
        let entry = try Self.index().notebooks[0]
        #expect(entry.title == "Adversarial <training> & \"robustness\"")
        #expect(entry.status == "failed")
        #expect(entry.failedCells == 1 && entry.cells == 4)
        #expect(entry.reports == RunIndex.Reports(html: "tutorial.html", md: "tutorial.md", json: "tutorial.json"))
        let index = try Self.index()
        #expect(index.status == "failed")
        #expect(index.statusSummary == "1 of 2 notebooks failed")
        #expect(index.notebooks[1].cacheSummary == "2 of 3 statements")
    }

    @Test func htmlEscapesTitlesAndPathsAndEncodesLinks() throws {
        let html = IndexHTMLRenderer().render(try Self.index())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains(ReportStylesheet.css))
        #expect(html.contains("<meta name=\"generator\" content=\"recbook 0.1.0\">"))
        #expect(html.contains("<title>My &lt;notebooks&gt; &amp; &quot;more&quot;</title>"))
        #expect(html.contains("<a href=\"tutorial.html\">Adversarial &lt;training&gt; &amp; &quot;robustness&quot;</a>"))
        #expect(html.contains("<a href=\"a%20b%231.html\">Second &lt;b&gt;bold&lt;/b&gt; &#39;one&#39;</a>"))
        #expect(html.contains("<code>nb/a b#1.md</code>"))
        #expect(html.contains("<a href=\"a%20b%231.json\">JSON</a>"))
        #expect(!html.contains("<b>bold"))
        #expect(!html.contains("<training>"))
        #expect(html.contains("class=\"badge badge-failed\">failed</span>"))
        #expect(html.contains("2 of 3 statements"))
        #expect(html.contains("no cache"))
    }

    @Test func markdownEscapesTitlesAndLinksTheMarkdownReport() throws {
        let md = IndexMarkdownRenderer().render(try Self.index())
        #expect(md.hasPrefix("# My &lt;notebooks&gt; &amp; \"more\"\n"))
        #expect(md.contains("[Adversarial &lt;training&gt; &amp; \"robustness\"](tutorial.md)"))
        // Without a Markdown report the title links the HTML one.
        #expect(md.contains("[Second &lt;b&gt;bold&lt;/b&gt; 'one'](a%20b%231.html) (nb/a b\\#1.md)"))
        #expect(md.contains("[HTML](tutorial.html) · [Markdown](tutorial.md) · [JSON](tutorial.json)"))
        #expect(md.contains("**Status:** 1 of 2 notebooks failed"))
    }

    @Test func jsonDecodesToTheSameIndex() throws {
        let index = try Self.index()
        let text = try IndexJSONRenderer().render(index)
        #expect(text.contains("\"kind\" : \"recbook-index\""))
        #expect(text.contains("\"schemaVersion\" : 1"))
        let decoded = try JSONDecoder().decode(RunIndex.self, from: Data(text.utf8))
        #expect(decoded == index)
    }

    @Test func theWriterRefusesAForeignIndexAndRecordsItsOwn() throws {
        let folder = "/tmp/recbook-index-writer-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { removeTree(folder) }
        let writer = IndexWriter(folder: try OutputFolder(folder))
        try AtomicFile.write("mine", to: folder + "/index.html")
        #expect(throws: (any Error).self) { try writer.checkTargets(formats: [.html]) }
        #expect(throws: (any Error).self) { try writer.write(try Self.index(), formats: [.html]) }
        #expect(readText(folder + "/index.html") == "mine")
        // Formats not asked for are free.
        let written = try writer.write(try Self.index(), formats: [.md, .json])
        #expect(written == [folder + "/index.md", folder + "/index.json"])
        #expect(readText(folder + "/.recbook-files") == "index.json\nindex.md\n")
        try writer.checkTargets(formats: [.md, .json])
    }
}
