import Foundation
import Testing

/// `recbook run --quiet` and `--seed`, as a user sees them: what reaches the terminal, and
/// which seed the run uses.
@Suite struct CommandLineOptionTests {
    static let notebook = """
        ---
        seed: 5
        ---
        # Notes

        ```recbook
        data = load synthetic users=40 items=60 per-user=10
        bpr = train bprmf data factors=4 epochs=1 batch=32
        e = evaluate bpr k=10
        ```

        AUC is `= e.auc`.
        """

    static let failing = """
        # F

        ```recbook
        data = load synthetic users=40 items=60 per-user=10
        ```

        ```recbook
        other = load "/nonexistent/recbook-data"
        ```
        """

    /// A folder holding `name` with `text`; the CLI runs inside it, so paths print relative.
    static func folder(_ name: String, _ text: String) throws -> String {
        let folder = try makeTemporaryDirectory()
        try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        return folder
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test func quietPrintsOnlyTheSummaryAndTheHTMLReport() throws {
        let folder = try Self.folder("x.md", Self.notebook)
        let loud = try RecbookBinary.run(["run", "x.md", "-o", "loud", "--no-cache"], in: folder)
        #expect(loud.status == 0 && loud.standardOutput.isEmpty)
        let loudLines = Self.lines(loud.standardError)
        #expect(loudLines.first?.hasPrefix("✓ cell 1 x.md:6 ") == true, "\(loud.standardError)")
        #expect(Array(loudLines.suffix(3)) == ["  report: loud/x.html", "  report: loud/x.md", "  report: loud/x.json"])

        let quiet = try RecbookBinary.run(["run", "x.md", "-o", "quiet", "--no-cache", "--quiet"], in: folder)
        #expect(quiet.status == 0 && quiet.standardOutput.isEmpty)
        let quietLines = Self.lines(quiet.standardError)
        #expect(quietLines.count == 2, "\(quiet.standardError)")
        #expect(quietLines.first?.hasPrefix("x.md: the cell succeeded in ") == true)
        #expect(quietLines.last == "  report: quiet/x.html")
        // Quiet changes what is printed, not what is written.
        for file in ["x.html", "x.md", "x.json"] { #expect(FileManager.default.fileExists(atPath: folder + "/quiet/" + file)) }
    }

    @Test func quietStillPrintsFailuresWithTheirLocation() throws {
        let folder = try Self.folder("f.md", Self.failing)
        let run = try RecbookBinary.run(["run", "f.md", "-o", "out", "--no-cache", "--quiet"], in: folder)
        #expect(run.status == 1)
        let lines = Self.lines(run.standardError)
        #expect(lines.first?.hasPrefix("✗ cell 2 f.md:7 failed after ") == true, "\(run.standardError)")
        #expect(lines.contains("f.md:8:14: error: cannot load `/nonexistent/recbook-data`: /nonexistent/recbook-data: cannot open file: No such file or directory"))
        #expect(!run.standardError.contains("✓ cell 1"))
        #expect(lines.last == "  report: out/f.html")
    }

    /// The run's seed (from the JSON manifest) and the cited AUC.
    static func seedAndAUC(_ folder: String, _ arguments: [String]) throws -> (seed: Int?, auc: String?) {
        let output = "out-\(UUID().uuidString)"
        let run = try RecbookBinary.run(["run", "x.md", "-o", output, "--no-cache", "--quiet"] + arguments, in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + output + "/x.json"))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let seed = (json?["manifest"] as? [String: Any])?["seed"] as? Int
        let citation = (json?["citations"] as? [[String: Any]])?.first?["text"] as? String
        return (seed, citation)
    }

    @Test func seedFlagTakesPrecedenceOverTheFrontMatter() throws {
        let folder = try Self.folder("x.md", Self.notebook)
        let front = try Self.seedAndAUC(folder, [])
        let same = try Self.seedAndAUC(folder, ["--seed", "5"])
        let flag = try Self.seedAndAUC(folder, ["--seed", "6"])
        #expect(front.seed == 5 && same.seed == 5 && flag.seed == 6)
        #expect(front.auc != nil && front.auc == same.auc)
        #expect(flag.auc != front.auc, "--seed 6 must replace the front matter's seed 5 in every draw")

        // Without front matter the seed is 42, as if given with --seed.
        let bare = try Self.folder("x.md", Self.notebook.replacingOccurrences(of: "---\nseed: 5\n---\n", with: ""))
        let fallback = try Self.seedAndAUC(bare, [])
        let explicit = try Self.seedAndAUC(bare, ["--seed", "42"])
        #expect(fallback.seed == 42 && explicit.seed == 42 && fallback.auc == explicit.auc)
    }
}
