import RecbookFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an entry records besides its value: how long the value took to compute, and what
/// computed it (for `recbook run --plan` and for people reading the folder).
public struct EntryMetadata: Codable, Sendable, Equatable {
    public var seconds: Double
    public var statement: String
    public init(seconds: Double, statement: String) {
        self.seconds = seconds
        self.statement = statement
    }
}

/// A folder of values by key (64 hex digits), one file each.
///
/// - Every entry carries the SHA-256 of its contents: a flipped byte or a truncated file is
///   detected, deleted and reported as `.corrupt`, never used.
/// - Entries are written to a unique temporary file and renamed into place, so a reader sees
///   a whole entry or none, and two runs sharing the folder cannot corrupt it: the last rename
///   of equal keys wins with an equal value.
/// - The folder is capped in size: after each write the least recently used entries (by
///   modification time, which a read refreshes) are removed, under an exclusive lock.
public final class ValueStore: @unchecked Sendable {
    public enum Lookup: Sendable {
        case hit(payload: [UInt8], metadata: EntryMetadata)
        case miss
        /// The entry was damaged (and has been removed); the reason says how.
        case corrupt(String)
    }

    public let folder: String
    public let capacityBytes: Int
    /// Files larger than this are never stored (a value bigger than the cap would evict everything).
    public var largestEntry: Int { capacityBytes / 2 }

    static let magic = Array("RECBOOK-VALUE-1\n".utf8)
    static let suffix = ".value"

    public init(folder: String, capacityBytes: Int) throws {
        self.folder = folder
        self.capacityBytes = capacityBytes
        try AtomicFile.createDirectory(folder)
        var info = stat()
        guard stat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, access(folder, W_OK | X_OK) == 0 else {
            throw Unusable(folder: folder)
        }
    }

    /// The folder is not a folder recbook can write entries into.
    public struct Unusable: Error, CustomStringConvertible {
        public var folder: String
        public var description: String { "\(folder) is not a writable folder" }
    }

    private func path(of key: String) -> String { folder + "/" + key + Self.suffix }

    public func read(_ key: String) -> Lookup {
        let path = path(of: key)
        guard let bytes = Self.readWhole(path) else { return .miss }
        switch Self.parse(bytes, key: key) {
        case .success(let (payload, metadata)):
            // Reading refreshes the entry's place in the least-recently-used order.
            utimensat(AT_FDCWD, path, nil, 0)
            return .hit(payload: payload, metadata: metadata)
        case .failure(let problem):
            unlink(path)
            return .corrupt(problem.reason)
        }
    }

    /// Whether an entry exists, without reading or refreshing it (for plans).
    public func contains(_ key: String) -> Bool {
        var info = stat()
        return stat(path(of: key), &info) == 0
    }

    /// The recorded metadata of an entry, checked like a read but without refreshing it.
    public func metadata(_ key: String) -> EntryMetadata? {
        guard let bytes = Self.readWhole(path(of: key)), case .success(let (_, metadata)) = Self.parse(bytes, key: key) else { return nil }
        return metadata
    }

    /// Stores a value; returns false when it is too large to keep.
    @discardableResult
    public func write(_ key: String, payload: [UInt8], metadata: EntryMetadata) throws -> Bool {
        let meta = try BinaryCoding.encode(metadata)
        var body = ByteWriter()
        body.count(meta.count)
        body.count(payload.count)
        body.bytes += meta
        body.bytes += payload
        var file = Self.magic + Array(key.utf8)
        file += SHA256.hexDigest(of: body.bytes).utf8
        file += body.bytes
        guard file.count <= largestEntry else { return false }
        try AtomicFile.write(file, to: path(of: key), durable: false)
        try evict(keeping: key)
        return true
    }

    /// Removes least recently used entries until the folder fits its cap.
    private func evict(keeping key: String) throws {
        let lock = open(folder + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { return }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { return }
        defer { flock(lock, LOCK_UN) }
        var entries = Self.entries(in: folder)
        var total = entries.reduce(0) { $0 + $1.bytes }
        guard total > capacityBytes else { return }
        entries.sort { ($0.modified, $0.name) < ($1.modified, $1.name) }
        for entry in entries where total > capacityBytes && entry.name != key + Self.suffix {
            if unlink(folder + "/" + entry.name) == 0 { total -= entry.bytes }
        }
    }

    /// Every entry file: name, size, modification time (ns).
    public static func entries(in folder: String) -> [(name: String, bytes: Int, modified: Int)] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var found: [(name: String, bytes: Int, modified: Int)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard name.hasSuffix(suffix) else { continue }
            var info = stat()
            guard stat(folder + "/" + name, &info) == 0 else { continue }
            found.append((name, Int(info.st_size), Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)))
        }
        return found
    }

    /// Total bytes of the entries now in the folder.
    public var sizeInBytes: Int { Self.entries(in: folder).reduce(0) { $0 + $1.bytes } }

    private struct Problem: Error { var reason: String }

    private static func parse(_ bytes: [UInt8], key: String) -> Result<([UInt8], EntryMetadata), Problem> {
        let header = magic.count + 64 + 64
        guard bytes.count >= header + 16 else { return .failure(Problem(reason: "truncated")) }
        guard Array(bytes[0..<magic.count]) == magic else { return .failure(Problem(reason: "not a recbook cache entry")) }
        guard Array(bytes[magic.count..<(magic.count + 64)]) == Array(key.utf8) else {
            return .failure(Problem(reason: "holds another key"))
        }
        let checksum = String(decoding: bytes[(magic.count + 64)..<header], as: UTF8.self)
        let body = Array(bytes[header...])
        guard SHA256.hexDigest(of: body) == checksum else { return .failure(Problem(reason: "checksum mismatch")) }
        var reader = ByteReader(bytes: body)
        guard let metaCount = try? reader.count(), let payloadCount = try? reader.count(),
            metaCount + payloadCount == body.count - 16
        else { return .failure(Problem(reason: "bad lengths")) }
        let meta = Array(body[16..<(16 + metaCount)])
        guard let metadata = try? BinaryCoding.decode(EntryMetadata.self, from: meta) else {
            return .failure(Problem(reason: "unreadable metadata"))
        }
        return .success((Array(body[(16 + metaCount)...]), metadata))
    }

    /// The bytes of a regular file (symbolic links are not followed), nil when it cannot be read.
    public static func readWhole(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { SystemCall.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        return done == size ? bytes : Array(bytes[0..<done])
    }
}
