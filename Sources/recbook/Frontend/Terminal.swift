#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecbookFiles

/// Writes to standard error, with ANSI styling only when it is a terminal and
/// `NO_COLOR` is not set.
struct Terminal {
    let isInteractive: Bool
    let usesColor: Bool

    init() {
        isInteractive = isatty(STDERR_FILENO) == 1
        usesColor = isInteractive && getenv("NO_COLOR") == nil && (getenv("TERM").map { String(cString: $0) } ?? "") != "dumb"
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", cyan = "36"
    }

    func styled(_ text: String, _ style: Style) -> String {
        usesColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    func write(_ text: String) {
        var bytes = Self.neutralisingControls(Array(text.utf8))
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = SystemCall.write(STDERR_FILENO, raw.baseAddress! + offset, raw.count - offset)
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
    var bytes = Terminal.neutralisingControls(Array((text + "\n").utf8))
    bytes.withUnsafeMutableBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = SystemCall.write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}

extension Terminal {
    /// Control characters from notebooks, paths and data must not reach the terminal as such (an
    /// ESC or BEL could retitle or clear it): each becomes caret notation (`^[`, `^G`). Newlines,
    /// tabs, a carriage return before an erase-line, and the colour and erase-line sequences
    /// recbook itself writes (`ESC [ digits m`, `ESC [ 2 K`) pass.
    static func neutralisingControls(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1B, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "[") {
                var j = i + 2
                while j < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[j]) { j += 1 }
                if j < bytes.count, j > i + 2, bytes[j] == UInt8(ascii: "m") || (bytes[j] == UInt8(ascii: "K") && j == i + 3) {
                    out.append(contentsOf: bytes[i...j])
                    i = j + 1
                    continue
                }
            }
            if b == 0x0A || b == 0x09 || (b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x1B) {
                out.append(b)
            } else if b < 0x20 || b == 0x7F {
                out.append(UInt8(ascii: "^"))
                out.append(b == 0x7F ? UInt8(ascii: "?") : b + 0x40)
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }
}
