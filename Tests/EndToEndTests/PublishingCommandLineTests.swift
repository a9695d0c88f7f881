import Foundation
import Testing

@Suite struct PublishingCommandLineTests {
    @Test func checkWarnsAboutARelativeLinkThatWillNotResolveAndStillSucceeds() throws {
        let folder = try makeTemporaryDirectory()
        let notebook = folder + "/notes.md"
        try """
            # Notes

            Read [the guide](guide.md) and see ![the plot](figures/plot.png).

            ```recbook
            data = load synthetic users=40 items=60 per-user=10
            ```
            """.write(toFile: notebook, atomically: true, encoding: .utf8)
        try "# Guide\n".write(toFile: folder + "/guide.md", atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(["check", notebook])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains(
            "\(notebook):3:36: warning: image 'figures/plot.png' does not exist (relative to the notebook); the reports will show it broken"))
        #expect(!run.standardError.contains("'guide.md'"))
        #expect(run.standardError.contains("1 warning"))
    }

    @Test func theReportsInAnotherFolderStillReachTheNotebooksFiles() throws {
        let folder = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/book", withIntermediateDirectories: true)
        let notebook = folder + "/book/notes.md"
        try """
            See [the guide](guide.md#start).

            ```recbook
            data = load synthetic users=40 items=60 per-user=10
            ```
            """.write(toFile: notebook, atomically: true, encoding: .utf8)
        try "# Guide\n".write(toFile: folder + "/book/guide.md", atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(["run", notebook, "--output", folder + "/site/run", "--no-cache", "--format", "html", "md"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try read(folder + "/site/run/notes.md").contains("See [the guide](../../book/guide.md#start)."))
        #expect(try read(folder + "/site/run/notes.html").contains("<p>See <a href=\"../../book/guide.md#start\">the guide</a>.</p>"))
    }
}
