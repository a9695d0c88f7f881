#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers see either the old file or the complete new one:
/// the bytes go to a temporary file in the same folder, are flushed, and the
/// temporary file is renamed over the destination. An interrupted run never
/// leaves a half-written file behind.
///
/// The temporary file has an unpredictable name and is created exclusively (`mkstemp`), so a
/// planted file or symlink cannot redirect the write; SIGINT and SIGTERM remove it.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// `durable: false` skips the `fsync`: for files whose loss costs only time (cache entries,
    /// whose checksums catch a write a crash cut short).
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = true) throws {
        guard !path.isEmpty else { throw WriteError(path: path, reason: "empty path") }
        var template = Array((path + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw WriteError(path: path, reason: errnoText()) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        SignalCleanup.register(temporary)
        defer { SignalCleanup.unregister(temporary) }
        fchmod(fd, 0o644)
        var written = 0
        let failure: String? = bytes.withUnsafeBytes { raw -> String? in
            while written < raw.count {
                let n = SystemCall.write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errnoText()
                }
                written += n
            }
            return nil
        }
        if let failure {
            close(fd)
            unlink(temporary)
            throw WriteError(path: path, reason: failure)
        }
        if (durable && fsync(fd) != 0) || close(fd) != 0 {
            let reason = errnoText()
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        if rename(temporary, path) != 0 {
            let reason = errnoText()
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
    }

    /// Creates `path` and its missing parents (like `mkdir -p`).
    public static func createDirectory(_ path: String) throws {
        var current = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw WriteError(path: current, reason: errnoText())
            }
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
