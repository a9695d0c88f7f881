import Foundation
import RecbookRuntime
import Testing
#if canImport(Glibc)
import Glibc
#endif
import NotebookDocument
import RecbookResults
@testable import RecbookFiles
@testable import RecbookReports

/// What recbook may write in an output folder, and that a set of reports is replaced whole.
@Suite struct OutputFolderTests {
    /// A fresh folder, removed after the test.
    static func scratch() -> String {
        let folder = "/tmp/recbook-output-folder-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(folder, 0o755)
        return folder
    }

    static func write(_ text: String, _ path: String) {
        let file = fopen(path, "w")!
        fputs(text, file)
        fclose(file)
    }

    static func reports(_ folder: String, name: String = "x") throws -> ReportWriter {
        try ReportWriter(outputDirectory: folder, name: name, catalogue: .standard)
    }

    @Test func aLockHeldElsewhereIsSaidOnceThenWaitedFor() throws {
        let folder = Self.scratch()
        defer { _ = try? FileManager.default.removeItem(atPath: folder) }
        // Free: nothing is said.
        var said = 0
        do { _ = try OutputFolder(folder) { said += 1 } }
        #expect(said == 0)

        // Held through another open file (as another process holds it): said once, then waited for.
        let held = open(folder + "/" + OutputFolder.lockName, O_RDWR)
        #expect(flock(held, LOCK_EX) == 0)
        let waiting = DispatchSemaphore(value: 0), locked = DispatchSemaphore(value: 0)
        let counter = Counter()
        Thread.detachNewThread {
            let taken = try? OutputFolder(folder) {
                counter.add()
                waiting.signal()
            }
            _ = withExtendedLifetime(taken) { locked.signal() }
        }
        #expect(waiting.wait(timeout: .now() + 10) == .success)
        // Still waiting while the lock is held.
        #expect(locked.wait(timeout: .now() + 0.3) == .timedOut)
        flock(held, LOCK_UN)
        close(held)
        #expect(locked.wait(timeout: .now() + 10) == .success)
        #expect(counter.value == 1)
    }

