import Foundation
import Testing

/// D3: a statement that stops recbook abruptly (a trap, or SIGKILL as when memory runs out)
/// must not lose the reports of the cells before it. `RECBOOK_TEST_CRASH` (debug builds only)
/// makes the statement on a given line trap or kill the process.
@Suite(.serialized) struct CrashCommandLineTests {
    /// Three cells; the statement on line 9 (cell 2) is the one made to stop.
    static let notebook = """
        # Three cells

        ```recbook
        data = load synthetic users=40 items=60 per-user=10
        stats data
        ```

        ```recbook
        parts = split data
        ```

        ```recbook
        stats data
        ```
        """

    static let trapMessage =
        "recbook stopped while running this statement (signal SIGILL: illegal instruction, a failed internal check); the cells before it are kept"
    static let killMessage =
        "recbook stopped while running this statement (signal SIGKILL: killed, as the system does when memory runs out); the cells before it are kept"

    /// Runs `arguments` with the statement on `line` stopping as `how` (`trap` or `kill`), and
    /// a private temporary folder for the journal, which must be gone afterwards.
    func runStopping(_ arguments: [String], atLine line: Int, how: String, in folder: String) throws -> CommandLineRun {
        let temporary = folder + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let run = try RecbookBinary.run(
            arguments, in: folder,
            environment: ["RECBOOK_TEST_CRASH": "\(line):\(how)", "SWIFT_BACKTRACE": "enable=no", "TMPDIR": temporary])
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, "the run's journal was left behind")
        return run
    }

    /// Starts `recbook` with `arguments` and returns at once, for a test that acts during the run.
    func startRun(_ arguments: [String], in folder: String, environment extra: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RecbookBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits (at most a minute) until a process paused at `pause` (`RECBOOK_PAUSE_WHILE`, made
    /// to exist beforehand) says so, and returns that process's id.
    func waitForPause(_ pause: String) throws -> pid_t {
        for _ in 0..<6000 {
            if let text = try? String(contentsOfFile: pause + ".paused", encoding: .utf8), let pid = pid_t(text) { return pid }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw PauseNeverReached()
    }

    struct PauseNeverReached: Error {}

    /// Whether process `pid` has ended (gone, or a zombie nobody has reaped yet).
    func hasEnded(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")"),
              let state = stat[stat.index(after: close)...].split(separator: " ").first
        else { return true }
        return state == "Z" || state == "X"
    }

    func cells(ofJSONReport path: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(report["cells"] as? [[String: Any]])
    }

    @Test func aTrapInTheSecondCellKeepsTheFirstCellsReportsAndReplacesTheSet() throws {
        let folder = try makeTemporaryDirectory()
        try Self.notebook.write(toFile: folder + "/three.md", atomically: true, encoding: .utf8)
        // A complete run first: its reports are the previous set the crashed run replaces.
        let first = try RecbookBinary.run(["run", "three.md", "-o", "out", "--no-cache", "--quiet"], in: folder)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(try cells(ofJSONReport: folder + "/out/three.json").map { $0["status"] as? String } == ["succeeded", "succeeded", "succeeded"])

        let run = try runStopping(["run", "three.md", "-o", "out", "--no-cache"], atLine: 9, how: "trap", in: folder)
        #expect(run.status == 3, "\(run.standardError)")
        #expect(run.standardError.contains("three.md:9:1: error: " + Self.trapMessage))

        // Every format is this run's: cell 1 with its outputs, cell 2 failed, cell 3 not run.
        let cells = try cells(ofJSONReport: folder + "/out/three.json")
        #expect(cells.map { $0["status"] as? String } == ["succeeded", "failed", "not-run"])
        let error = try #require(cells[1]["error"] as? [String: Any])
        #expect(error["message"] as? String == Self.trapMessage)
        #expect(error["line"] as? Int == 9)
        #expect(cells[2]["notRunReason"] as? String == "recbook stopped at line 9")
        let markdown = try read(folder + "/out/three.md")
        #expect(markdown.contains("| Users | 40 |") && markdown.contains("| Items | 60 |"))
        #expect(markdown.contains("**Status:** 1 of 3 cells failed, 1 not run"))
        #expect(markdown.contains("*Cell 3 · not run (recbook stopped at line 9)*"))
        let html = try read(folder + "/out/three.html")
        #expect(html.contains(Self.trapMessage))
        #expect(html.contains("Users") && html.contains(">40<"))

        // Nothing staged or temporary is left in the output folder.
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder + "/out"))
        #expect(left == [".recbook-files", ".recbook.lock", "three.html", "three.md", "three.json"])
    }

    @Test func aKilledWorkerKeepsTheFinishedStatementsCells() throws {
        let folder = try makeTemporaryDirectory()
        try Self.notebook.write(toFile: folder + "/three.md", atomically: true, encoding: .utf8)
        let run = try runStopping(["run", "three.md", "-o", "out", "--no-cache", "--format", "json"], atLine: 9, how: "kill", in: folder)
        #expect(run.status == 3, "\(run.standardError)")
        let cells = try cells(ofJSONReport: folder + "/out/three.json")
        #expect(cells.map { $0["status"] as? String } == ["succeeded", "failed", "not-run"])
        #expect((cells[1]["error"] as? [String: Any])?["message"] as? String == Self.killMessage)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder + "/out"))
        #expect(left == [".recbook-files", ".recbook.lock", "three.json"])
    }

    @Test func aCrashedNotebookShowsAsFailedInTheIndex() throws {
        let folder = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/notes", withIntermediateDirectories: true)
        // `a` runs first and finishes (a blank first line moves its statements off line 9);
        // `b` stops on line 9, as `three` does.
        try ("\n" + Self.notebook).write(toFile: folder + "/notes/a.md", atomically: true, encoding: .utf8)
        try Self.notebook.write(toFile: folder + "/notes/b.md", atomically: true, encoding: .utf8)
        let run = try runStopping(["run", "notes", "-o", "out", "--no-cache", "--format", "md"], atLine: 9, how: "trap", in: folder)
        #expect(run.status == 3, "\(run.standardError)")
        let index = try read(folder + "/out/index.md")
        #expect(index.contains("**Status:** 1 of 2 notebooks failed"))
        #expect(index.contains("| [a](a.md) (notes/a.md) | ✓ All 3 cells succeeded |"))
        #expect(index.contains("| [b](b.md) (notes/b.md) | ✗ 1 of 3 cells failed, 1 not run |"))
        #expect(try read(folder + "/out/b.md").contains(Self.trapMessage))
    }

    /// The notebooks after a stopped one still run, in a new worker, and the index lists them all.
    @Test func aFolderRunGoesOnAfterAKilledWorker() throws {
        let folder = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/notes", withIntermediateDirectories: true)
        // Only `b` has a statement on line 9: `a` and `c` have theirs moved down by blank lines.
        try ("\n" + Self.notebook).write(toFile: folder + "/notes/a.md", atomically: true, encoding: .utf8)
        try Self.notebook.write(toFile: folder + "/notes/b.md", atomically: true, encoding: .utf8)
        try ("\n\n" + Self.notebook).write(toFile: folder + "/notes/c.md", atomically: true, encoding: .utf8)
        let run = try runStopping(["run", "notes", "-o", "out", "--no-cache"], atLine: 9, how: "kill", in: folder)
        #expect(run.status == 3, "\(run.standardError)")
        #expect(run.standardError.contains("notes/b.md:9:1: error: " + Self.killMessage))
        #expect(run.standardError.contains("recbook: running the notebook after it in a new process"))
        #expect(run.standardError.contains("notes/c.md: all 3 cells succeeded"))
        #expect(run.standardError.contains("3 notebooks: 1 failed"))

        for name in ["a", "c"] {
            #expect(try cells(ofJSONReport: folder + "/out/\(name).json").map { $0["status"] as? String } == ["succeeded", "succeeded", "succeeded"])
            #expect(try read(folder + "/out/\(name).md").contains("**Status:** All 3 cells succeeded"))
            #expect(try read(folder + "/out/\(name).html").contains(">40<"))
        }
        let cells = try cells(ofJSONReport: folder + "/out/b.json")
        #expect(cells.map { $0["status"] as? String } == ["succeeded", "failed", "not-run"])
        #expect((cells[1]["error"] as? [String: Any])?["message"] as? String == Self.killMessage)
        let markdown = try read(folder + "/out/b.md")
        #expect(markdown.contains("| Users | 40 |") && markdown.contains("**Status:** 1 of 3 cells failed, 1 not run"))
        #expect(try read(folder + "/out/b.html").contains(Self.killMessage))

        let index = try read(folder + "/out/index.md")
        #expect(index.contains("**Status:** 1 of 3 notebooks failed"))
        #expect(index.contains("| [a](a.md) (notes/a.md) | ✓ All 3 cells succeeded |"))
        #expect(index.contains("| [b](b.md) (notes/b.md) | ✗ 1 of 3 cells failed, 1 not run |"))
        #expect(index.contains("| [c](c.md) (notes/c.md) | ✓ All 3 cells succeeded |"))
        let indexJSON = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/index.json"))) as? [String: Any])
        let listed = try #require(indexJSON["notebooks"] as? [[String: Any]])
        #expect(listed.map { $0["notebook"] as? String } == ["notes/a.md", "notes/b.md", "notes/c.md"])
        #expect(try read(folder + "/out/index.html").contains("c.html"))

        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder + "/out"))
        #expect(left == Set([".recbook-files", ".recbook.lock", "index.html", "index.md", "index.json"])
            .union(["a", "b", "c"].flatMap { ["\($0).html", "\($0).md", "\($0).json"] }))
    }

    /// A folder with `notes/a.md`, `b.md` and `c.md` (one statement each, on different lines),
    /// an empty `tmp/` for the journal, and the pause file `RECBOOK_PAUSE_WHILE` waits on.
    static func threeNotebooksAndAPause() throws -> (folder: String, pause: String) {
        let folder = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/notes", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/tmp", withIntermediateDirectories: true)
        try ("\n" + notebook).write(toFile: folder + "/notes/a.md", atomically: true, encoding: .utf8)
        try notebook.write(toFile: folder + "/notes/b.md", atomically: true, encoding: .utf8)
        try ("\n\n" + notebook).write(toFile: folder + "/notes/c.md", atomically: true, encoding: .utf8)
        let pause = folder + "/pause"
        try "".write(toFile: pause, atomically: true, encoding: .utf8)
        return (folder, pause)
    }

    /// The notebooks a crashed run goes on with are those it selected as it started: one added
    /// to the folder while it runs (here while the first notebook's reports are staged, paused)
    /// is not run by the worker that takes over.
    @Test func aNotebookAddedDuringTheRunIsNotRunAfterACrash() throws {
        let (folder, pause) = try Self.threeNotebooksAndAPause()
        let process = try startRun(["run", "notes", "-o", "out", "--no-cache", "--quiet"], in: folder, environment: [
            "RECBOOK_TEST_CRASH": "9:kill", "RECBOOK_PAUSE_WHILE": pause, "SWIFT_BACKTRACE": "enable=no", "TMPDIR": folder + "/tmp",
        ])
        _ = try waitForPause(pause)
        try ("\n\n\n" + Self.notebook).write(toFile: folder + "/notes/bb.md", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: pause)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3)
        let indexJSON = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/index.json"))) as? [String: Any])
        let listed = try #require(indexJSON["notebooks"] as? [[String: Any]])
        #expect(listed.map { $0["notebook"] as? String } == ["notes/a.md", "notes/b.md", "notes/c.md"])
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/bb.json"))
    }

    /// A notebook after the stopped one that no longer checks when the new worker reads it (here
    /// broken while the first notebook's reports are staged): the supervisor names it as not run
    /// instead of leaving it out of the index without a word.
    @Test func aNotebookThatStopsCheckingBeforeItsTurnIsNamedAsNotRun() throws {
        let (folder, pause) = try Self.threeNotebooksAndAPause()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RecbookBinary.path)
        process.arguments = ["run", "notes", "-o", "out", "--no-cache", "--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging([
            "RECBOOK_TEST_CRASH": "9:kill", "RECBOOK_PAUSE_WHILE": pause, "SWIFT_BACKTRACE": "enable=no", "TMPDIR": folder + "/tmp",
        ]) { _, new in new }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        _ = try waitForPause(pause)
        try "```recbook\nstats nothing\n```\n".write(toFile: folder + "/notes/c.md", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: pause)
        let standardError = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3, "\(standardError)")
        #expect(standardError.contains("notes/c.md:2:7: error: undefined name `nothing`"), "\(standardError)")
        #expect(standardError.contains(
            "error: the notebook after the stopped one did not run (notes/c.md): the process running it exited with status 64, as for a notebook that does not check (its errors are above)"),
            "\(standardError)")
        let indexJSON = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/index.json"))) as? [String: Any])
        let listed = try #require(indexJSON["notebooks"] as? [[String: Any]])
        #expect(listed.map { $0["notebook"] as? String } == ["notes/a.md", "notes/b.md"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/tmp").isEmpty, "a journal was left behind")
    }

    /// `timeout -s KILL` or a lost terminal ends the supervisor without a word to its worker:
    /// the worker must stop too (here while its reports are staged, paused), leaving no report.
    @Test func aKilledSupervisorTakesItsWorkerWithIt() throws {
        let folder = try makeTemporaryDirectory()
        try Self.notebook.write(toFile: folder + "/three.md", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/tmp", withIntermediateDirectories: true)
        // The pause lasts until the file is removed (or a minute): the worker must end long before.
        let pause = folder + "/pause"
        try "".write(toFile: pause, atomically: true, encoding: .utf8)
        let process = try startRun(["run", "three.md", "-o", "out", "--no-cache", "--quiet"], in: folder, environment: [
            "RECBOOK_PAUSE_WHILE": pause, "TMPDIR": folder + "/tmp",
        ])
        let worker = try waitForPause(pause)
        #expect(worker != process.processIdentifier)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        for _ in 0..<3000 where !hasEnded(worker) { Thread.sleep(forTimeInterval: 0.01) }
        #expect(hasEnded(worker), "the worker outlived its supervisor by 30 s")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder + "/out")
        #expect(left.filter { !$0.hasPrefix(".recbook") }.isEmpty, "\(left)")
        #expect(!left.contains { $0.hasPrefix(".recbook-staging") }, "\(left)")
        // The supervisor could not remove its journal; the worker did.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/tmp").isEmpty)
    }

    /// A journal variable left in the environment (a copied shell line, say) does not make a
    /// worker of a run: the run supervises its own worker, recovers from its crash, and never
    /// writes into the file the variable names.
    @Test func aJournalVariableLeftInTheEnvironmentMakesNoWorker() throws {
        let folder = try makeTemporaryDirectory()
        try Self.notebook.write(toFile: folder + "/three.md", atomically: true, encoding: .utf8)
        try "mine\n".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        let temporary = folder + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let run = try RecbookBinary.run(
            ["run", "three.md", "-o", "out", "--no-cache", "--quiet"], in: folder,
            environment: ["RECBOOK_TEST_CRASH": "9:kill", "SWIFT_BACKTRACE": "enable=no", "TMPDIR": temporary,
                          "RECBOOK_RUN_JOURNAL": folder + "/notes.txt"])
        #expect(run.status == 3, "\(run.standardError)")
        #expect(try read(folder + "/notes.txt") == "mine\n")
        #expect(try cells(ofJSONReport: folder + "/out/three.json").map { $0["status"] as? String } == ["succeeded", "failed", "not-run"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, "the run's journal was left behind")
    }

    /// Two notebooks stopping: each gets its reports, and the ones between and after still run.
    @Test func everyStoppedNotebookIsSkippedInTurn() throws {
        let folder = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/notes", withIntermediateDirectories: true)
        try Self.notebook.write(toFile: folder + "/notes/a.md", atomically: true, encoding: .utf8)
        try ("\n" + Self.notebook).write(toFile: folder + "/notes/b.md", atomically: true, encoding: .utf8)
        try Self.notebook.write(toFile: folder + "/notes/c.md", atomically: true, encoding: .utf8)
        try ("\n" + Self.notebook).write(toFile: folder + "/notes/d.md", atomically: true, encoding: .utf8)
        let run = try runStopping(["run", "notes", "-o", "out", "--no-cache", "--format", "md", "--quiet"], atLine: 9, how: "trap", in: folder)
        #expect(run.status == 3, "\(run.standardError)")
        let index = try read(folder + "/out/index.md")
        #expect(index.contains("**Status:** 2 of 4 notebooks failed"))
        for (name, status) in [("a", "✗ 1 of 3 cells failed, 1 not run"), ("b", "✓ All 3 cells succeeded"),
                               ("c", "✗ 1 of 3 cells failed, 1 not run"), ("d", "✓ All 3 cells succeeded")] {
            #expect(index.contains("| [\(name)](\(name).md) (notes/\(name).md) | \(status) |"))
            #expect(FileManager.default.fileExists(atPath: folder + "/out/\(name).md"))
        }
    }

    /// A worker killed while it writes a notebook's reports, after every cell finished: the folder
    /// must end with one complete set, never a mix of two, and nothing staged or temporary.
    /// `RECBOOK_TEST_CRASH=staged:kill` kills it once the set is staged (the old set still in
    /// place), `moving:kill` once the first file is moved (a mix on disk). Either way the
    /// supervisor writes the new set from the journal, which holds every cell.
    func runKilledWhileWritingReports(at point: String, earlierFormats: [String]) throws {
        let folder = try makeTemporaryDirectory()
        try Self.notebook.write(toFile: folder + "/three.md", atomically: true, encoding: .utf8)
        let earlier = try RecbookBinary.run(["run", "three.md", "-o", "out", "--no-cache", "--quiet", "--format"] + earlierFormats, in: folder)
        #expect(earlier.status == 0, "\(earlier.standardError)")
        #expect(try read(folder + "/out/three.json").contains("users=40"))

        // The new version has 41 users, so each file tells which set it belongs to.
        try Self.notebook.replacing("users=40", with: "users=41").write(toFile: folder + "/three.md", atomically: true, encoding: .utf8)
        let temporary = folder + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let run = try RecbookBinary.run(
            ["run", "three.md", "-o", "out", "--no-cache"], in: folder,
            environment: ["RECBOOK_TEST_CRASH": point + ":kill", "SWIFT_BACKTRACE": "enable=no", "TMPDIR": temporary])
        #expect(run.status == 3, "\(run.standardError)")
        #expect(run.standardError.contains(
            "error: recbook stopped after the last cell of three.md (signal SIGKILL: killed, as the system does when memory runs out); its reports are written from the finished cells"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)

        // Exactly one complete set, the new one: every cell of the new version succeeded.
        let everything = try #require(FileManager.default.subpaths(atPath: folder + "/out")).sorted()
        #expect(everything == [".recbook-files", ".recbook.lock", "three.html", "three.json", "three.md"])
        #expect(try cells(ofJSONReport: folder + "/out/three.json").map { $0["status"] as? String } == ["succeeded", "succeeded", "succeeded"])
        #expect(try read(folder + "/out/three.json").contains("users=41"))
        let markdown = try read(folder + "/out/three.md")
        #expect(markdown.contains("| Users | 41 |") && markdown.contains("**Status:** All 3 cells succeeded"))
        let html = try read(folder + "/out/three.html")
        #expect(html.contains(">41<") && !html.contains(">40<"))
        #expect(try read(folder + "/out/.recbook-files") == "three.html\nthree.json\nthree.md\n")
    }

    @Test func aWorkerKilledWithItsReportsStagedLeavesOneCompleteSet() throws {
        try runKilledWhileWritingReports(at: "staged", earlierFormats: ["html", "md", "json"])
    }

    /// The earlier set is the JSON report alone, so the HTML report the dead worker moved into
    /// place is a file the earlier record did not list: the supervisor must still replace it.
    @Test func aWorkerKilledHalfwayThroughMovingItsReportsLeavesOneCompleteSet() throws {
        try runKilledWhileWritingReports(at: "moving", earlierFormats: ["json"])
    }

    @Test func withoutACrashTheRunExitsAsTheWorkerDid() throws {
        let folder = try makeTemporaryDirectory()
        try Self.notebook.write(toFile: folder + "/three.md", atomically: true, encoding: .utf8)
        // A crash switch for another line changes nothing.
        let run = try runStopping(["run", "three.md", "-o", "out", "--no-cache", "--quiet"], atLine: 99, how: "trap", in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try cells(ofJSONReport: folder + "/out/three.json").map { $0["status"] as? String } == ["succeeded", "succeeded", "succeeded"])
    }

    /// With the value cache on, statements run under placeholder names and progress passes
    /// through another observer: the statement that stopped must still be the one named.
    @Test func withTheCacheOnTheStoppedStatementIsNamed() throws {
        let folder = try makeTemporaryDirectory()
        let notebook = Self.notebook.replacing("parts = split data\n", with: "parts = split data\npop = train mostpop data\n")
        try notebook.write(toFile: folder + "/three.md", atomically: true, encoding: .utf8)
        let run = try runStopping(["run", "three.md", "-o", "out", "--cache", "cache", "--format", "json"], atLine: 10, how: "kill", in: folder)
        #expect(run.status == 3, "\(run.standardError)")
        let cells = try cells(ofJSONReport: folder + "/out/three.json")
        #expect(cells.map { $0["status"] as? String } == ["succeeded", "failed", "not-run"])
        #expect((cells[1]["error"] as? [String: Any])?["line"] as? Int == 10)
        #expect(cells[2]["notRunReason"] as? String == "recbook stopped at line 10")
    }

    /// The index row and the JSON report of a stopped notebook say what the cache did in the
    /// cells that finished, as they do for one that finished (they once said "no cache").
    @Test func aStoppedNotebookCountsWhatTheCacheServedItsFinishedCells() throws {
        let folder = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/notes", withIntermediateDirectories: true)
        try ("\n" + Self.notebook).write(toFile: folder + "/notes/a.md", atomically: true, encoding: .utf8)
        try Self.notebook.write(toFile: folder + "/notes/b.md", atomically: true, encoding: .utf8)
        let arguments = ["run", "notes", "-o", "out", "--cache", "cache", "--format", "md", "--format", "json", "--quiet"]
        let filling = try RecbookBinary.run(arguments, in: folder)
        #expect(filling.status == 0, "\(filling.standardError)")
        let run = try runStopping(arguments, atLine: 9, how: "kill", in: folder)
        #expect(run.status == 3, "\(run.standardError)")
        // b's first cell, its two statements served from the cache, is all that finished.
        let index = try read(folder + "/out/index.md")
        #expect(index.contains("| [b](b.md) (notes/b.md) | ✗ 1 of 3 cells failed, 1 not run |"), "\(index)")
        let row = try #require(index.split(separator: "\n").first { $0.hasPrefix("| [b](b.md)") })
        #expect(row.contains("| 2 of 2 statements |"), "\(row)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/b.json"))) as? [String: Any])
        let cache = try #require((report["manifest"] as? [String: Any])?["cache"] as? [String: Any])
        #expect(cache["hits"] as? Int == 2 && cache["computed"] as? Int == 0 && cache["folder"] as? String == "cache", "\(cache)")
    }

    /// With no folder to hold a journal, the run still runs, in one process, and says that it
    /// has no crash protection instead of dropping it silently.
    @Test func withoutATemporaryFolderTheRunSaysItHasNoCrashProtection() throws {
        let folder = try makeTemporaryDirectory()
        try Self.notebook.write(toFile: folder + "/three.md", atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(
            ["run", "three.md", "-o", "out", "--no-cache", "--quiet"], in: folder, environment: ["TMPDIR": folder + "/missing"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.hasPrefix(
            "warning: cannot create the run's journal in \(folder)/missing (No such file or directory); set TMPDIR to a writable folder; "
                + "this run goes on in one process, so an abrupt stop (a failed internal check, a memory fault, SIGKILL) loses the reports of the notebook it stops\n"),
            "\(run.standardError)")
        #expect(run.standardError.components(separatedBy: "warning:").count == 2, "warned more than once: \(run.standardError)")
        #expect(try cells(ofJSONReport: folder + "/out/three.json").map { $0["status"] as? String } == ["succeeded", "succeeded", "succeeded"])
    }
}
