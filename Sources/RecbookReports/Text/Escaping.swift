import NotebookDocument

/// Escapes text for HTML and SVG (element content and quoted attribute values alike):
/// `&`, `<`, `>`, `"` and `'`, as prose rendering does.
public func escapeHTML(_ text: some StringProtocol) -> String { escapeProseHTML(text) }

/// Escapes text for inline GitHub-flavoured Markdown (headers, table cells, list items):
/// Markdown punctuation gets a backslash, HTML-significant characters become entities so a
/// `<script>` in data stays text, and line breaks become spaces (a table row is one line).
func escapeMarkdownInline(_ text: some StringProtocol) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\\", "|", "*", "_", "`", "[", "]", "#", "~": out += "\\"; out.unicodeScalars.append(scalar)
        case "\n", "\r": out += " "
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// A code fence long enough that `text` cannot close it: one backtick more than the
/// longest run of backticks inside, and at least three.
func codeFence(for text: String) -> String {
    var longest = 0, run = 0
    for c in text.utf8 {
        if c == UInt8(ascii: "`") { run += 1; longest = max(longest, run) } else { run = 0 }
    }
    return String(repeating: "`", count: max(3, longest + 1))
}

/// Percent-encodes a relative file path for a link (`href`, a Markdown link destination):
/// every byte but ASCII letters, digits, `-._~` and `/` becomes `%XX`, so a report named
/// `a b#1` links as `a%20b%231.html` and no name can end the link or start a fragment.
func percentEncodePath(_ path: String) -> String {
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
