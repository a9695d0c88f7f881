#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What every benchmark prints first: where and how it ran.
enum Machine {
    static var processorCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// The first `model name` line of /proc/cpuinfo.
    static var cpuModel: String {
        guard let text = readTextFile("/proc/cpuinfo") else { return "unknown (no /proc/cpuinfo)" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            }
        }
        return "unknown"
    }

    static var buildConfiguration: String {
        #if DEBUG
        return "debug (numbers are not meaningful: build with -c release)"
        #else
        return "release"
        #endif
    }

    /// UTC date and time, ISO 8601.
    static var now: String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        _ = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The header block every subcommand prints.
    static func header(_ title: String) -> String {
        """
        # recbook-bench \(title)

        - machine: \(processorCount) cores (nproc), \(cpuModel)
        - build: \(buildConfiguration)
        - date: \(now)
        """
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self[...]
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