    @Test func theNotebookItselfIsNeverOverwritten() throws {
        // D1: `recbook run notes/x.md -o notes` must not replace the notebook by its Markdown report.
        let folder = Self.scratch()
        defer { removeTree(folder) }
        let notebookPath = folder + "/x.md"
        Self.write("# my notes\n", notebookPath)
        let notebook = try NotebookParser.parse(path: notebookPath)
        let error = try #require(throws: OutputFolder.Failure.self) {
            try Self.reports(folder).write(notebook: notebook, result: SampleRun.result(), formats: [.html, .md, .json])
        }
        #expect(error.message == "refusing to write \(folder)/x.md: it is an input of this run (\(notebookPath)); choose another output folder")
        #expect(readText(notebookPath) == "# my notes\n")
        // Nothing of the set was written.
        #expect(listFolder(folder).filter { !$0.hasPrefix(".recbook") } == ["x.md"])
    }

    @Test func aRecordThatCannotBeSavedLeavesTheFolderAndItsRecordAsTheyWere() throws {
        let folder = Self.scratch()
        defer { removeTree(folder) }
        let inSet: (String) -> Bool = { $0.hasPrefix("x") }
        do {
            let first = try OutputFolder(folder)
            try first.replaceSet([("x.html", Array("old html".utf8)), ("x.json", Array("old json".utf8))], belongsToSet: inSet)
        }
        let record = folder + "/" + OutputFolder.recordName
        #expect(readText(record) == "x.html\nx.json\n")
        let output = try OutputFolder(folder)
        // A folder where the record goes: the set is staged, then saving the record fails before any move.
        unlink(record)
        #expect(mkdir(record, 0o755) == 0)
        let error = try #require(throws: OutputFolder.Failure.self) {
            try output.replaceSet(
                [("x.html", Array("new html".utf8)), ("x.json", Array("new json".utf8)), ("x_files/chart-1.svg", Array("<svg/>".utf8))],
                belongsToSet: inSet)
        }
        #expect(error.message.contains(record), "\(error.message)")
        #expect(readText(folder + "/x.html") == "old html" && readText(folder + "/x.json") == "old json")
        #expect(listFolder(folder).sorted() == [".recbook-files", ".recbook.lock", "x.html", "x.json"])
        // The record in memory forgot the new file too: saved now, it is the old one.
        #expect(rmdir(record) == 0)
        try output.saveRecord()
        #expect(readText(record) == "x.html\nx.json\n")
    }

    @Test func aFileRecbookDidNotWriteIsNeverOverwritten() throws {
        let folder = Self.scratch()
        defer { removeTree(folder) }
        Self.write("{\"mine\": true}\n", folder + "/x.json")
        let error = try #require(throws: OutputFolder.Failure.self) {
            try Self.reports(folder).write(notebook: try SampleRun.notebook(), result: SampleRun.result(), formats: [.html, .json])
        }
        #expect(error.message == "refusing to overwrite \(folder)/x.json: recbook did not write it; move it away or choose another output folder")
        #expect(readText(folder + "/x.json") == "{\"mine\": true}\n")
        #expect(!listFolder(folder).contains("x.html"))
    }

    @Test func reportsFromBeforeTheRecordAreRecognisedAndReplaced() throws {
        let folder = Self.scratch()
        defer { removeTree(folder) }
        Self.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta name=\"generator\" content=\"recbook 0.1.0\">\n", folder + "/x.html")
        try Self.reports(folder).write(notebook: try SampleRun.notebook(), result: SampleRun.result(), formats: [.html])
        #expect(try #require(readText(folder + "/x.html")).contains("<footer>"))
    }

    @Test func aRerunReplacesTheWholeSetAndRemovesStaleCharts() throws {
        let folder = Self.scratch()
        defer { removeTree(folder) }
        let notebook = try SampleRun.notebook()
        try Self.reports(folder).write(notebook: notebook, result: SampleRun.result(), formats: [.md])
        #expect(listFolder(folder + "/x_files").sorted() == ["chart-1.svg", "chart-2.svg"])
        // The same notebook, now with a single chart: chart-2.svg belonged to the old set.
        var fewer = SampleRun.result()
        for index in fewer.cells.indices {
            var dropped = false
            fewer.cells[index].outputs.removeAll { output in
                if case .chart = output, !dropped, index > 0 { dropped = true; return true }
                return false
            }
        }
        try Self.reports(folder).write(notebook: notebook, result: fewer, formats: [.md])
        #expect(listFolder(folder + "/x_files") == ["chart-1.svg"])
        #expect(readText(folder + "/.recbook-files") == "x.md\nx_files/chart-1.svg\n")
        // No staging folder or temporary file is left behind.
        #expect(listFolder(folder).sorted() == [".recbook-files", ".recbook.lock", "x.md", "x_files"])
    }

    @Test func aSetThatCannotBeCompletedLeavesThePreviousOneAsItWas() throws {
        let folder = Self.scratch()
        defer { removeTree(folder) }
        let notebook = try SampleRun.notebook()
        try Self.reports(folder).write(notebook: notebook, result: SampleRun.result(), formats: [.html, .json])
        let before = readText(folder + "/x.html")
        // Something other than a file where the JSON report goes: the set is refused whole.
        unlink(folder + "/x.json")
        mkdir(folder + "/x.json", 0o755)
        var changed = SampleRun.result()
        changed.title = "changed"
        #expect(throws: OutputFolder.Failure.self) {
            try Self.reports(folder).write(notebook: notebook, result: changed, formats: [.html, .json])
        }
        #expect(readText(folder + "/x.html") == before)
        #expect(!listFolder(folder).contains { $0.hasPrefix(".recbook-staging") })
    }

    @Test func exportsGoInsideTheOutputFolderAndAreRecorded() throws {
        let folder = Self.scratch()
        defer { removeTree(folder) }
        let output = try OutputFolder(folder)
        try output.write(Array("a\n".utf8), to: "exports/bpr/users.txt")
        try output.saveRecord()
        #expect(readText(folder + "/exports/bpr/users.txt") == "a\n")
        #expect(readText(folder + "/.recbook-files") == "exports/bpr/users.txt\n")
        // Writing it again is fine: recbook wrote it.
        try output.write(Array("b\n".utf8), to: "exports/bpr/users.txt")
        #expect(readText(folder + "/exports/bpr/users.txt") == "b\n")
    }
}

/// Paths in reports are relative to the working directory.
@Suite struct PathDisplayTests {
    @Test(arguments: [
        ("/a/b/c.tsv", "/a/d", "../b/c.tsv"),
        ("/a/b/c.tsv", "/a/b", "c.tsv"),
        ("/tmp/x", "/work/main", "../../tmp/x"),
        ("/work/main", "/work/main", "."),
        ("/a/./b", "/a", "b"),
    ])
    func relative(path: String, base: String, expected: String) {
        #expect(PathDisplay.relative(path, from: base) == expected)
    }

    @Test func relativePathsAreKeptAsWritten() {
        #expect(PathDisplay.relativeToWorkingDirectory("../shared/data/x.tsv") == "../shared/data/x.tsv")
    }
}

/// A count shared with a thread.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}
