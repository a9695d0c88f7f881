import ArgumentParser
import Foundation
import NotebookDocument
import RecbookFiles
import RecbookReports
import RecbookResults

/// `recbook run` runs its notebooks in a worker: the same program started again with the same
/// arguments and `RECBOOK_RUN_JOURNAL` naming a journal file. The worker does everything a run
/// does (console output, reports, index) and records each finished cell in the journal. When
/// it dies abruptly (a trap, a memory fault, SIGKILL when memory runs out), this process writes
/// the reports from the journal: the cells that finished, the one that was running marked
/// failed with the signal's name, the rest not run; and exits with `RecbookExit.stopped`.
/// SIGINT and SIGTERM are passed to the worker, which cleans up as it always has.
struct RunSupervisor {
    let terminal: Terminal
    let output: String
    let formats: Set<ReportFormat>
    let quiet: Bool
    /// The index's title when the run writes one.
    let indexTitle: String?

    /// Runs the worker to its end and exits as it did (or as `RecbookExit.stopped`). Returns
    /// false when no worker could be started (no temporary folder, say): the caller runs the
    /// notebooks itself, as recbook did before workers.
    func superviseWorker() throws -> Bool {
        guard let journal = makeJournal() else { return false }
        defer { unlink(journal) }
        guard let status = spawnWorker(journal: journal) else { return false }
        let signal = status & 0x7f
        if signal == 0 {
            let code = (status >> 8) & 0xff
            if code != 0 { throw ExitCode(code) }
            return true
        }
        if signal == SIGINT || signal == SIGTERM {
            // Interrupted: the worker removed its staging; end the same way.
            unlink(journal)
            SystemCall.signal(signal, SIG_DFL)
            raise(signal)
        }
        try recover(from: readJournal(journal), signal: signal)
        throw RecbookExit.stopped
    }

    private func makeJournal() -> String? {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder + "/recbook-journal-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        close(descriptor)
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Starts the worker, passes it SIGINT and SIGTERM, and returns its wait status.
    private func spawnWorker(journal: String) -> Int32? {
        var environment = ProcessInfo.processInfo.environment
        environment[RunJournalWriter.environmentVariable] = journal
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        let environmentStrings = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            arguments.forEach { free($0) }
            environmentStrings.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/proc/self/exe", nil, nil, arguments, environmentStrings)
        guard spawned == 0 else { return nil }
        supervisedWorker = pid
        SystemCall.signal(SIGINT, forwardToWorker)
        SystemCall.signal(SIGTERM, forwardToWorker)
        // Whoever started recbook may have blocked them; they must reach us to be passed on.
        var interrupts = sigset_t()
        sigemptyset(&interrupts)
        sigaddset(&interrupts, SIGINT)
        sigaddset(&interrupts, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &interrupts, nil)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        supervisedWorker = 0
        return status
    }

    /// Writes the reports (and the index) from what the dead worker recorded.
    private func recover(from events: [JournalEvent], signal: Int32) throws {
        var finished: [RunIndex.Entry] = []
        var current: (reportName: String, result: RunResult)?
        var runningCell: Int?
        var runningLine: Int?
        for event in events {
            switch event {
            case .notebookStarted(let reportName, let result):
                current = (reportName, result)
                runningCell = nil
                runningLine = nil
            case .cellStarted(let index): runningCell = index
            case .statementStarted(let line): runningLine = line
            case .cellFinished(let cell):
                current?.result.cells.append(cell)
                runningCell = nil
            case .notebookFinished(let entry):
                finished.append(entry)
                current = nil
            }
        }
        let message = CrashMessages.stopped(signal: signal)
        guard let current else {
            // It stopped outside any notebook's cells (say, writing the index): nothing to recover.
            terminal.line(terminal.styled("error:", .red) + " " + CrashMessages.stoppedOutsideCells(signal: signal))
            return
        }
        let path = current.result.notebookPath
        let notebook: Notebook
        do { notebook = try NotebookParser.parse(path: path) } catch {
            terminal.line(terminal.styled("error:", .red) + " \(error)")
            return
        }
        var result = current.result
        result.cells = CrashRecovery.cells(
            of: notebook, finished: result.cells, runningCell: runningCell, runningLine: runningLine, message: message)
        result.manifest.totalSeconds = result.cells.reduce(0) { $0 + $1.seconds }
        if let failed = result.cells.first(where: { $0.status == .failed && $0.error?.identifier == CrashRecovery.identifier }),
           let error = failed.error {
            terminal.line("\(terminal.styled("✗", .red)) cell \(failed.index + 1) \(terminal.styled("\(path):\(failed.range.lowerBound.line)", .dim)) stopped")
            terminal.line(terminal.styled(error.headline, .red))
        } else {
            // Every cell had finished: it stopped while writing the reports.
            terminal.line(terminal.styled("error:", .red) + " " + CrashMessages.stoppedAfterCells(path, signal: signal))
        }
        do {
            let folder = try OutputFolder(output)
            folder.removeAbandonedStaging()
            let writer = ReportWriter(folder: folder, name: current.reportName, catalogue: .standard)
            let written = try writer.write(notebook: notebook, result: result, formats: formats)
            for file in written where !quiet || file.hasSuffix(".html") { terminal.line("  report: \(file)") }
            if let indexTitle {
                let entries = finished + [RunIndex.Entry(notebook: notebook, result: result, reportName: current.reportName, formats: formats)]
                let index = RunIndex(title: indexTitle, recbookVersion: result.manifest.recbookVersion, notebooks: entries)
                for file in try IndexWriter(folder: folder).write(index, formats: formats) where !quiet || file.hasSuffix(".html") {
                    terminal.line("  index: \(file)")
                }
            }
        } catch {
            terminal.line(terminal.styled("error:", .red) + " \(error)")
        }
    }
}

/// The worker being supervised, for the signal handler (0: none).
nonisolated(unsafe) private var supervisedWorker: pid_t = 0

private func forwardToWorker(_ signal: Int32) {
    if supervisedWorker > 0 { kill(supervisedWorker, signal) }
}

/// A crashed notebook's cells, as its reports show them.
enum CrashRecovery {
    /// The identifier of the failure a crashed statement's cell reports.
    static let identifier = "recbook-stopped"

