#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NotebookDocument
import RecbookReports

/// The notebooks a command line names: each file as given, and for each folder the `*.md`
/// files directly inside it that hold at least one ```recbook block, sorted by name. Folders are
/// not searched recursively: a folder of notebooks is one level, and a deeper search would pick
/// up examples and vendored Markdown.
struct NotebookSelection {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Notebook paths in run order, each once.
    var paths: [String]
    /// The folders among the arguments (without a trailing `/`).
    var folders: [String]

    /// Whether the run writes an index: a folder was given, or more than one notebook.
    var isCollection: Bool { !folders.isEmpty || paths.count > 1 }

    /// The index's title: the folder's name when one folder was given.
    var indexTitle: String {
        if folders.count == 1, let name = folders[0].split(separator: "/").last {
            return String(name)
        }
        return SelectionMessages.indexTitle(count: paths.count)
    }

    init(arguments: [String]) throws(Failure) {
        var paths: [String] = []
        var folders: [String] = []
        for argument in arguments {
            guard Self.isFolder(argument) else {
                paths.append(argument)
                continue
            }
            var folder = argument
            while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
            folders.append(folder)
            let found = try Self.notebooks(in: folder)
            if found.isEmpty { throw Failure(description: SelectionMessages.noNotebooks(in: argument)) }
            paths += found
        }
        // A notebook named twice (as a file and inside its folder) runs once.
        var seen = Set<String>()
        self.paths = paths.filter { seen.insert($0).inserted }
        self.folders = folders
    }

    private static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func notebooks(in folder: String) throws(Failure) -> [String] {
        guard let directory = opendir(folder) else {
            throw Failure(description: SelectionMessages.unreadable(folder, reason: String(cString: strerror(errno))))
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasSuffix(".md"), !name.hasPrefix(".") else { continue }
            names.append(name)
        }
        let prefix = folder == "/" ? "/" : folder + "/"
        return names.sorted().map { prefix + $0 }.filter { !isFolder($0) && holdsCells($0) }
    }

    /// Whether a Markdown file is a notebook. One whose front matter does not parse still counts
    /// when a ```recbook fence appears in its text, so its errors are shown rather than skipped.
    private static func holdsCells(_ path: String) -> Bool {
        do {
            return !(try NotebookParser.parse(path: path)).cells.isEmpty
        } catch {
            // Not a regular file (a FIFO would block the read) or unreadable: let the check say so.
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, let file = fopen(path, "r") else { return true }
            defer { fclose(file) }
            // The parser refuses notebooks past its cap; so much is enough to find a fence.
            var bytes = [UInt8](repeating: 0, count: min(Int(info.st_size), 64 << 20))
            let count = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            let text = String(decoding: bytes.prefix(count), as: UTF8.self)
            return text.contains("```recbook") || text.contains("~~~recbook")
        }
    }
}

/// The command line's words about notebooks, folders and the index.
enum SelectionMessages {
    static func noNotebooks(in folder: String) -> String {
        "\(folder) holds no notebook: no *.md file in it has a ```recbook block"
    }

    static func unreadable(_ folder: String, reason: String) -> String {
        "cannot read the folder \(folder): \(reason)"
    }

    static func indexTitle(count: Int) -> String { "\(count) notebooks" }

    static func reportsCollide(_ first: String, _ second: String, output: String, name: String) -> String {
        "\(first) and \(second) would both write \(output)/\(name).html; run them with different --output folders"
    }

    static func reportIsTheIndex(_ notebook: String, output: String) -> String {
        "\(notebook) would write \(output)/\(IndexWriter.name).html, where this run's index goes; rename it, or pass --no-index"
    }

    static func summary(count: Int, failed: Int) -> String {
        failed == 0 ? "\(count) notebooks: all succeeded" : "\(count) notebooks: \(failed) failed"
    }
}
