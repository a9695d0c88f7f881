#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a cheap `stat` says about a file: enough to notice a save.
///
/// Polling (every ~100 ms) rather than inotify: it needs no per-platform code, and it sees
/// an editor's save-by-rename (a new inode), a file that appears later, and data files on
/// any file system, which a watch on the old inode would miss.
public struct FileStamp: Equatable, Sendable {
    public var exists: Bool
    public var size: Int64
    public var modifiedSeconds: Int
    public var modifiedNanoseconds: Int
    public var inode: UInt64

    public static let missing = FileStamp(exists: false, size: 0, modifiedSeconds: 0, modifiedNanoseconds: 0, inode: 0)

    public init(exists: Bool, size: Int64, modifiedSeconds: Int, modifiedNanoseconds: Int, inode: UInt64) {
        self.exists = exists
        self.size = size
        self.modifiedSeconds = modifiedSeconds
        self.modifiedNanoseconds = modifiedNanoseconds
        self.inode = inode
    }

    /// The file's stamp now; `.missing` when it cannot be read.
    public static func of(_ path: String) -> FileStamp {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return FileStamp(
            exists: true, size: Int64(info.st_size), modifiedSeconds: Int(modified.tv_sec),
            modifiedNanoseconds: Int(modified.tv_nsec), inode: UInt64(info.st_ino))
    }
}

/// A set of watched paths and their stamps when last looked at.
public struct WatchedFiles: Sendable {
    public private(set) var stamps: [String: FileStamp]

    public init(_ paths: some Sequence<String>) {
        stamps = Dictionary(paths.map { ($0, FileStamp.of($0)) }, uniquingKeysWith: { first, _ in first })
    }

    public var paths: [String] { stamps.keys.sorted() }

    /// The paths whose stamp differs from the one recorded, in order; records the new stamps.
    public mutating func changes() -> [String] {
        var changed: [String] = []
        for path in paths {
            let now = FileStamp.of(path)
            if now != stamps[path] {
                changed.append(path)
                stamps[path] = now
            }
        }
        return changed
    }

    /// Watches `paths` from now on: new paths are stamped now, paths no longer given are dropped.
    public mutating func watch(_ paths: some Sequence<String>) {
        var next: [String: FileStamp] = [:]
        for path in paths { next[path] = stamps[path] ?? FileStamp.of(path) }
        stamps = next
    }
}
