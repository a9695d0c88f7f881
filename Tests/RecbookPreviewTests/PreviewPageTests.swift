import Testing
@testable import RecbookPreview
@testable import RecbookPreviewServer

/// The served page: the report as written, plus the banner, status line and refresh script.
@Suite struct PreviewPageTests {
    let report = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>My notebook</title>\n</head>\n<body>\n<main>\n<p>outputs</p>\n</main>\n</body>\n</html>\n"
    let diagnostics = "nb.md:5:24: error: unknown option `epoch`; did you mean `epochs`?\n5 | bpr = train bprmf data epoch=5 <x>\n  |                        ^~~~~\n1 error\n"

    @Test func aCheckedVersionIsTheReportWithTheScriptAndNoBanner() {
        let html = PreviewPage(report: report, status: "refreshed", version: 3).html
        #expect(html.contains("<main>\n<p>outputs</p>\n</main>"))
        #expect(!html.contains("id=\"recbook-preview-banner\""))
        #expect(!html.contains("class=\"recbook-preview-stale\""))
        #expect(html.contains("<title>My notebook</title>"))
        #expect(html.contains("new EventSource(\"/events\")"))
        #expect(html.contains("var shown = 3;"))
        // The script sits inside the body, once, just before it closes.
        #expect(html.components(separatedBy: "<script>").count == 2)
        #expect(html.range(of: "</script>\n</body>") != nil)
        #expect(html.contains("<div class=\"recbook-preview-status\" id=\"recbook-preview-status\">refreshed</div>"))
    }

    @Test func aVersionThatDoesNotCheckShowsTheDiagnosticsOverTheStaleOutputs() {
        let page = PreviewPage(report: report, diagnostics: diagnostics, status: "1 error", version: 4)
        #expect(page.isStale)
        let html = page.html
        #expect(html.contains("<body class=\"recbook-preview-stale\">"))
        #expect(html.contains("<title>[stale] My notebook</title>"))
        #expect(html.contains(PreviewText.staleHeadline))
        // The terminal's text, caret line and all, HTML-escaped.
        #expect(html.contains("5 | bpr = train bprmf data epoch=5 &lt;x&gt;\n  |                        ^~~~~\n1 error"))
        #expect(html.contains("did you mean `epochs`?"))
        #expect(html.contains("<p>outputs</p>"))
        #expect(!html.contains("<x>"))
    }

    @Test func anOutputFolderThatCannotBeUsedHasItsOwnHeadline() {
        let page = PreviewPage(
            report: report, diagnostics: "error: the output folder Out is not writable: Permission denied",
            headline: PreviewText.outputFolderHeadline, status: "1 error", version: 2)
        let html = page.html
        #expect(html.contains("<strong>The notebook checks, but its output folder cannot be used, so it did not run: the outputs below, if any, are stale.</strong>"))
        #expect(!html.contains(PreviewText.staleHeadline))
        #expect(html.contains("error: the output folder Out is not writable: Permission denied"))
        #expect(html.contains("<p>outputs</p>"))
    }

    @Test func withoutAGoodVersionThePageIsTheDiagnosticsAlone() {
        let page = PreviewPage(diagnostics: diagnostics, version: 1)
        #expect(!page.isStale)
        let html = page.html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains(PreviewText.noOutputsHeadline))
        #expect(html.contains("epoch=5 &lt;x&gt;"))
        #expect(html.contains("new EventSource"))
    }

    @Test func aVersionThatChecksWithWarningsShowsThemOverTheFreshOutputs() {
        let warnings = "nb.md:4:3: warning: parameter `tags` is declared but never used\n4 |   tags: <b>\n  |   ^~~~\n1 warning\n"
        let page = PreviewPage(report: report, warnings: warnings, status: "refreshed", version: 2)
        #expect(!page.isStale)
        let html = page.html
        #expect(html.contains(
            "<div class=\"recbook-preview-banner recbook-preview-warnings\" id=\"recbook-preview-banner\">\n<p><strong>"
                + PreviewText.warningsHeadline + "</strong></p>\n<pre class=\"recbook-preview-diagnostics\">"
                + "nb.md:4:3: warning: parameter `tags` is declared but never used\n4 |   tags: &lt;b&gt;\n  |   ^~~~\n1 warning\n</pre>\n</div>\n"))
        // Fresh outputs: not dimmed, the title as the report has it.
        #expect(html.contains("<body>\n"))
        #expect(!html.contains("class=\"recbook-preview-stale\""))
        #expect(html.contains("<title>My notebook</title>"))
        #expect(html.contains("<p>outputs</p>"))
        #expect(!html.contains(PreviewText.staleHeadline))
    }

    @Test func whenTheNotebookDoesNotCheckTheWarningsAreAmongTheDiagnosticsAlone() {
        // The session puts warnings into `diagnostics` then; a stray `warnings` adds no second banner.
        let html = PreviewPage(report: report, diagnostics: diagnostics, warnings: "w", version: 4).html
        #expect(html.components(separatedBy: "id=\"recbook-preview-banner\"").count == 2)
        #expect(!html.contains(PreviewText.warningsHeadline))
    }

    @Test func writtenReportsAreNotChanged() {
        // The page is built from a copy: the report text itself has no script.
        let page = PreviewPage(report: report, version: 1)
        _ = page.html
        #expect(!page.report!.contains("EventSource"))
    }
}

@Suite struct ServerSentEventTests {
    @Test func eachLineOfDataGetsItsOwnDataField() {
        let event = ServerSentEvent(name: "refresh", id: "7", data: "one\ntwo")
        #expect(event.encoded == "event: refresh\nid: 7\ndata: one\ndata: two\n\n")
    }

    @Test func refreshCarriesTheVersion() {
        #expect(ServerSentEvent.refresh(version: 12).encoded == "event: refresh\nid: 12\ndata: 12\n\n")
    }
}

@Suite struct PreviewHubTests {
    @Test func aNewStreamHearsTheCurrentVersionThenEveryPublishedOne() async {
        let hub = PreviewHub()
        await hub.publish(PreviewPage(report: "<body></body>"))
        var events = await hub.subscribe().makeAsyncIterator()
        #expect(await events.next() == ServerSentEvent.refresh(version: 1).encoded)
        await hub.publish(PreviewPage(report: "<body>2</body>"))
        #expect(await events.next() == ServerSentEvent.refresh(version: 2).encoded)
        #expect(await hub.page.version == 2)
        #expect(await hub.page.report == "<body>2</body>")
    }

    @Test func closingEndsEveryStream() async {
        let hub = PreviewHub()
        var events = await hub.subscribe().makeAsyncIterator()
        _ = await events.next()
        await hub.close()
        #expect(await events.next() == nil)
        #expect(await hub.openStreams == 0)
        var late = await hub.subscribe().makeAsyncIterator()
        #expect(await late.next() == nil)
    }

    @Test func theEventBytesArriveAsSent() async throws {
        let hub = PreviewHub()
        var bytes = EventStreamBytes(events: await hub.subscribe()).makeAsyncIterator()
        let first = try #require(await bytes.nextBuffer(suggested: 4096))
        #expect(String(decoding: first, as: UTF8.self) == ServerSentEvent.refresh(version: 0).encoded)
    }
}
