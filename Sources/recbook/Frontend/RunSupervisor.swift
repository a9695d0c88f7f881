import ArgumentParser
import Foundation
import NotebookDocument
import RecbookFiles
import RecbookReports
import RecbookResults
import RecbookRuntime
import RecommenderKit

/// `recbook run` runs its notebooks in a worker: the same program started again with the same
/// arguments and `RECBOOK_RUN_JOURNAL` naming a journal file. The worker does everything a run
/// does (console output, reports, index) and records each finished cell in the journal. When
/// it dies abruptly (a trap, a memory fault, SIGKILL when memory runs out), this process writes
/// the reports from the journal: the cells that finished, the one that was running marked
/// failed with the signal's name, the rest not run. In a run of several notebooks it then
/// starts a new worker for the notebooks after the stopped one (`remainingVariable`), and so
/// on until every notebook has run or stopped, and writes the index of them all itself. It
/// exits with `RecbookExit.stopped`. SIGINT and SIGTERM are passed to the worker, which cleans
/// up as it always has.
struct RunSupervisor {
    let terminal: Terminal
    let output: String
    let formats: Set<ReportFormat>
    let quiet: Bool
    /// The index's title when the run writes one.
    let indexTitle: String?
    /// Every notebook of the run, in the order the worker runs them.
    let notebooks: [String]
    /// The value cache folder of each notebook that runs with one.
    let cacheFolders: [String: String]

    /// The environment variable that makes a worker run only some of the selected notebooks
    /// (a JSON array of their paths as selected) and leave the index to its supervisor.
    static let remainingVariable = "RECBOOK_RUN_REMAINING"

    /// The notebooks a worker should run: those `RECBOOK_RUN_REMAINING` names, in the
    /// selection's order; nil when it is not set (every notebook, and the worker writes the index).
    static func remainingFromEnvironment() -> Set<String>? {
        guard let value = getenv(remainingVariable),
              let paths = try? JSONDecoder().decode([String].self, from: Data(String(cString: value).utf8))
        else { return nil }
        return Set(paths)
    }

    /// A first worker that has ended, and its journal.
    struct EndedWorker {
        let journal: String
        let status: Int32
    }

    /// How the first worker of `recbook run` went.
    enum FirstWorker {
        /// It ran and ended; the supervisor is nil when the arguments did not parse here.
        case ended(EndedWorker, supervisor: RunSupervisor?)
        /// None could be started (`reason` says why); this process runs the notebooks itself.
        case notStarted(reason: String)
    }

    /// Starts the first worker of `recbook run` before this process reads its arguments, reads
    /// them while the worker starts (silently: the worker reports their mistakes), and waits for
    /// it. Reading them first would put a second parse before every run's first statement;
    /// reading them only after a crash would select the notebooks again, later than the worker did.
    static func runFirstWorker() -> FirstWorker {
        let journal: String
        do { journal = try makeJournal() } catch { return .notStarted(reason: error.description) }
        let pid: pid_t
        do { pid = try startWorker(journal: journal, remaining: nil) } catch {
            removeJournal(journal)
            return .notStarted(reason: error.description)
        }
        let supervisor = (try? RecbookCommand.parseAsRoot(Array(CommandLine.arguments.dropFirst())) as? RunCommand)
            .flatMap { try? $0.supervisor(terminal: Terminal()) }
        return .ended(EndedWorker(journal: journal, status: wait(for: pid)), supervisor: supervisor)
    }

    /// Ends this process as its first worker ended: with its exit code; after an interrupt or a
    /// crash, through `superviseAfterCrash`.
    static func finish(_ first: EndedWorker, supervisor: RunSupervisor?) -> Never {
        if first.status & 0x7f == 0 {
            removeJournal(first.journal)
            exit((first.status >> 8) & 0xff)
        }
        do {
            // No supervisor: the arguments did not parse here, though the worker ran with them.
            guard let supervisor else { throw RecbookExit.stopped }
            try supervisor.superviseAfterCrash(first)
        } catch {
            RecbookCommand.exit(withError: error)
        }
    }

