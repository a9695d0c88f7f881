#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The switches tests use to stop or pause recbook at a chosen point, as a failed internal
/// check, an out-of-memory kill or a signal would, so they can check what survives. The
/// crash switches exist in debug builds only: a release build has no way to be told to crash.
public enum TestSwitches {
    /// The variable that makes a `recbook run` process a worker (`RunJournal` in the command
    /// layer reads and sets it; the crash switches below stop workers only).
    public static let workerJournalVariable = "RECBOOK_RUN_JOURNAL"

    /// `RECBOOK_TEST_CRASH=LINE:trap` traps (a failed precondition, SIGILL on x86-64, SIGTRAP on
    /// arm64) when the statement on LINE starts; `LINE:kill` sends the process SIGKILL.
    public static func crashIfRequested(atLine line: Int) {
        #if DEBUG
        guard let parts = crashRequest()?.split(separator: ":"), parts.count == 2, Int(parts[0]) == line else { return }
        switch parts[1] {
        case "kill": raise(SIGKILL)
        case "trap": preconditionFailure("RECBOOK_TEST_CRASH asked the statement on line \(line) to trap")
        default: return
        }
        #endif
    }

    /// In a worker (so the supervisor, which writes sets too, is never stopped),
    /// `RECBOOK_TEST_CRASH=staged:kill` sends SIGKILL once a report set is staged, before
    /// anything is moved into place, and `moving:kill` once the set's first file has been moved
    /// (the folder then holds a mix of the old set and the new).
    static func crashIfRequested(at point: String) {
        #if DEBUG
        guard getenv(workerJournalVariable) != nil, crashRequest() == point + ":kill" else { return }
        raise(SIGKILL)
        #endif
    }

    /// With `RECBOOK_PAUSE_AFTER_STAGING=SECONDS`, waits between staging a set and moving it into
    /// place, so a test can send a signal there (EndToEndTests). Release builds honour it too:
    /// it only waits.
    static func pauseAfterStagingIfRequested() {
        guard let value = getenv("RECBOOK_PAUSE_AFTER_STAGING"), let seconds = UInt32(String(decoding: bytes(of: value), as: UTF8.self))
        else { return }
        sleep(seconds)
    }

    /// With `RECBOOK_PAUSE_WHILE=PATH`, waits between staging a set and moving it into place
    /// for as long as PATH exists (at most a minute), after writing this process's id to
    /// PATH.paused: a test waits for that file, acts, and ends the pause by removing PATH, so no
    /// step depends on guessing how long another takes. Once PATH is gone, nothing pauses.
    static func pauseWhileRequested() {
        guard let value = getenv("RECBOOK_PAUSE_WHILE") else { return }
        let path = String(decoding: bytes(of: value), as: UTF8.self)
        guard access(path, F_OK) == 0 else { return }
        let note = path + ".paused", partial = path + ".paused-partial"
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor >= 0 {
            let pid = Array(String(getpid()).utf8)
            _ = pid.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            rename(partial, note)
        }
        for _ in 0..<6000 where access(path, F_OK) == 0 { usleep(10_000) }
    }

    /// With `RECBOOK_TEST_SERVER_ANSWER_SECONDS=SECONDS`, `recbook preview` waits that long
    /// instead of 90 s for its server program to say whether it listens, so a test can show
    /// what a hung server gets (EndToEndTests). It only changes how long recbook waits.
    public static var previewServerAllowance: Duration? {
        guard let value = getenv("RECBOOK_TEST_SERVER_ANSWER_SECONDS"),
            let seconds = Int(String(decoding: bytes(of: value), as: UTF8.self)), (0...86_400).contains(seconds)
        else { return nil }
        return .seconds(seconds)
    }

    private static func crashRequest() -> String? {
        getenv("RECBOOK_TEST_CRASH").map { String(decoding: bytes(of: $0), as: UTF8.self) }
    }

    private static func bytes(of text: UnsafePointer<CChar>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
    }
}
