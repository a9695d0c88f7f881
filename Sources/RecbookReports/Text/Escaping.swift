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