    /// After `first` ended by a signal: ends this process the same way after an interrupt;
    /// after a crash, writes the stopped notebook's reports from the journal, runs the notebooks
    /// after it in new workers (recovering from each that crashes in turn), writes the index of
    /// them all and throws `RecbookExit.stopped`.
    func superviseAfterCrash(_ first: EndedWorker) throws -> Never {
        // nil while handling the first worker, which ran every notebook.
        var remaining: [String]?
        // The index entries so far, in run order.
        var entries: [RunIndex.Entry] = []
        var ended = first
        while true {
            let events = readJournal(ended.journal)
            Self.removeJournal(ended.journal)
            let signal = ended.status & 0x7f
            if signal == 0 {
                // A worker after a crash ended: its notebooks that finished join the index.
                let finished = Self.finishedEntries(events)
                entries += finished
                let ran = Set(finished.map(\.notebook))
                let missing = (remaining ?? []).filter { !ran.contains($0) }
                if !missing.isEmpty {
                    terminal.line(terminal.styled("error:", .red) + " " + CrashMessages.resumedWorkerFailed(missing, status: (ended.status >> 8) & 0xff))
                }
                break
            }
            if signal == SIGINT || signal == SIGTERM {
                // Interrupted: the worker removed its staging; end the same way.
                SystemCall.signal(signal, SIG_DFL)
                raise(signal)
            }
            let recovered = recover(from: events, signal: signal)
            entries += recovered.entries
            // The notebooks after the stopped one (or, stopped between notebooks, after the last
            // that finished) still run, in a new worker.
            let ran = remaining ?? notebooks
            guard let last = recovered.stoppedNotebook ?? recovered.entries.last?.notebook, let position = ran.firstIndex(of: last),
                  position + 1 < ran.count
            else { break }
            let next = Array(ran[(position + 1)...])
            remaining = next
            if !quiet { terminal.line(CrashMessages.resuming(next.count)) }
            guard let journal = try? Self.makeJournal() else {
                terminal.line(terminal.styled("error:", .red) + " " + CrashMessages.cannotResume(next.count))
                break
            }
            guard let pid = try? Self.startWorker(journal: journal, remaining: next) else {
                Self.removeJournal(journal)
                terminal.line(terminal.styled("error:", .red) + " " + CrashMessages.cannotResume(next.count))
                break
            }
            ended = EndedWorker(journal: journal, status: Self.wait(for: pid))
        }
        if let indexTitle, !entries.isEmpty { writeIndex(entries, title: indexTitle) }
        throw RecbookExit.stopped
    }

    /// The index of every notebook that ran or stopped, as the worker would have written it.
    private func writeIndex(_ entries: [RunIndex.Entry], title: String) {
        do {
            let folder = try OutputFolder(output) { terminal.line(OutputFolder.waitingMessage(output)) }
            folder.removeAbandonedStaging()
            try writeRunIndex(entries, title: title, folder: folder, formats: formats, quiet: quiet, terminal: terminal)
        } catch {
            terminal.line(terminal.styled("error:", .red) + " \(error)")
        }
    }

    /// A new, empty journal file in `$TMPDIR` (else `/tmp`), removed however this process ends.
    private static func makeJournal() throws(JournalUnavailable) -> String {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder + "/recbook-journal-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw JournalUnavailable(folder: folder, reason: String(cString: strerror(errno))) }
        close(descriptor)
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Removed however this process ends, an interrupt during a recovery included.
        SignalCleanup.register(path)
        return path
    }

    /// posix_spawn's error number.
    struct WorkerUnavailable: Error, CustomStringConvertible {
        let code: Int32
        var description: String { CrashMessages.cannotStart(errno: code) }
    }

    struct JournalUnavailable: Error, CustomStringConvertible {
        let folder: String
        let reason: String
        var description: String { CrashMessages.noJournal(folder: folder, reason: reason) }
    }

    private static func removeJournal(_ path: String) {
        unlink(path)
        SignalCleanup.unregister(path)
    }

