import Foundation
import NotebookDocument
import RecbookFiles
import RecbookReports
import RecbookResults
import RecbookRuntime

/// What a run worker tells its supervisor as it goes, one JSON line per event, appended to a
/// file in the temporary folder. A worker that dies abruptly leaves the events up to its last
/// finished cell behind; the supervisor writes the reports from them (`CrashRecovery`).
enum JournalEvent: Codable {
    /// A notebook starts running; its reports go under `reportName` in the output folder.
    /// `result` is what is known before any cell runs (title, manifest).
    case notebookStarted(reportName: String, result: RunResult)
    case cellStarted(index: Int)
    case statementStarted(line: Int)
    case cellFinished(CellResult)
    /// A notebook ran to its end and its reports were written.
    case notebookFinished(RunIndex.Entry)
}

/// The worker's end: appends events with one `write` each, so a crash loses at most the event
/// being written (the reader drops a torn last line).
final class RunJournalWriter: @unchecked Sendable {
    /// The environment variable that makes `recbook run` a worker writing its journal there.
    static let environmentVariable = TestSwitches.workerJournalVariable

    private let descriptor: Int32
    private let encoder = JSONEncoder()

    init?(path: String) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Whether a supervisor started this process (then it never starts a worker of its own):
    /// the journal variable is set and the supervisor variable names this process's parent.
    static var isWorker: Bool {
        guard getenv(environmentVariable) != nil, let supervisor = getenv(RunSupervisor.supervisorVariable) else { return false }
        return pid_t(String(cString: supervisor)) == getppid()
    }

    /// The journal this process should write, when a supervisor started it.
    static func fromEnvironment() -> RunJournalWriter? {
        guard isWorker, let path = getenv(environmentVariable) else { return nil }
        return RunJournalWriter(path: String(cString: path))
    }

    func append(_ event: JournalEvent) {
        guard var bytes = try? encoder.encode(event) else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}

/// Reads a journal back: every complete line that decodes, in order.
func readJournal(_ path: String) -> [JournalEvent] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let decoder = JSONDecoder()
    return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(JournalEvent.self, from: Data($0)) }
}

/// Passes a run's events to the console and into the journal.
final class JournalingRunObserver: RunObserver {
    private let inner: RunObserver
    private let journal: RunJournalWriter

    init(_ inner: RunObserver, journal: RunJournalWriter) {
        self.inner = inner
        self.journal = journal
    }

    func cellWillRun(index: Int, count: Int, cell: Cell) {
        journal.append(.cellStarted(index: index))
        inner.cellWillRun(index: index, count: count, cell: cell)
    }

    func statementWillRun(line: Int) {
        journal.append(.statementStarted(line: line))
        inner.statementWillRun(line: line)
    }

    func progress(task: String, completed: Int, total: Int, detail: String, elapsedSeconds: Double) {
        inner.progress(task: task, completed: completed, total: total, detail: detail, elapsedSeconds: elapsedSeconds)
    }

    func cellDidFinish(_ result: CellResult, cell: Cell) {
        journal.append(.cellFinished(result))
        inner.cellDidFinish(result, cell: cell)
    }
}
