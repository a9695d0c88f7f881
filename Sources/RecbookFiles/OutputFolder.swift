#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder a run writes into (`recbook run -o`), and the rules for writing there:
///
/// - it is locked for the whole run (`flock` on `.recbook.lock`), so two runs into one folder
///   take turns instead of mixing their files;
/// - a record, `.recbook-files`, lists every file recbook wrote there; an existing file that is
///   not in it (nor, for folders from before the record, a recbook report by its content) is
///   never overwritten;
/// - the run's inputs (the notebook, its data files) are never written;
/// - a set of files (a notebook's reports) is written into a staging folder first and then
///   moved into place, so a failure part-way leaves the previous set untouched, and files the
///   previous set had and the new one lacks (stale charts) are removed.
public final class OutputFolder: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// What a command says while another recbook holds the folder's lock.
    public static func waitingMessage(_ path: String) -> String {
        "waiting for the output folder \(path): another recbook is writing into it (a run, or a preview while it runs the notebook)"
    }

    public static let recordName = ".recbook-files"
    public static let lockName = ".recbook.lock"

    /// The folder as given (no trailing `/`).
    public let path: String
    private let lockDescriptor: Int32
    private let mutex = Mutex()
    /// Files (relative paths) recbook wrote here, from the record and from this run.
    private var recorded: Set<String>
    private let hadRecord: Bool
    /// Files that must never be written: (device, inode) of the run's inputs.
    private var inputs: [(device: UInt64, inode: UInt64, path: String)] = []

    /// Creates the folder if needed, checks that it is a writable folder, and locks it. When
    /// another recbook holds the lock, `whileWaiting` is called once before waiting for it.
    public init(_ path: String, whileWaiting: () -> Void = {}) throws(Failure) {
        guard !path.isEmpty else { throw Failure(message: "the output folder is an empty path; give a folder, e.g. -o Output") }
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.path = trimmed
        do { try AtomicFile.createDirectory(trimmed) } catch { throw Failure(message: "cannot create the output folder: \(error)") }
        var info = stat()
        guard stat(trimmed, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw Failure(message: "the output folder \(trimmed) is not a folder")
        }
        guard access(trimmed, W_OK | X_OK) == 0 else {
            throw Failure(message: "the output folder \(trimmed) is not writable: \(String(cString: strerror(errno)))")
        }
        let lock = open(trimmed + "/" + Self.lockName, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard lock >= 0 else { throw Failure(message: "cannot lock the output folder \(trimmed): \(String(cString: strerror(errno)))") }
        if flock(lock, LOCK_EX | LOCK_NB) != 0 {
            let held = errno == EWOULDBLOCK
            if held { whileWaiting() }
            guard held, flock(lock, LOCK_EX) == 0 else {
                close(lock)
                throw Failure(message: "cannot lock the output folder \(trimmed): \(String(cString: strerror(errno)))")
            }
        }
        lockDescriptor = lock
        let record = Self.readRecord(trimmed + "/" + Self.recordName)
        hadRecord = record != nil
        recorded = record ?? []
    }

    deinit {
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    /// The full path of `relative` inside the folder; absolute paths stay as they are.
    public func resolve(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : path + "/" + relative
    }

    /// Marks `file` as an input of the run: nothing is ever written over it.
    public func protect(_ file: String) {
        var info = stat()
        guard stat(file, &info) == 0 else { return }
        mutex.withLock { inputs.append((UInt64(info.st_dev), UInt64(info.st_ino), file)) }
    }

    /// Writes one file atomically at `relative` (inside the folder, or an absolute path the
    /// checker allowed), after the ownership and input checks, and records it.
    public func write(_ bytes: [UInt8], to relative: String) throws(Failure) {
        let destination = resolve(relative)
        try checkWritable(destination, relative: relative)
        do {
            if let slash = destination.lastIndex(of: "/"), slash != destination.startIndex {
                try AtomicFile.createDirectory(String(destination[..<slash]))
            }
            try AtomicFile.write(bytes, to: destination)
        } catch {
            throw Failure(message: "\(error)")
        }
        record(relative)
    }

    /// Replaces a set of files (relative paths inside the folder) as one step: all are written
    /// into a staging folder, checked, then moved into place; recorded files for which
    /// `belongsToSet` holds and that the new set lacks are removed.
    public func replaceSet(_ files: [(path: String, bytes: [UInt8])], belongsToSet: (String) -> Bool) throws(Failure) {
        for file in files { try checkWritable(resolve(file.path), relative: file.path) }
        var template = Array((path + "/.recbook-staging-XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw Failure(message: "cannot write into \(path): \(String(cString: strerror(errno)))")
        }
        let staging = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        SignalCleanup.register(staging)
        var stagedFolders: [String] = []
        defer {
            for folder in stagedFolders.reversed() { rmdir(folder); SignalCleanup.unregister(folder) }
            rmdir(staging)
            SignalCleanup.unregister(staging)
        }
        // 1. Everything into the staging folder, flushed.
        for file in files {
            let target = staging + "/" + file.path
            if let slash = file.path.lastIndex(of: "/") {
                let folder = staging + "/" + file.path[..<slash]
                if !stagedFolders.contains(folder) {
                    if mkdir(folder, 0o755) != 0 && errno != EEXIST { throw Failure(message: "cannot write \(target): \(String(cString: strerror(errno)))") }
                    SignalCleanup.register(folder)
                    stagedFolders.append(folder)
                }
            }
            do {
                try AtomicFile.write(file.bytes, to: target)
            } catch {
                removeStaged(files, staging)
                throw Failure(message: "\(error)")
            }
            SignalCleanup.register(target)
        }
        TestSwitches.pauseAfterStagingIfRequested()
        TestSwitches.pauseWhileRequested()
        TestSwitches.crashIfRequested(at: "staged")
        // The record names the new files before any is moved: a process killed part-way through
        // the moves leaves files that the next write of the set (the supervisor's, say) may replace.
        let added = mutex.withLock { files.map(\.path).filter { !recorded.contains($0) } }
        for file in files { record(file.path) }
        do { try saveRecord() } catch {
            // Nothing was moved: the folder and its record stay as they were.
            mutex.withLock { for path in added { recorded.remove(path) } }
            removeStaged(files, staging)
            throw error
        }
        // 2. Moved into place; each rename is atomic, and nothing can fail for lack of space now.
        for (position, file) in files.enumerated() {
            let target = resolve(file.path)
            if let slash = target.lastIndex(of: "/") {
                do { try AtomicFile.createDirectory(String(target[..<slash])) } catch {
                    removeStaged(files, staging)
                    throw Failure(message: "\(error)")
                }
            }
            if rename(staging + "/" + file.path, target) != 0 {
                let reason = String(cString: strerror(errno))
                removeStaged(files, staging)
                throw Failure(message: "cannot write \(target): \(reason)")
            }
            SignalCleanup.unregister(staging + "/" + file.path)
            if position == 0 { TestSwitches.crashIfRequested(at: "moving") }
        }
        // 3. What the previous set had and this one lacks.
        let kept = Set(files.map(\.path))
        let stale = mutex.withLock { recorded.filter { belongsToSet($0) && !kept.contains($0) } }
        for file in stale {
            unlink(resolve(file))
            mutex.withLock { _ = recorded.remove(file) }
        }
        // The record was saved with this set's names before the moves; it changes only if files went.
        if !stale.isEmpty { try saveRecord() }
    }

    /// Writes the record of every file recbook wrote here.
    public func saveRecord() throws(Failure) {
        let text = mutex.withLock { recorded.sorted().joined(separator: "\n") + "\n" }
        do { try AtomicFile.write(text, to: path + "/" + Self.recordName) } catch { throw Failure(message: "\(error)") }
    }

    /// Fails when any of `relativePaths` could not be written: an input of the run is there,
    /// or a file recbook did not write. Lets a run refuse before it starts.
    public func check(_ relativePaths: [String]) throws(Failure) {
        for relative in relativePaths { try checkWritable(resolve(relative), relative: relative) }
    }

    /// Removes the staging folders a run that died abruptly left (call it with the folder locked,
    /// so no other run is staging).
    public func removeAbandonedStaging() {
        guard let directory = opendir(path) else { return }
        var abandoned: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(".recbook-staging-") { abandoned.append(path + "/" + name) }
        }
        closedir(directory)
        for folder in abandoned { Self.removeTree(folder) }
    }

    private static func removeTree(_ folder: String) {
        if let directory = opendir(folder) {
            var names: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(directory)
            for name in names where unlink(folder + "/" + name) != 0 { removeTree(folder + "/" + name) }
        }
        rmdir(folder)
    }

    // MARK: - Checks

    private func checkWritable(_ destination: String, relative: String) throws(Failure) {
        var info = stat()
        guard lstat(destination, &info) == 0 else { return }  // nothing there yet
        if let input = mutex.withLock({ inputs.first { $0.device == UInt64(info.st_dev) && $0.inode == UInt64(info.st_ino) } }) {
            throw Failure(message: "refusing to write \(destination): it is an input of this run (\(input.path)); choose another output folder")
        }
        guard !relative.hasPrefix("/") else { return }  // outside the folder, allowed by the user
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw Failure(message: "refusing to write \(destination): something other than a file is there")
        }
        let known = mutex.withLock { recorded.contains(relative) }
        if known || (!hadRecord && Self.looksLikeRecbookOutput(destination)) { return }
        throw Failure(message: "refusing to overwrite \(destination): recbook did not write it; move it away or choose another output folder")
    }

    private func record(_ relative: String) {
        guard !relative.hasPrefix("/") else { return }
        mutex.withLock { _ = recorded.insert(relative) }
    }

    private func removeStaged(_ files: [(path: String, bytes: [UInt8])], _ staging: String) {
        for file in files {
            unlink(staging + "/" + file.path)
            SignalCleanup.unregister(staging + "/" + file.path)
        }
    }

    /// Folders written before the record existed: a report recbook wrote says so inside.
    static func looksLikeRecbookOutput(_ file: String) -> Bool {
        if file.hasSuffix(".md") {
            // The Markdown report ends with its run manifest.
            guard let text = readPrefix(file, bytes: 1 << 24) else { return false }
            return text.contains("<!-- generated by recbook") || (text.contains("## Run manifest") && text.contains("| recbook version |"))
        }
        guard let head = readPrefix(file, bytes: 4096) else { return false }
        return head.contains("<meta name=\"generator\" content=\"recbook") || head.contains("\"schemaVersion\"")
            || (file.hasSuffix(".svg") && head.hasPrefix("<svg"))
    }

    static func readRecord(_ file: String) -> Set<String>? {
        guard let text = readPrefix(file, bytes: 1 << 22) else { return nil }
        return Set(text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("/") && !$0.contains("..") })
    }

    private static func readPrefix(_ file: String, bytes limit: Int) -> String? {
        let fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        // As much as the file holds, up to the limit: a record is a few lines, and zeroing
        // the whole limit cost milliseconds of every run.
        let capacity = min(max(Int(info.st_size), 0), limit)
        var failed = false
        let buffer = [UInt8](unsafeUninitializedCapacity: capacity) { bytes, count in
            count = 0
            while count < capacity {
                let n = read(fd, bytes.baseAddress! + count, capacity - count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failed = true }
                guard n > 0 else { break }
                count += n
            }
        }
        guard !failed else { return nil }
        return String(decoding: buffer, as: UTF8.self)
    }
}
