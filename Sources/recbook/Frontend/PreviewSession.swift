#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecbookFiles
import RecbookPreview
import RecbookReports
import RecbookResults
import RecbookRuntime
import RecommenderKit

/// One notebook under preview: each refresh checks it again and, when it checks, runs it
/// through the value cache and renders the page; when it does not, the page keeps the last
/// good report and shows the diagnostics over it.
struct PreviewSession {
    let frontend: NotebookFrontend
    let notebookPath: String
    let seed: UInt64?
    let threads: Int
    /// The folder `export` statements write into; locked only while the notebook runs, so a
    /// `recbook run` into it waits for one refresh at most, not for the preview to stop.
    let outputPath: String
    let cache: CacheSettings
    /// The HTML report of the last version that checked and ran.
    private(set) var lastReport: String?
    /// The data files the last run read, from its manifest.
    private(set) var dataFiles: [String] = []

    /// How often the watched files are looked at: a save shows within about this long.
    static let pollMicroseconds: UInt32 = 100_000
    /// After a change, files are looked at again this often until they are still …
    static let settleMicroseconds: UInt32 = 15_000
    /// … but no more times than this.
    static let settlePolls = 5
    /// A keep-alive comment goes to the event streams every 15 s.
    static let pollsPerKeepAlive = 150

    init(frontend: NotebookFrontend, notebookPath: String, seed: UInt64?, threads: Int, outputPath: String, cache: CacheSettings) {
        self.frontend = frontend
        self.notebookPath = notebookPath
        self.seed = seed
        self.threads = threads
        self.outputPath = outputPath
        self.cache = cache
    }

    /// The notebook and the data files its last run read.
    var watchedPaths: [String] { [notebookPath] + dataFiles }

    /// Checks and, when it checks, runs the notebook; returns the page to serve.
    mutating func refresh() -> PreviewPage {
        let clock = Stopwatch()
        let terminal = frontend.terminal
        let report = frontend.examine(notebookPath)
        if !report.groups.isEmpty { terminal.write(frontend.format(report, useColor: terminal.usesColor)) }
        guard let checked = report.checked else {
            terminal.line(PreviewConsoleText.doesNotCheck(time: clockTime(), notebook: notebookPath))
            return PreviewPage(
                report: lastReport, diagnostics: frontend.format(report, useColor: false),
                status: PreviewText.failedStatus(time: clockTime(), errors: report.errorCount))
        }
        let output: OutputFolder
        do {
            output = try OutputFolder(outputPath) { terminal.line(OutputFolder.waitingMessage(outputPath)) }
        } catch {
            terminal.line(terminal.styled("error:", .red) + " \(error)")
            return PreviewPage(
                report: lastReport, diagnostics: "error: \(error)", headline: PreviewText.outputFolderHeadline,
                status: PreviewText.failedStatus(time: clockTime(), errors: 1))
        }
        let configuration = RunConfiguration(
            seed: seed ?? checked.notebook.frontMatter.seed ?? RunConfiguration.defaultSeed, threads: threads, output: output,
            cache: cache)
        let observer = ConsoleRunObserver(terminal: terminal, notebookPath: notebookPath, quiet: true)
        let result = NotebookRunner(notebook: checked.notebook, program: checked.program, configuration: configuration).run(observer: observer)
        let html = HTMLReportRenderer(catalogue: .standard).render(notebook: checked.notebook, result: result)
        lastReport = html
        dataFiles = result.manifest.dataFiles.map(\.path)

        let records = result.cells.flatMap(\.statements)
        let fromCache = records.count { $0.source == .cache }
        let computed = records.count - fromCache
        let failed = result.cells.count { $0.status == .failed }
        let seconds = formatSeconds(clock.seconds)
        terminal.line(PreviewConsoleText.ran(
            time: clockTime(), notebook: notebookPath, failedCells: failed, seconds: seconds, computed: computed, fromCache: fromCache))
        // Warnings do not stop the run; the page shows them over the fresh outputs.
        return PreviewPage(
            report: html, warnings: report.groups.isEmpty ? nil : frontend.format(report, useColor: false), status: PreviewText.status(time: clockTime(), computed: computed, fromCache: fromCache, seconds: seconds))
    }
}

/// What `recbook preview` prints, in one place (the page's texts are in `PreviewText`).
enum PreviewConsoleText {
    static func address(port: UInt16, notebook: String) -> String {
        "recbook preview: http://127.0.0.1:\(port)/ (\(notebook); Ctrl-C stops)"
    }

    static func cannotServe(port: Int, reason: String) -> String { "cannot serve on 127.0.0.1:\(port): \(reason)" }

    static func cannotStartServer(_ program: String, reason: String) -> String {
        "recbook preview serves through the program \(PreviewServerProcess.programName), built beside recbook: "
            + "cannot start \(program) (\(reason)); build it with `swift build -c release --product \(PreviewServerProcess.programName)` "
            + "(without `-c release` beside a debug recbook)"
    }

    static func serverEndedSilently(status: Int32) -> String {
        "its server program ended (exit status \(status)) before it listened"
    }

    static func serverDidNotAnswer(within allowance: Duration) -> String {
        "its server program did not say within \(allowance.components.seconds) s whether it listens, and was stopped"
    }

    static let serverStopped = "the preview's server program has stopped; start recbook preview again"

    static let stopped = "\nrecbook preview: stopped"

    static func doesNotCheck(time: String, notebook: String) -> String {
        "\(time) \(notebook): does not check; the page keeps the last good outputs, marked stale"
    }

    static func ran(time: String, notebook: String, failedCells: Int, seconds: String, computed: Int, fromCache: Int) -> String {
        let outcome = failedCells == 0 ? "ran" : "\(failedCells) cell\(failedCells == 1 ? "" : "s") failed"
        return "\(time) \(notebook): \(outcome) in \(seconds) (\(computed) computed, \(fromCache) from cache)"
    }
}

/// The local time of day, HH:MM:SS.
private func clockTime() -> String {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
}
