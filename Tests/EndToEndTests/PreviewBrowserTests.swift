import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `recbook preview` end to end: a real server process, a real notebook file edited on disk, and
/// headless Chromium reading the page (a fresh load with `--dump-dom`) and keeping one tab open
/// (its title, read from the DevTools HTTP endpoint, shows that the open page reloaded itself).
@Suite(.serialized) struct PreviewBrowserTests {
    @Test func thePreviewServesAndStopsCleanlyOnSIGINT() throws {
        let preview = try PreviewProcess(notebook: PreviewNotebook.text(title: "Plain", word: "firstword"))
        defer { preview.end() }
        let page = try #require(preview.fetch("/"))
        #expect(page.contains("firstword"))
        #expect(page.contains("new EventSource(\"/events\")"))
        #expect(page.contains("from cache") || page.contains("computed"))
        #expect(preview.interruptAndWait() == 0)
        #expect(preview.standardError.contains("recbook preview: stopped"))

        // The report `run` writes of the same notebook has none of the preview's additions, and
        // every value comes from the entries the preview cached: both compute in the same program.
        let run = try RecbookBinary.run(["run", preview.notebookPath, "--output", preview.folder + "/reports"])
        #expect(run.status == 0, "\(run.standardError)")
        let cells = run.standardError.split(separator: "\n").filter { $0.contains(": the cell succeeded") }
        #expect(!cells.isEmpty)
        for cell in cells {
            let counts = cell.firstMatch(of: /\((\d+) of (\d+) statements from the cache/)
            #expect(counts != nil && counts?.1 == counts?.2, "\(cell)")
        }
        let report = try read(preview.folder + "/reports/nb.html")
        #expect(report.contains("firstword"))
        #expect(!report.contains("EventSource") && !report.contains("recbook-preview"))
    }

    @Test func aKilledPreviewTakesItsServerWithIt() throws {
        let preview = try PreviewProcess(notebook: PreviewNotebook.text(title: "Killed", word: "killed"))
        defer { preview.end() }
        #expect(preview.fetch("/")?.contains("killed") == true)
        // SIGKILL leaves recbook no chance to stop the server: the server ends because its input does.
        #expect(preview.interruptAndWait(with: SIGKILL) == SIGKILL)
        #expect(eventually(seconds: 10) { preview.fetch("/") == nil })
    }

    @Test func aRunIntoThePreviewsOutputFolderDoesNotWaitForThePreviewToStop() throws {
        let preview = try PreviewProcess(notebook: PreviewNotebook.text(title: "Shared", word: "shared"))
        defer { preview.end() }
        // The preview locks its output folder only while it runs the notebook.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RecbookBinary.path)
        process.arguments = ["run", preview.notebookPath, "--output", preview.folder + "/Output", "--quiet"]
        process.standardError = Pipe()
        process.standardOutput = Pipe()
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        #expect(eventually(seconds: 60) { !process.isRunning }, "the run waited for the preview")
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: preview.folder + "/Output/nb.html"))
        // And the preview goes on.
        try preview.edit(PreviewNotebook.text(title: "Shared", word: "again"))
        #expect(eventually { preview.fetch("/")?.contains("again") == true })
    }

    @Test func aServerThatStopsEndsThePreviewWithExit69() throws {
        let preview = try PreviewProcess(notebook: PreviewNotebook.text(title: "Orphan", word: "orphan"))
        defer { preview.end() }
        let pid = preview.process.processIdentifier
        let children = try String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)
        let server = try #require(children.split(separator: " ").first.flatMap { pid_t($0) })
        kill(server, SIGKILL)
        // The next page it sends (after this edit) finds the server gone.
        try preview.edit(PreviewNotebook.text(title: "Orphan", word: "again"))
        #expect(eventually { !preview.process.isRunning })
        #expect(preview.process.terminationStatus == 69)
        #expect(preview.standardError.contains("error: the preview's server program has stopped; start recbook preview again"), "\(preview.standardError)")
    }

    @Test func aPortInUseIsBadUsageBeforeAnythingRuns() throws {
        let first = try PreviewProcess(notebook: PreviewNotebook.text(title: "First", word: "first"))
        defer { first.end() }
        let port = try #require(first.url.split(separator: ":").last.map { String($0.dropLast()) })
        let started = Date()
        let second = try RecbookBinary.run(["preview", first.notebookPath, "--port", port, "--output", first.folder + "/Output2"])
        // The bind error is reported as it happens, not after a wait for the server to listen (FlyingFox's waitUntilListening waited out its 5 s).
        #expect(Date().timeIntervalSince(started) < 4.5)
        #expect(second.status == 64)
        #expect(second.standardError.hasPrefix("error: cannot serve on 127.0.0.1:\(port): "), "\(second.standardError)")
        #expect(second.standardError.contains("Address already in use"), "\(second.standardError)")
        #expect(!second.standardError.contains("computed"), "nothing ran")
    }

    @Test func withoutItsServerProgramThePreviewSaysHowToBuildIt() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // recbook alone in a folder: its sibling program is missing.
        let (status, text) = try previewWithCopiedRecbook(in: folder)
        #expect(status == 64)
        #expect(text == "error: recbook preview serves through the program recbook-preview-server, built beside recbook: "
            + "cannot start \(folder)/recbook-preview-server (No such file or directory); build it with "
            + "`swift build -c release --product recbook-preview-server` (without `-c release` beside a debug recbook)\n")
    }

    @Test func aServerThatNeverAnswersIsStoppedAndSaidSo() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A "server" that starts and then says nothing, as a hung one would.
        let server = folder + "/recbook-preview-server"
        try "#!/bin/sh\necho $$ > \"$0.pid\"\nexec sleep 60\n".write(toFile: server, atomically: true, encoding: .utf8)
        chmod(server, 0o755)
        let started = Date()
        let (status, text) = try previewWithCopiedRecbook(in: folder, environment: ["RECBOOK_TEST_SERVER_ANSWER_SECONDS": "3"])
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(status == 64)
        #expect(text == "error: cannot serve on 127.0.0.1:0: its server program did not say within 3 s whether it listens, and was stopped\n")
        let pid = try #require(pid_t(try read(server + ".pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the silent server was left running")
    }

    /// Runs `recbook preview` of an empty notebook with a copy of recbook in `folder` (so its
    /// server program is whatever `folder` holds); returns its exit status and standard error.
    private func previewWithCopiedRecbook(in folder: String, environment: [String: String] = [:]) throws -> (Int32, String) {
        let copy = folder + "/recbook"
        try FileManager.default.copyItem(atPath: RecbookBinary.path, toPath: copy)
        try "# Empty\n".write(toFile: folder + "/nb.md", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: copy)
        process.arguments = ["preview", folder + "/nb.md", "--port", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment.merging(["NO_COLOR": "1"]) { $1 }) { $1 }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func anOptionChangeRecomputesOnlyTheStatementsThatDependOnIt() throws {
        let preview = try PreviewProcess(notebook: PreviewNotebook.text(title: "Options", word: "options", bprEpochs: 1))
        defer { preview.end() }
        #expect(preview.fetch("/")?.contains("5 statements computed, 0 from cache") == true)
        try preview.edit(PreviewNotebook.text(title: "Options", word: "options", bprEpochs: 2))
        // The load, the most-popular model and its evaluation come from the cache; BPR-MF and
        // its evaluation are computed again, and the page says so per statement.
        #expect(eventually { preview.fetch("/")?.contains("2 statements computed, 3 from cache") == true },
                "\(preview.fetch("/").flatMap(PreviewProcess.status) ?? "no page")")
        let page = try #require(preview.fetch("/"))
        #expect(page.contains("epochs=2"))
        #expect(page.components(separatedBy: "<span class=\"cache cache-hit\">from cache").count - 1 == 3)
        #expect(page.components(separatedBy: "<span class=\"cache\">computed").count - 1 == 2)
        // A prose edit after that computes nothing.
        try preview.edit(PreviewNotebook.text(title: "Options", word: "prose", bprEpochs: 2))
        #expect(eventually { preview.fetch("/")?.contains("0 statements computed, 5 from cache") == true })
        #expect(preview.interruptAndWait(with: SIGTERM) == 0)
    }

    @Test func aDataFileEditReRunsAndARunTimeFailureShowsAsInTheReport() throws {
        let preview = try PreviewProcess(notebook: PreviewNotebook.text(title: "Data", word: "data"))
        defer { preview.end() }
        #expect(preview.fetch("/")?.contains("3,280 training") == true)

        // The data files the run read are watched too: one training line fewer is seen and loaded.
        let training = preview.dataPath + "/trainingset.tsv"
        var lines = try String(contentsOfFile: training, encoding: .utf8).split(separator: "\n")
        lines.removeLast()
        try (lines.joined(separator: "\n") + "\n").write(toFile: training, atomically: true, encoding: .utf8)
        #expect(eventually { preview.fetch("/")?.contains("3,279 training") == true })
        #expect(preview.fetch("/").flatMap(PreviewProcess.status)?.contains("3 statements computed, 0 from cache") == true)

        // A failure at run time is not a check error: the failed cell shows as in the report, no banner.
        try preview.edit(PreviewNotebook.text(title: "Data", word: "data").replacingOccurrences(of: "DATA", with: "DATA/missing"))
        #expect(eventually { preview.fetch("/")?.contains("cell cell-failed") == true })
        let page = try #require(preview.fetch("/"))
        #expect(page.contains("cannot load"))
        #expect(!page.contains("id=\"recbook-preview-banner\"") && !page.contains("[stale]"))
        #expect(preview.interruptAndWait() == 0)
    }

    @Test func checkerWarningsShowOnTheConsoleAndOverTheFreshPage() throws {
        let notebook = PreviewNotebook.text(title: "Warned", word: "warned")
            .replacingOccurrences(of: "seed: 1\n", with: "seed: 1\nparams:\n  leftover: 3\n")
        let preview = try PreviewProcess(notebook: notebook)
        defer { preview.end() }
        let warning = preview.notebookPath + ":5:3: warning: parameter `leftover` is declared but no statement uses `$leftover`"
        let page = try #require(preview.fetch("/"))
        #expect(page.contains("<div class=\"recbook-preview-banner recbook-preview-warnings\" id=\"recbook-preview-banner\">"))
        #expect(page.contains(warning))
        #expect(page.contains("3 statements computed") && !page.contains("[stale]"))
        #expect(preview.standardError.contains(warning))

        // Once the parameter is used, the banner goes.
        try preview.edit(notebook.replacingOccurrences(of: "k=10", with: "k=$leftover"))
        #expect(eventually { preview.fetch("/")?.contains("id=\"recbook-preview-banner\"") == false })
        #expect(preview.interruptAndWait() == 0)
    }

    // Chromium is a system package (scripts/test.sh installs it with apt when missing); without
    // it this test is skipped, and says why.
    @Test(.enabled(if: Chromium.path != nil && Chromium.curlPath != nil, "Chromium or curl is not installed (apt-get install chromium curl)"))
    func theOpenPageFollowsEditsErrorsAndRecovery() throws {
        let preview = try PreviewProcess(notebook: PreviewNotebook.text(title: "Preview one", word: "firstword"))
        defer { preview.end() }
        let tab = try Chromium.Tab(url: preview.url)
        defer { tab.close() }
        #expect(eventually { tab.title() == "Preview one" }, "the tab shows \(tab.title() ?? "nothing")")
        #expect(try Chromium.dumpDOM(preview.url).contains("firstword"))

        // A prose edit (and a new title): the open tab reloads by itself.
        try preview.edit(PreviewNotebook.text(title: "Preview two", word: "secondword"))
        #expect(eventually { tab.title() == "Preview two" }, "the tab shows \(tab.title() ?? "nothing")")
        let edited = try Chromium.dumpDOM(preview.url)
        #expect(edited.contains("secondword") && !edited.contains("firstword"))
        #expect(edited.contains("from cache"))

        // A statement that does not check: the diagnostics over the last good outputs, marked stale.
        try preview.edit(PreviewNotebook.text(title: "Preview two", word: "secondword", popOptions: " lr=0.1"))
        #expect(eventually { tab.title() == "[stale] Preview two" }, "the tab shows \(tab.title() ?? "nothing")")
        let broken = try Chromium.dumpDOM(preview.url)
        #expect(broken.contains("id=\"recbook-preview-banner\""))
        #expect(broken.contains("does not check"))
        #expect(broken.contains("error:") && broken.contains("lr=0.1") && broken.contains("^"))
        #expect(broken.contains("secondword"))
        #expect(preview.standardError.contains("error:"))

        // Fixed again: fresh outputs, no banner.
        try preview.edit(PreviewNotebook.text(title: "Preview three", word: "thirdword"))
        #expect(eventually { tab.title() == "Preview three" }, "the tab shows \(tab.title() ?? "nothing")")
        let recovered = try Chromium.dumpDOM(preview.url)
        #expect(!recovered.contains("id=\"recbook-preview-banner\"") && recovered.contains("thirdword"))
        #expect(preview.interruptAndWait() == 0)
    }
}