    /// The variable naming the read end of the supervisor's lifeline, in a worker.
    static let lifelineVariable = "RECBOOK_RUN_LIFELINE"

    /// A pipe whose write end only this process holds (close-on-exec), for the life of the
    /// process; workers inherit the read end, which reads end-of-file once this process is gone,
    /// however it ended (`followSupervisor`). Nil when no pipe could be made.
    private static let lifeline: Int32? = {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        guard fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0 else {
            close(ends[0])
            close(ends[1])
            return nil
        }
        return ends[0]
    }()

    /// In a worker: ends it by SIGTERM (which removes its staging, so nothing half-written
    /// remains) once its supervisor is gone, killed by SIGKILL (`timeout -s KILL`, say) or by a
    /// hang-up, so a killed `recbook run` stops computing and writes nothing more.
    static func followSupervisor() {
        guard let value = getenv(lifelineVariable), let descriptor = Int32(String(cString: value)) else { return }
        let journal = getenv(RunJournalWriter.environmentVariable).map { String(cString: $0) }
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while read(descriptor, &byte, 1) < 0 && errno == EINTR {}
            // Nobody is left to read the journal or to remove it.
            if let journal { unlink(journal) }
            raise(SIGTERM)
        }
    }

    /// The variable naming the supervisor's process, which a worker checks is its parent: a
    /// journal variable alone (left in a user's environment, say) does not make a worker.
    static let supervisorVariable = "RECBOOK_RUN_SUPERVISOR"

    /// Starts a worker and passes it SIGINT and SIGTERM until it ends (`wait(for:)`).
    private static func startWorker(journal: String, remaining: [String]?) throws(WorkerUnavailable) -> pid_t {
        var environment = ProcessInfo.processInfo.environment
        environment[RunJournalWriter.environmentVariable] = journal
        environment[supervisorVariable] = String(getpid())
        environment[lifelineVariable] = lifeline.map(String.init)
        if let core = BLASKernels.coreForChildren() { environment[BLASKernels.coreTypeVariable] = core }
        environment[Self.remainingVariable] = nil
        if let remaining, let json = try? JSONEncoder().encode(remaining) {
            environment[Self.remainingVariable] = String(decoding: json, as: UTF8.self)
        }
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        let environmentStrings = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            arguments.forEach { free($0) }
            environmentStrings.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/proc/self/exe", nil, nil, arguments, environmentStrings)
        guard spawned == 0 else { throw WorkerUnavailable(code: spawned) }
        supervisedWorker = pid
        SystemCall.signal(SIGINT, forwardToWorker)
        SystemCall.signal(SIGTERM, forwardToWorker)
        // Whoever started recbook may have blocked them; they must reach us to be passed on.
        var interrupts = sigset_t()
        sigemptyset(&interrupts)
        sigaddset(&interrupts, SIGINT)
        sigaddset(&interrupts, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &interrupts, nil)
        return pid
    }

    /// The worker's wait status, once it has ended.
    private static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        supervisedWorker = 0
        return status
    }

    /// What a dead worker's journal gave: the index entries of its notebooks that finished and
    /// of the one that stopped, and that one's path (nil when it stopped outside any notebook).
    struct Recovered {
        var entries: [RunIndex.Entry] = []
        var stoppedNotebook: String?
    }

    /// The index entries of the notebooks a worker's journal records as finished, in run order.
    static func finishedEntries(_ events: [JournalEvent]) -> [RunIndex.Entry] {
        events.compactMap { event in
            if case .notebookFinished(let entry) = event { entry } else { nil }
        }
    }

    /// Writes the stopped notebook's reports from what the dead worker recorded.
    private func recover(from events: [JournalEvent], signal: Int32) -> Recovered {
        let finished = Self.finishedEntries(events)
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
            case .notebookFinished:
                current = nil
            }
        }
        let message = CrashMessages.stopped(signal: signal)
        guard let current else {
            // It stopped outside any notebook's cells (say, writing the index): nothing to recover.
            terminal.line(terminal.styled("error:", .red) + " " + CrashMessages.stoppedOutsideCells(signal: signal))
            return Recovered(entries: finished)
        }
        let path = current.result.notebookPath
        let notebook: Notebook
        do { notebook = try NotebookParser.parse(path: path) } catch {
            terminal.line(terminal.styled("error:", .red) + " \(error)")
            return Recovered(entries: finished, stoppedNotebook: path)
        }
        var result = current.result
        result.cells = CrashRecovery.cells(
            of: notebook, finished: result.cells, runningCell: runningCell, runningLine: runningLine, message: message)
        result.manifest.totalSeconds = result.cells.reduce(0) { $0 + $1.seconds }
        // What the cache served and computed in the finished cells (damaged entries it found are
        // not journalled, so none are counted).
        if let folder = cacheFolders[path] {
            result.manifest.cache = RunManifest.CacheUse(
                folder: PathDisplay.relativeToWorkingDirectory(folder), cells: result.cells, corrupt: 0)
        }
        if let failed = result.cells.first(where: { $0.status == .failed && $0.error?.identifier == CrashRecovery.identifier }),
           let error = failed.error {
            terminal.line("\(terminal.styled("✗", .red)) cell \(failed.index + 1) \(terminal.styled("\(path):\(failed.range.lowerBound.line)", .dim)) stopped")
            terminal.line(terminal.styled(error.headline, .red))
        } else {
            // Every cell had finished: it stopped while writing the reports.
            terminal.line(terminal.styled("error:", .red) + " " + CrashMessages.stoppedAfterCells(path, signal: signal))
        }
        // The folder is locked only while writing: a later worker locks it in turn.
        do {
            let folder = try OutputFolder(output) { terminal.line(OutputFolder.waitingMessage(output)) }
            folder.removeAbandonedStaging()
            let writer = ReportWriter(folder: folder, name: current.reportName, catalogue: .standard)
            let written = try writer.write(notebook: notebook, result: result, formats: formats)
            for file in written where !quiet || file.hasSuffix(".html") { terminal.line("  report: \(file)") }
        } catch {
            terminal.line(terminal.styled("error:", .red) + " \(error)")
        }
        let entry = RunIndex.Entry(notebook: notebook, result: result, reportName: current.reportName, formats: formats)
        return Recovered(entries: finished + [entry], stoppedNotebook: path)
    }
}

