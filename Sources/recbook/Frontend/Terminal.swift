#if canImport(Glibc)
import Glibc
#endif

/// Writes to standard error, with ANSI styling only when it is a terminal and
/// `NO_COLOR` is not set.
struct Terminal {
    let isInteractive: Bool
    let usesColor: Bool

    init() {
        isInteractive = isatty(STDERR_FILENO) == 1
        usesColor = isInteractive && getenv("NO_COLOR") == nil && String(cString: getenv("TERM") ?? strdup("")) != "dumb"
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", cyan = "36"
    }

    func styled(_ text: String, _ style: Style) -> String {
        usesColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(STDERR_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    func line(_ text: String) { write(text + "\n") }

    /// Replaces the current terminal line (interactive output only).
    func overwriteLine(_ text: String) { write("\r\u{1B}[2K" + text) }

    func clearLine() { if isInteractive { write("\r\u{1B}[2K") } }
}

/// Writes to standard output.
func printOut(_ text: String) {
    var bytes = Array((text + "\n").utf8)
    bytes.withUnsafeMutableBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}
