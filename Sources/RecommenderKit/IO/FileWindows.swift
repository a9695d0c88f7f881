import Dispatch
import RecbookFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A data file's size and SHA-256, computed over exactly the bytes that were parsed.
public struct DataFileDigest: Sendable, Equatable, Codable {
    public var path: String
    public var bytes: Int
    /// Lower-case hexadecimal.
    public var sha256: String

    public init(path: String, bytes: Int, sha256: String) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
    }
}

extension DataFileDigest {
    /// Hashes a file without parsing it (cache keys are computed before anything runs).
    public static func of(_ path: String) throws -> DataFileDigest {
        try FileWindows.forEachWindow(of: path) { _, _ in }
    }
}

/// Reads a text file once, in windows of whole lines, hashing each window on a background
/// thread while the caller parses it. Memory stays at one window however large the file,
/// and the digest describes the very bytes that were parsed (a file changed between hashing
/// and reading cannot slip through).
enum FileWindows {
    /// Bytes per window; a longer line grows the window to hold it.
    static let windowBytes = 32 << 20

    /// Calls `body` with consecutive windows covering the file in order. Every window but the
    /// last ends just after a '\n'; the last holds the rest (maybe without a final newline).
    static func forEachWindow(
        of path: String, windowBytes: Int = windowBytes,
        _ body: (_ window: UnsafeBufferPointer<UInt8>, _ fileSize: Int) throws -> Void
    ) throws -> DataFileDigest {
        let file = try OpenDataFile(path)
        var buffer = WindowBuffer(capacity: min(max(windowBytes, 1 << 12), max(file.size, 1) + 1))
        let hasher = BackgroundHasher()
        var total = 0
        var atEnd = false
        while !atEnd {
            // Fill the window after the partial line carried over from the last one.
            while buffer.count < buffer.capacity {
                let n = try file.read(into: buffer.freeSpace, path: path)
                if n == 0 { atEnd = true; break }
                total += n
                if total > FileBytes.maximumBytes {
                    throw DataError(path: path, message: "grew past \(FileBytes.maximumBytes >> 30) GiB while being read")
                }
                buffer.count += n
            }
            let filled = buffer.filled
            hasher.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: filled[buffer.hashedUpTo...])))
            buffer.hashedUpTo = buffer.count
            let end: Int
            if atEnd {
                end = buffer.count
            } else if let newline = filled.lastIndex(of: UInt8(ascii: "\n")) {
                end = newline + 1
            } else {
                // One line longer than the window: make room and read on.
                hasher.wait()
                buffer.grow(limit: FileBytes.maximumBytes + 1)
                continue
            }
            do {
                if end > 0 { try body(UnsafeBufferPointer(rebasing: filled[0..<end]), file.size) }
            } catch {
                hasher.wait()
                throw error
            }
            hasher.wait()
            buffer.dropFirst(end)
        }
        return DataFileDigest(path: path, bytes: total, sha256: SHA256.hex(hasher.finish()))
    }
}

/// An open regular file (devices, pipes and oversized files are refused, as by `FileBytes.read`).
private struct OpenDataFile: ~Copyable {
    let descriptor: Int32
    let size: Int

    init(_ path: String) throws(DataError) {
        // Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw DataError(path: path, message: "cannot open file: \(FileBytes.errnoText())") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw DataError(path: path, message: "cannot read file: \(FileBytes.errnoText())")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR:
            close(fd)
            throw DataError(path: path, message: "is a folder, expected a file")
        default:
            close(fd)
            throw DataError(path: path, message: "is not a regular file (a device, pipe or socket)")
        }
        if Int(info.st_size) > FileBytes.maximumBytes {
            close(fd)
            throw DataError(path: path, message: "is \(info.st_size) bytes; recbook reads files of at most \(FileBytes.maximumBytes >> 30) GiB")
        }
        descriptor = fd
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    func read(into space: UnsafeMutableBufferPointer<UInt8>, path: String) throws(DataError) -> Int {
        while true {
            let n = SystemCall.read(descriptor, space.baseAddress, space.count)
            if n >= 0 { return n }
            if errno != EINTR { throw DataError(path: path, message: "cannot read file: \(FileBytes.errnoText())") }
        }
    }
}

/// The bytes of the current window, with the carried-over partial line at the front.
private struct WindowBuffer: ~Copyable {
    private(set) var storage: UnsafeMutableBufferPointer<UInt8>
    var count = 0
    /// Bytes at the front already given to the hasher (the carried-over line).
    var hashedUpTo = 0

    init(capacity: Int) { storage = .allocate(capacity: capacity) }
    deinit { storage.deallocate() }

    var capacity: Int { storage.count }
    var filled: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: storage[0..<count]) }
    var freeSpace: UnsafeMutableBufferPointer<UInt8> { UnsafeMutableBufferPointer(rebasing: storage[count...]) }

    /// Keeps the bytes after `n` (a partial line) at the front.
    mutating func dropFirst(_ n: Int) {
        let rest = count - n
        if rest > 0, let base = storage.baseAddress { base.update(from: base + n, count: rest) }
        count = rest
        hashedUpTo = rest
    }

    mutating func grow(limit: Int) {
        let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: min(storage.count * 2, max(limit, storage.count + 1)))
        if count > 0 { larger.baseAddress!.update(from: storage.baseAddress!, count: count) }
        storage.deallocate()
        storage = larger
    }
}

/// Hashes windows on a background thread, one at a time, in the order they are given.
private final class BackgroundHasher: @unchecked Sendable {
    private var hasher = SHA256()
    private let group = DispatchGroup()
    private let queue = DispatchQueue(label: "recbook.sha256")

    /// Starts hashing `bytes`, which must stay valid and unchanged until `wait()` returns.
    func hash(_ bytes: UnsafeRawBufferPointer) {
        let window = UncheckedBytes(bytes: bytes)
        queue.async(group: group) { self.hasher.update(window.bytes) }
    }

    func wait() { group.wait() }

    func finish() -> [UInt8] {
        wait()
        let result = queue.sync { () -> [UInt8] in
            var done = SHA256()
            swap(&done, &hasher)
            return done.finalize()
        }
        return result
    }
}

private struct UncheckedBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
}