enum PreviewNotebook {
    /// One cell; with `bprEpochs`, a second model (BPR-MF) and its evaluation in the same cell.
    static func text(title: String, word: String, popOptions: String = "", bprEpochs: Int? = nil) -> String {
        let bpr = bprEpochs.map { "\nbpr = train bprmf data factors=8 epochs=\($0) batch=64\nbpreval = evaluate bpr k=10" } ?? ""
        return """
        ---
        title: \(title)
        seed: 1
        ---

        The \(word) paragraph.

        ```recbook
        data = load "DATA"
        pop = train mostpop data\(popOptions)
        result = evaluate pop k=10\(bpr)
        ```

        """
    }
}

/// `recbook preview` on a temporary notebook with small generated data, on a free port.
final class PreviewProcess {
    let folder: String
    let notebookPath: String
    let process = Process()
    let url: String
    private let errors = OutputCollector()

    init(notebook: String) throws {
        folder = try makeTemporaryDirectory()
        let data = folder + "/data"
        let generated = try RecbookBinary.run(["generate", data, "--users", "60", "--items", "120", "--seed", "3"])
        guard generated.status == 0 else { throw PreviewTestError("generate failed: \(generated.standardError)") }
        notebookPath = folder + "/nb.md"
        try notebook.replacingOccurrences(of: "DATA", with: data).write(toFile: notebookPath, atomically: true, encoding: .utf8)

        process.executableURL = URL(fileURLWithPath: RecbookBinary.path)
        process.arguments = ["preview", notebookPath, "--port", "0", "--threads", "2", "--output", folder + "/Output"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        errors.collect(err.fileHandleForReading)
        try process.run()
        // The first line names the address: "recbook preview: http://127.0.0.1:PORT/ (…)".
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        let text = String(decoding: line, as: UTF8.self)
        guard let start = text.range(of: "http://"), let end = text[start.lowerBound...].firstIndex(of: " ") else {
            process.terminate()
            throw PreviewTestError("no address in \(text); standard error: \(errors.text)")
        }
        url = String(text[start.lowerBound..<end])
        dataPath = data
        // The first run is done once the page has outputs.
        guard eventually({ self.fetch("/")?.contains("recbook-preview-status") == true && self.fetch("/")?.contains("refreshed at") == true })
        else { throw PreviewTestError("the first run did not finish: \(errors.text)") }
    }

    let dataPath: String

    var standardError: String { errors.text }

    /// The page's status line.
    static func status(_ page: String) -> String? {
        guard let start = page.range(of: "id=\"recbook-preview-status\">"), let end = page[start.upperBound...].firstIndex(of: "<") else { return nil }
        return String(page[start.upperBound..<end])
    }

    func fetch(_ path: String) -> String? {
        guard let url = URL(string: url + path.dropFirst()), let data = try? Data(contentsOf: url) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Saves the notebook as an editor does: a new file renamed over the old one.
    func edit(_ notebook: String) throws {
        try notebook.replacingOccurrences(of: "DATA", with: dataPath).write(toFile: notebookPath, atomically: true, encoding: .utf8)
    }

    /// Sends `signal` (Ctrl-C's SIGINT unless told) and waits up to 10 s; the exit code, or -1.
    func interruptAndWait(with signal: Int32 = SIGINT) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        guard !process.isRunning else { return -1 }
        return process.terminationStatus
    }

    func end() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// Headless Chromium, found on PATH's usual places.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Foundation's URLSession fails on the DevTools endpoint's replies ("Failed writing header"); curl reads them.
    static let curlPath: String? = ["/usr/bin/curl", "/usr/local/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func curl(_ url: String) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: curlPath!)
        process.arguments = ["-s", "--max-time", "2", url]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }

    /// Flags for a root user in a container with no display.
    static let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"]

    /// The page's DOM after a fresh load, in a browser of its own.
    static func dumpDOM(_ url: String) throws -> String {
        let profile = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = flags + ["--user-data-dir=\(profile)", "--dump-dom", url]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// A browser with one tab open on a page, kept open; its title is read from the DevTools endpoint.
    final class Tab {
        let process = Process()
        let profile: String

        init(url: String) throws {
            profile = try makeTemporaryDirectory()
            process.executableURL = URL(fileURLWithPath: path!)
            process.arguments = flags + ["--user-data-dir=\(profile)", "--remote-debugging-port=0", url]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        /// The open page's title now, or nil before the browser answers.
        func title() -> String? {
            // Chromium writes the port it chose on the first line of this file.
            guard let active = try? String(contentsOfFile: profile + "/DevToolsActivePort", encoding: .utf8),
                  let port = active.split(separator: "\n").first,
                  let data = curl("http://127.0.0.1:\(port)/json/list"),
                  let targets = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
            else { return nil }
            return targets.first { $0["type"] as? String == "page" }?["title"] as? String
        }

        func close() {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(atPath: profile)
        }
    }
}

/// Polls `condition` every 50 ms for up to `seconds`; whether it became true.
func eventually(seconds: Double = 30, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(50_000)
    }
    return condition()
}

struct PreviewTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Collects a pipe's output on a background thread, so the child never blocks on a full pipe.
final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    private var atEnd = false

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    /// Whether the writer closed its end and everything it wrote is in `text`.
    var ended: Bool { lock.withLock { atEnd } }

    func collect(_ handle: FileHandle) {
        Thread.detachNewThread {
            while case let chunk = handle.availableData, !chunk.isEmpty {
                self.lock.withLock { self.data += chunk }
            }
            self.lock.withLock { self.atEnd = true }
        }
    }
}
