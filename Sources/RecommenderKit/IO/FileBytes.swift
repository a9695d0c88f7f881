#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecbookFiles

/// Whole-file reads and folder checks with plain system calls, reporting failures as `DataError`.
enum FileBytes {
    /// The largest file read whole (a data file of ML-20M is about 0.5 GB).
    static let maximumBytes = 16 << 30

    /// The complete contents of the regular file at `path`. Devices, pipes and sockets are
    /// refused (`/dev/zero` would never end, a FIFO would block), and so are files over
    /// `maximumBytes`.
    static func read(_ path: String) throws(DataError) -> [UInt8] {
        // Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw DataError(path: path, message: "cannot open file: \(errnoText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw DataError(path: path, message: "cannot read file: \(errnoText())") }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw DataError(path: path, message: "is a folder, expected a file")
        case S_IFREG: break
        default: throw DataError(path: path, message: "is not a regular file (a device, pipe or socket)")
        }
        if Int(info.st_size) > maximumBytes {
            throw DataError(path: path, message: "is \(info.st_size) bytes; recbook reads files of at most \(maximumBytes >> 30) GiB")
        }
        var bytes: [UInt8] = []
        var capacity = max(Int(info.st_size), 0) + 1
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        bytes.reserveCapacity(capacity)
        while true {
            let n = chunk.withUnsafeMutableBytes { SystemCall.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw DataError(path: path, message: "cannot read file: \(errnoText())")
            }
            if n == 0 { break }
            if bytes.count + n > maximumBytes {
                throw DataError(path: path, message: "grew past \(maximumBytes >> 30) GiB while being read")
            }
            if bytes.count + n > capacity {
                capacity = 2 * (bytes.count + n)
                bytes.reserveCapacity(capacity)
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    enum Kind { case missing, file, folder, other }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFREG: return .file
        default: return .other
        }
    }

    /// Checks that `path` is a folder whose entries can be listed.
    static func requireReadableFolder(_ path: String) throws(DataError) {
        switch kind(of: path) {
        case .missing: throw DataError(path: path, message: "no such folder")
        case .file, .other: throw DataError(path: path, message: "not a folder")
        case .folder: break
        }
        guard let dir = opendir(path) else {
            throw DataError(path: path, message: "cannot read folder: \(errnoText())")
        }
        closedir(dir)
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// `folder/name`, without doubling a trailing slash.
func joinPath(_ folder: String, _ name: String) -> String {
    folder.hasSuffix("/") ? folder + name : folder + "/" + name
}

/// The last path component, ignoring trailing slashes.
func lastPathComponent(_ path: String) -> String {
    let trimmed = path.split(separator: "/", omittingEmptySubsequences: true)
    return trimmed.last.map(String.init) ?? path
}

/// The folder part of `path` ("" when it has none).
func parentPath(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[..<slash])
}
