#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes recbook's temporary files and folders when SIGINT or SIGTERM ends a run, so an
/// interrupted write leaves nothing half-written behind. Paths are registered while they
/// exist; the handler only calls `unlink`, `rmdir` and `raise`, which are async-signal-safe.
public enum SignalCleanup {
    static let capacity = 256
    /// Registered paths as C strings; nil slots are free. Allocated once, never freed.
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        return slots
    }()
    private static let lock = Mutex()
    private static let installation: Void = {
        _ = slots
        // A parent may have started recbook with these signals blocked; they must reach us.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signal in [SIGINT, SIGTERM] {
            sigaddset(&unblocked, signal)
            SystemCall.signal(signal, handleSignal)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }()

    /// Installs the handlers and unblocks SIGINT and SIGTERM now, as a command starts, so that
    /// recbook can be interrupted before it registers anything (waiting for a locked output
    /// folder, say), whatever mask its parent left it.
    public static func install() {
        _ = installation
    }

    /// Removes `path` (a file, or an empty folder) if the process is interrupted before `unregister`.
    /// Folders must be registered before the files in them.
    public static func register(_ path: String) {
        _ = installation
        lock.withLock {
            for i in 0..<capacity where slots[i] == nil {
                slots[i] = strdup(path)
                return
            }
        }
    }

    public static func unregister(_ path: String) {
        lock.withLock {
            for i in 0..<capacity {
                if let entry = slots[i], String(cString: entry) == path {
                    slots[i] = nil
                    free(entry)
                    return
                }
            }
        }
    }

    /// The write end of the pipe that receives interrupts instead of the default action, or -1.
    nonisolated(unsafe) static var interruptPipe: Int32 = -1

    /// From now on SIGINT and SIGTERM do not end the process: each writes its number to the
    /// returned file descriptor, for a long-running command (`recbook preview`) that stops
    /// itself cleanly. It should call `removeRegistered` before it exits.
    public static func deliverInterrupts() -> Int32? {
        _ = installation
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        interruptPipe = ends[1]
        return ends[0]
    }

    /// From a signal handler of the caller's own: removes every registered path and ends the
    /// process by `signal`, as this type's handler does (async-signal-safe).
    public static func endBySignal(_ signal: Int32) {
        removeAll()
        SystemCall.signal(signal, SIG_DFL)
        raise(signal)
    }

    /// Removes every registered path now (outside a signal handler).
    public static func removeRegistered() {
        lock.withLock { removeAll() }
    }

    /// Removes every registered path: files first, then folders (a few passes, for nesting).
    fileprivate static func removeAll() {
        for i in 0..<capacity { if let entry = slots[i] { unlink(entry) } }
        for _ in 0..<4 {
            for i in 0..<capacity { if let entry = slots[i] { rmdir(entry) } }
        }
    }
}

private func handleSignal(_ signal: Int32) {
    if SignalCleanup.interruptPipe >= 0 {
        var byte = UInt8(truncatingIfNeeded: signal)
        _ = write(SignalCleanup.interruptPipe, &byte, 1)
        return
    }
    SignalCleanup.removeAll()
    SystemCall.signal(signal, SIG_DFL)
    raise(signal)
}

/// A plain pthread mutex.
final class Mutex: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
