import Foundation
#if canImport(Glibc)
import Glibc
#endif
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

    /// A folder with a one-statement notebook and an `Output/` whose lock the test holds, as
    /// another run or a refreshing preview would, and recbook started on them with `arguments`
    /// (NOTEBOOK and OUTPUT replaced).
    final class HeldOutputFolder {
        let folder: String
        let held: Int32
        let process = Process()
        let errors = OutputCollector()

        init(_ arguments: [String]) throws {
            folder = try makeTemporaryDirectory()
            try "```recbook\ndata = load synthetic users=40 items=60 per-user=10\n```\n"
                .write(toFile: folder + "/notes.md", atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(atPath: folder + "/Output", withIntermediateDirectories: true)
            held = open(folder + "/Output/.recbook.lock", O_RDWR | O_CREAT, 0o644)
            guard flock(held, LOCK_EX) == 0 else { throw PreviewTestError("cannot hold the lock") }
            process.executableURL = URL(fileURLWithPath: RecbookBinary.path)
            process.arguments = arguments.map {
                $0.replacingOccurrences(of: "NOTEBOOK", with: folder + "/notes.md").replacingOccurrences(of: "OUTPUT", with: folder + "/Output")
            }
            process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { $1 }
            let err = Pipe()
            process.standardError = err
            process.standardOutput = Pipe()
            errors.collect(err.fileHandleForReading)
            try process.run()
        }

        func release() { flock(held, LOCK_UN) }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            close(held)
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    @Test func aRunIntoAFolderAnotherRecbookHoldsSaysItWaitsThenRuns() throws {
        let held = try HeldOutputFolder(["run", "NOTEBOOK", "--output", "OUTPUT", "--no-cache"])
        let message = "waiting for the output folder \(held.folder)/Output: another recbook is writing into it (a run, or a preview while it runs the notebook)"
        #expect(eventually(seconds: 30) { held.errors.text.contains(message) }, "\(held.errors.text)")
        #expect(held.process.isRunning)
        #expect(!FileManager.default.fileExists(atPath: held.folder + "/Output/notes.html"))
        held.release()
        #expect(eventually(seconds: 30) { !held.process.isRunning })
        #expect(held.process.terminationStatus == 0, "\(held.errors.text)")
        #expect(FileManager.default.fileExists(atPath: held.folder + "/Output/notes.html"))
        #expect(held.errors.text.components(separatedBy: message).count == 2, "said once")
    }

    /// Foundation's `Process` starts its children with most signals blocked: recbook unblocks
    /// SIGINT and SIGTERM as it starts, so a preview waiting for a lock can still be stopped
    /// (a run's supervisor unblocks them for its worker too).
    @Test func aPreviewWaitingForALockEndsOnSIGTERM() throws {
        let held = try HeldOutputFolder(["preview", "NOTEBOOK", "--port", "0", "--output", "OUTPUT"])
        #expect(eventually(seconds: 30) { held.errors.text.contains("waiting for the output folder") }, "\(held.errors.text)")
        kill(held.process.processIdentifier, SIGTERM)
        #expect(eventually(seconds: 10) { !held.process.isRunning }, "SIGTERM did not end a preview waiting for the lock")
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

    /// `--set data=/abs/…` must not put the author's machine into the reports: an absolute
    /// path in a string parameter is recorded relative to the working directory, alone or
    /// in a list, from `--set` or from the front matter (`tags` is unused: only a warning).
    @Test func anAbsolutePathGivenWithSetIsRecordedRelativeInEveryReport() throws {
        let folder = try makeTemporaryDirectory()
        let generated = try RecbookBinary.run(["generate", folder + "/Data/tiny", "--users", "30", "--items", "40", "--seed", "3"])
        #expect(generated.status == 0, "\(generated.standardError)")
        try """
            ---
            params:
              data: "Data/other"
              tags: ["/not/here", "plain"]
            ---

            ```recbook
            data = load $data
            stats data
            ```
            """.write(toFile: folder + "/nb.md", atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(
            ["run", "nb.md", "-o", "out", "--no-cache", "--quiet", "--set", "data=\(folder)/Data/tiny"], in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        // `folder` is /a/b/…: `/not/here` seen from it climbs one `..` per component.
        let up = String(repeating: "../", count: folder.split(separator: "/").count)

        let markdown = try read(folder + "/out/nb.md")
        #expect(markdown.contains("""
            ### Parameters

            | Name | Value |
            |---|---|
            | `data` | `"Data/tiny"` |
            | `tags` | `["\(up)not/here", "plain"]` |

            """))
        let html = try read(folder + "/out/nb.html")
        #expect(html.contains("<tr><td><code>data</code></td><td><code>&quot;Data/tiny&quot;</code></td></tr>\n"))
        #expect(html.contains("<tr><td><code>tags</code></td><td><code>[&quot;\(up)not/here&quot;, &quot;plain&quot;]</code></td></tr>\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/nb.json"))) as? [String: Any])
        let manifest = try #require(json["manifest"] as? [String: Any])
        let parameters = try #require(manifest["parameters"] as? [[String: String]])
        #expect(parameters == [["name": "data", "value": "\"Data/tiny\""], ["name": "tags", "value": "[\"\(up)not/here\", \"plain\"]"]])
        for report in [markdown, html, try read(folder + "/out/nb.json")] {
            #expect(!report.contains(folder), "a report names the machine's folder \(folder)")
        }
    }
}
