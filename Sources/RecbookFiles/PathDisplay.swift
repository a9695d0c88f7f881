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
}
