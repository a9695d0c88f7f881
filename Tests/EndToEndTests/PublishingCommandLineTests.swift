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
