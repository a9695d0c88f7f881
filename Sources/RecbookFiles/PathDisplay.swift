#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How paths appear in reports: relative to the working directory, so a published report
/// does not reveal the author's machine (`/home/ada/projects/…`).
public enum PathDisplay {
    /// `path` relative to the current directory when it is absolute (`../shared/data/x.tsv`);
    /// relative paths are kept as written.
    public static func relativeToWorkingDirectory(_ path: String) -> String {
        guard path.hasPrefix("/"), let cwd = workingDirectory() else { return path }
        return relative(path, from: cwd)
    }

    /// `path` relative to the folder `base` (both absolute).
    public static func relative(_ path: String, from base: String) -> String {
        let target = path.split(separator: "/").filter { $0 != "." }
        let origin = base.split(separator: "/").filter { $0 != "." }
        var shared = 0
        while shared < target.count, shared < origin.count, target[shared] == origin[shared] { shared += 1 }
        let up = Array(repeating: "..", count: origin.count - shared)
        let parts = up + target[shared...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    private static func workingDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Percent-encodes a relative file path for a link (`href`, a Markdown link destination):
    /// every byte but ASCII letters, digits, `-._~` and `/` becomes `%XX`, so a report named
    /// `a b#1` links as `a%20b%231.html` and no name can end the link or start a fragment.
    public static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}
