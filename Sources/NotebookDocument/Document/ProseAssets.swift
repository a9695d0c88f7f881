import Foundation
import RecbookFiles

/// A link or image destination that names a file beside the notebook (`figures/plot.png`,
/// `../docs/fidelity.md#cache`): no scheme, not absolute, not an in-page `#anchor`.
/// Reports rewrite these so they still resolve from the output folder; `check` warns when the
/// file is missing.
public struct RelativeTarget: Sendable, Hashable {
    /// The file path, percent-escapes decoded (`my%20plot.png` → `my plot.png`).
    public var path: String
    /// `#fragment` or `?query…` as written, kept on rewritten links.
    public var suffix: String

    public init(path: String, suffix: String = "") {
        self.path = path
        self.suffix = suffix
    }

    /// Nil for absolute URLs (`https:`, `mailto:`, `data:`), absolute paths, `#anchors` and "".
    public init?(url: String) {
        guard !url.isEmpty, !url.hasPrefix("#"), !url.hasPrefix("/"), !url.hasPrefix("\\") else { return nil }
        // A scheme is letters, digits, `+`, `-`, `.` before the first `:`, starting with a letter.
        if let colon = url.firstIndex(of: ":") {
            let scheme = url[..<colon]
            if let first = scheme.first, first.isLetter,
                scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
            { return nil }
        }
        let cut = url.firstIndex { $0 == "#" || $0 == "?" } ?? url.endIndex
        let raw = String(url[..<cut])
        guard !raw.isEmpty else { return nil }
        path = raw.removingPercentEncoding ?? raw
        suffix = String(url[cut...])
    }

    /// The target's path as seen from the current directory, given the notebook's path.
    public func resolved(notebookPath: String) -> String {
        FilePaths.normalise(FilePaths.join(FilePaths.directory(of: notebookPath), path))
    }

    /// The destination to write in a report in `outputDirectory` so it reaches the same file:
    /// the relative path from the output folder, percent-escaped where a URL needs it, and the suffix.
    public func rewritten(notebookPath: String, outputDirectory: String) -> String {
        let target = FilePaths.absolute(resolved(notebookPath: notebookPath))
        let from = FilePaths.absolute(FilePaths.normalise(outputDirectory))
        return PathDisplay.percentEncoded(PathDisplay.relative(target, from: from)) + suffix
    }
}

/// The image types prose may show, recognised by their content (SVG by its extension and text).
public enum ProseImageType: String, Sendable {
    case png = "image/png", jpeg = "image/jpeg", gif = "image/gif", webp = "image/webp", svg = "image/svg+xml"

    /// Larger images are not inlined into the HTML report (`check` warns).
    public static let maximumBytes = 5 << 20

    public init?(bytes: [UInt8], path: String) {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + magic.count && Array(bytes[offset..<(offset + magic.count)]) == magic
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { self = .png }
        else if starts([0xFF, 0xD8, 0xFF]) { self = .jpeg }
        else if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { self = .gif }
        else if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { self = .webp }
        else if path.lowercased().hasSuffix(".svg"), String(decoding: bytes.prefix(4096), as: UTF8.self).contains("<svg") { self = .svg }
        else { return nil }
    }
}

/// Lexical path arithmetic on `/`-separated paths (no file system access but the current directory).
enum FilePaths {
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func join(_ directory: String, _ path: String) -> String {
        directory == "." ? path : directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// Drops `.` and empty parts and folds `name/..`; leading `..` of a relative path stay.
    static func normalise(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : normalise(join(FileManager.default.currentDirectoryPath, path))
    }
}
