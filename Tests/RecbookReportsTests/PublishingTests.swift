import Foundation
import Synchronization
import Testing
import NotebookDocument
import RecbookResults
import RecbookLanguage
@testable import RecbookReports

/// A notebook in `root/book/chapter/` naming images and files around it, reported into `root/out`.
private struct PublishingFixture {
    let root: String
    var notebookPath: String { root + "/book/chapter/notes.md" }
    var output: String { root + "/out" }

    static let source = """
        # Notes

        ![A dot](../figures/dot.png) ![Icon](icon.svg) ![Gone](missing.png) ![Web](https://example.org/x.png)

        See [the guide](../docs/guide.md#intro), [a section](#cell-1) and [the web](https://example.org).

        """

    init(source: String = PublishingFixture.source) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("recbook-publish-\(UUID().uuidString)").path
        let files = FileManager.default
        for folder in ["/book/chapter", "/book/figures", "/book/docs", "/out"] {
            try files.createDirectory(atPath: root + folder, withIntermediateDirectories: true)
        }
        // The eight bytes every PNG starts with: base64 "iVBORw0KGgo=".
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).write(to: URL(fileURLWithPath: root + "/book/figures/dot.png"))
        try "<svg/>".write(toFile: root + "/book/chapter/icon.svg", atomically: true, encoding: .utf8)
        try "# Guide\n".write(toFile: root + "/book/docs/guide.md", atomically: true, encoding: .utf8)
        try source.write(toFile: notebookPath, atomically: true, encoding: .utf8)
    }

    func notebook() throws -> Notebook { try Notebook.parse(path: notebookPath) }

    func result() -> RunResult {
        RunResult(
            notebookPath: notebookPath, title: "Notes", author: nil,
            manifest: RunManifest(recbookVersion: "0.1.0", seed: 1, parameters: [], threads: 1, startedAt: "2024-01-01T00:00:00Z", totalSeconds: 0, dataFiles: []),
            cells: [])
    }
}

@Suite struct PublishedImageAndLinkTests {
    @Test func htmlInlinesImagesAndRewritesLinksFromTheOutputFolder() throws {
        let fixture = try PublishingFixture()
        let html = HTMLReportRenderer(catalogue: .standard, outputDirectory: fixture.output, mathAssets: nil)
            .render(notebook: try fixture.notebook(), result: fixture.result())
        #expect(html.contains("<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"A dot\"> <img src=\"data:image/svg+xml;base64,PHN2Zy8+\" alt=\"Icon\"> <img src=\"../book/chapter/missing.png\" alt=\"Gone\"> <img src=\"https://example.org/x.png\" alt=\"Web\" /></p>"))
        #expect(html.contains("<p>See <a href=\"../book/docs/guide.md#intro\">the guide</a>, <a href=\"#cell-1\">a section</a> and <a href=\"https://example.org\">the web</a>.</p>"))
    }