    /// The finished cells as they were; the running one failed with `message` at the statement
    /// that was running; every later cell not run.
    static func cells(
        of notebook: Notebook, finished: [CellResult], runningCell: Int?, runningLine: Int?, message: String
    ) -> [CellResult] {
        var cells = finished
        var stoppedLine: Int?
        for cell in notebook.cells where cell.index >= finished.count {
            if cell.index == runningCell {
                let line = runningLine ?? cell.range.lowerBound.line
                stoppedLine = line
                cells.append(CellResult(
                    index: cell.index, range: cell.range, status: .failed, seconds: 0, outputs: [],
                    error: RunError(
                        file: notebook.path, location: SourceLocation(line: line, column: 1), identifier: identifier,
                        message: message)))
            } else {
                cells.append(CellResult(
                    index: cell.index, range: cell.range, status: .notRun, seconds: 0, outputs: [],
                    notRunReason: CrashMessages.notRun(stoppedAtLine: stoppedLine)))
            }
        }
        return cells
    }
}

/// What recbook says when its worker stops abruptly, in one place.
enum CrashMessages {
    static func stopped(signal: Int32) -> String {
        "recbook stopped while running this statement (signal \(signalDescription(signal))); the cells before it are kept"
    }

    static func stoppedOutsideCells(signal: Int32) -> String {
        "recbook stopped outside any cell (signal \(signalDescription(signal))); the reports of notebooks that finished are kept"
    }

    static func stoppedAfterCells(_ notebook: String, signal: Int32) -> String {
        "recbook stopped after the last cell of \(notebook) (signal \(signalDescription(signal))); its reports are written from the finished cells"
    }

    static func notRun(stoppedAtLine line: Int?) -> String {
        line.map { "recbook stopped at line \($0)" } ?? "recbook stopped before this cell"
    }

    static func signalDescription(_ signal: Int32) -> String {
        switch signal {
        case SIGILL: "SIGILL: illegal instruction, a failed internal check"
        case SIGTRAP: "SIGTRAP: trace trap, a failed internal check"
        case SIGABRT: "SIGABRT: aborted, a failed internal check"
        case SIGSEGV: "SIGSEGV: segmentation fault, an invalid memory access"
        case SIGBUS: "SIGBUS: bus error, an invalid memory access"
        case SIGFPE: "SIGFPE: arithmetic exception"
        case SIGKILL: "SIGKILL: killed, as the system does when memory runs out"
        default: "\(signal)"
        }
    }
}