/// The worker being supervised, for the signal handler (0: none).
nonisolated(unsafe) private var supervisedWorker: pid_t = 0

private func forwardToWorker(_ signal: Int32) {
    // Between workers (recovering, writing the index) the signal ends this process, cleanly.
    if supervisedWorker > 0 { kill(supervisedWorker, signal) } else { SignalCleanup.endBySignal(signal) }
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

    static func resuming(_ count: Int) -> String {
        "recbook: running the \(count == 1 ? "notebook" : "\(count) notebooks") after it in a new process"
    }

    static func noWorker(_ reason: String) -> String {
        "\(reason); this run goes on in one process, so an abrupt stop (a failed internal check, a memory fault, SIGKILL) loses the reports of the notebook it stops"
    }

    static func noJournal(folder: String, reason: String) -> String {
        "cannot create the run's journal in \(folder) (\(reason)); set TMPDIR to a writable folder"
    }

    static func cannotStart(errno: Int32) -> String {
        "cannot start the process that runs the notebooks (\(String(cString: strerror(errno))))"
    }

    static func resumedWorkerFailed(_ notebooks: [String], status: Int32) -> String {
        let count = notebooks.count
        let which = count == 1 ? "the notebook" : "\(count) notebooks"
        return "\(which) after the stopped one did not run (\(notebooks.joined(separator: ", "))): the process running \(count == 1 ? "it" : "them") exited with status \(status)\(status == 64 ? ", as for a notebook that does not check (its errors are above)" : "")"
    }

    static func cannotResume(_ count: Int) -> String {
        "cannot start a new process for the \(count == 1 ? "notebook" : "\(count) notebooks") after the stopped one; \(count == 1 ? "it did" : "they did") not run"
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