    @Test func markdownRewritesOnlyRelativeDestinations() throws {
        let fixture = try PublishingFixture()
        let md = MarkdownReportRenderer(name: "notes", outputDirectory: fixture.output).render(notebook: try fixture.notebook(), result: fixture.result()).markdown
        #expect(md.contains("""
            # Notes

            ![A dot](../book/figures/dot.png) ![Icon](../book/chapter/icon.svg) ![Gone](../book/chapter/missing.png) ![Web](https://example.org/x.png)

            See [the guide](../book/docs/guide.md#intro), [a section](#cell-1) and [the web](https://example.org).

            """))
        // The manifest is still there.
        #expect(md.contains("## Run manifest"))
    }

    @Test func theReportWriterRewritesForItsFolder() throws {
        let fixture = try PublishingFixture()
        let writer = try ReportWriter(outputDirectory: fixture.output, name: "notes", catalogue: .standard)
        try writer.write(notebook: try fixture.notebook(), result: fixture.result(), formats: [.html, .md])
        let md = try String(contentsOfFile: fixture.output + "/notes.md", encoding: .utf8)
        let html = try String(contentsOfFile: fixture.output + "/notes.html", encoding: .utf8)
        #expect(md.contains("[the guide](../book/docs/guide.md#intro)"))
        #expect(html.contains("<a href=\"../book/docs/guide.md#intro\">the guide</a>"))
        #expect(html.contains("src=\"data:image/png;base64,iVBORw0KGgo=\""))
        // Nothing but the reports is written (the images are inlined or referenced where they are).
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.output).sorted() == [".recbook-files", ".recbook.lock", "notes.html", "notes.md"])
    }

    @Test func aFileThatIsNotAnImageIsNotInlined() throws {
        let fixture = try PublishingFixture(source: "![Fake](fake.png)\n")
        try "not an image".write(toFile: fixture.root + "/book/chapter/fake.png", atomically: true, encoding: .utf8)
        let html = HTMLReportRenderer(catalogue: .standard, outputDirectory: fixture.output, mathAssets: nil)
            .render(notebook: try fixture.notebook(), result: fixture.result())
        #expect(html.contains("<p><img src=\"../book/chapter/fake.png\" alt=\"Fake\"></p>"))
    }

    @Test func withoutAnOutputFolderRelativeLinksStayAsWritten() throws {
        let fixture = try PublishingFixture()
        let html = HTMLReportRenderer(catalogue: .standard, outputDirectory: nil, mathAssets: nil)
            .render(notebook: try fixture.notebook(), result: fixture.result())
        #expect(html.contains("<a href=\"../docs/guide.md#intro\">the guide</a>"))
        #expect(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"A dot\">"))
    }
}

@Suite struct PublishedMathTests {
    /// A stand-in KaTeX: one font face naming woff2 and woff files; the woff2 file holds "abc".
    private func fakeKaTeX() throws -> MathAssets {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recbook-katex-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/fonts", withIntermediateDirectories: true)
        try "@font-face{font-family:KaTeX_Main;src:url(fonts/KaTeX_Main-Regular.woff2) format('woff2'),url(fonts/KaTeX_Main-Regular.woff) format('woff');font-weight:400}.katex{font:1.21em KaTeX_Main}"
            .write(toFile: folder + "/katex.min.css", atomically: true, encoding: .utf8)
        try "var katex = {render: function () {}};".write(toFile: folder + "/katex.min.js", atomically: true, encoding: .utf8)
        try "abc".write(toFile: folder + "/fonts/KaTeX_Main-Regular.woff2", atomically: true, encoding: .utf8)
        return try #require(MathAssets.load(from: folder))
    }

    @Test func katexIsInlinedWithItsFontsOnlyIntoReportsWithMaths() throws {
        let katex = try fakeKaTeX()
        #expect(katex.css == "@font-face{font-family:KaTeX_Main;src:url(data:font/woff2;base64,YWJj) format('woff2');font-weight:400}.katex{font:1.21em KaTeX_Main}")
        let withMaths = try PublishingFixture(source: "Score $\\hat{r}_{ui}$.\n")
        let html = HTMLReportRenderer(catalogue: .standard, outputDirectory: nil, mathAssets: katex)
            .render(notebook: try withMaths.notebook(), result: withMaths.result())
        #expect(html.contains("<p>Score <span class=\"math math-inline\">\\hat{r}_{ui}</span>.</p>"))
        #expect(html.contains("<style>\n\(katex.css)\n</style>\n</head>"))
        #expect(html.contains("<script>\nvar katex = {render: function () {}};\n</script>\n<script>\n\(MathAssets.typesetScript)\n</script>\n</body>"))

        let without = try PublishingFixture(source: "It costs $5 and $6.\n")
        let plain = HTMLReportRenderer(catalogue: .standard, outputDirectory: nil, mathAssets: katex)
            .render(notebook: try without.notebook(), result: without.result())
        #expect(!plain.contains("<script"))
        #expect(!plain.contains("KaTeX_Main"))
    }

    @Test func katexIsReadOnlyForAReportWithMaths() throws {
        final class Reads: Sendable { let count = Atomic<Int>(0) }
        let reads = Reads()
        let katex = try fakeKaTeX()
        let renderer = HTMLReportRenderer(catalogue: .standard, outputDirectory: nil, mathAssets: { @Sendable in
            reads.count.add(1, ordering: .relaxed)
            return katex
        })
        let without = try PublishingFixture(source: "It costs $5 and $6.\n")
        _ = renderer.render(notebook: try without.notebook(), result: without.result())
        #expect(reads.count.load(ordering: .relaxed) == 0)
        let withMaths = try PublishingFixture(source: "Score $x$.\n")
        let html = renderer.render(notebook: try withMaths.notebook(), result: withMaths.result())
        #expect(reads.count.load(ordering: .relaxed) == 1)
        #expect(html.contains("var katex = {render: function () {}};"))
    }

    @Test func aScriptEndIsFoundInAnyCaseAndOnlyWhole() {
        func holds(_ text: String) -> Bool { MathAssets.containsScriptEnd(Data(text.utf8)) }
        #expect(holds("a</script>b"))
        #expect(holds("x = \"</ScRiPt \""))
        #expect(holds("</SCRIPT"))
        #expect(!holds("a</scrip"))
        #expect(!holds("</xcript"))
        #expect(!holds("<\u{0F}script"))
        #expect(!holds(""))
    }

    @Test func aKaTeXFolderWithAMissingFontIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recbook-katex-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "@font-face{src:url(fonts/KaTeX_AMS-Regular.woff2) format('woff2')}".write(toFile: folder + "/katex.min.css", atomically: true, encoding: .utf8)
        try "var katex;".write(toFile: folder + "/katex.min.js", atomically: true, encoding: .utf8)
        #expect(MathAssets.load(from: folder) == nil)
    }

    @Test(.enabled(if: MathAssets.system != nil, "needs Debian's libjs-katex"))
    func theInstalledKaTeXFetchesNothing() throws {
        let katex = try #require(MathAssets.system)
        // Every url( is an inlined woff2 font: 20 font faces in KaTeX 0.16.
        #expect(katex.css.components(separatedBy: "url(").count - 1 == katex.css.components(separatedBy: "url(data:font/woff2;base64,").count - 1)
        #expect(katex.css.components(separatedBy: "@font-face").count - 1 == 20)
        #expect(!katex.script.contains("</script"))
    }
}

@Suite struct PublishedProseLayoutTests {
    @Test func footnotesDefinedInALaterPassageAreListedWhereTheyAreCited() throws {
        let fixture = try PublishingFixture(source: """
            Cited here[^a].

            ```recbook
            data = load "d"
            ```

            [^a]: Defined at the end.

            """)
        let html = HTMLReportRenderer(catalogue: .standard, outputDirectory: nil, mathAssets: nil)
            .render(notebook: try fixture.notebook(), result: fixture.result())
        #expect(html.contains("<section class=\"prose\">\n<p>Cited here<sup class=\"footnote-ref\"><a href=\"#p1-fn-a\" id=\"p1-fnref-a\" data-footnote-ref>1</a></sup>.</p>\n<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"p1-fn-a\">\n<p>Defined at the end. <a href=\"#p1-fnref-a\""))
        // The passage holding only the definition shows nothing of it.
        #expect(html.components(separatedBy: "Defined at the end.").count == 2)
    }

    @Test func codeLinesWrapAndKeepHyphenatedNamesWhole() throws {
        let fixture = try PublishingFixture(source: "```recbook\n# see my-long-name here\n```\n")
        let html = HTMLReportRenderer(catalogue: .standard, outputDirectory: nil, mathAssets: nil)
            .render(notebook: try fixture.notebook(), result: fixture.result())
        #expect(html.contains("<span class=\"hl-comment\"># see <span class=\"nobr\">my-long-name</span> here</span>"))
        #expect(ReportStylesheet.css.contains("pre.code { margin: 0; padding: 0.75rem 0; font-size: 0.875rem; line-height: 1.55; white-space: pre-wrap; overflow-wrap: anywhere; }"))
        #expect(ReportStylesheet.css.contains("pre.code .hl-command, pre.code .hl-option, pre.code .nobr { white-space: nowrap; }"))
    }

    @Test func alignedTableColumnsAreStyled() {
        #expect(ReportStylesheet.css.contains(".prose th[align=\"right\"], .prose td[align=\"right\"] { text-align: right; }"))
    }

    @Test func markdownKeepsMathsFootnotesAlertsAndDetailsAsWritten() throws {
        let prose = "Maths $a_i * b_j$ and $$x$$ and a note[^n].\n\n[^n]: Note.\n\n> [!TIP]\n> Hint.\n\n<details>\n<summary>Solution</summary>\n\n42\n\n</details>\n"
        let fixture = try PublishingFixture(source: prose)
        let md = MarkdownReportRenderer(name: "notes", outputDirectory: fixture.output).render(notebook: try fixture.notebook(), result: fixture.result()).markdown
        #expect(md.contains(prose))
    }
}
