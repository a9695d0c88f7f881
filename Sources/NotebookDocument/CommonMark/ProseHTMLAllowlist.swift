/// The raw HTML prose may use: `<details>` (optionally `open`) and `<summary>`, for hidden
/// solutions, and nothing else. A block of raw HTML passes only when every tag in it is one of
/// these with no other attribute, so no script, event handler, style or link can get through. Any other raw HTML is left out, as before.
///
/// Tags are balanced over a whole passage: a stray closing tag is dropped and unclosed ones
/// are closed at the end, so a passage cannot swallow the report after it.
struct ProseHTMLAllowlist {
    private(set) var openDetails = 0
    private(set) var openSummaries = 0

    /// The sanitised HTML for a raw HTML block or inline, or nil when it holds anything else.
    mutating func sanitise(_ raw: String) -> String? {
        guard let tokens = Self.tokens(raw) else { return nil }
        var out = ""
        for token in tokens {
            switch token {
            // Text between allowed tags holds no `<` (each starts a tag); entities stay as written.
            case .text(let text): out += text.replacing(">", with: "&gt;")
            case .open(let name, let isOpen):
                if name == "details" {
                    openDetails += 1
                    out += isOpen ? "<details open>" : "<details>"
                } else {
                    openSummaries += 1
                    out += "<summary>"
                }
            case .close(let name):
                if name == "details", openDetails > 0 {
                    // A summary left open closes with its details.
                    while openSummaries > 0 { out += "</summary>"; openSummaries -= 1 }
                    openDetails -= 1
                    out += "</details>"
                } else if name == "summary", openSummaries > 0 {
                    openSummaries -= 1
                    out += "</summary>"
                }
            }
        }
        return out
    }

    /// Closes whatever the passage left open.
    mutating func closeAll() -> String {
        var out = String(repeating: "</summary>", count: openSummaries)
        out += String(repeating: "</details>\n", count: openDetails)
        openSummaries = 0
        openDetails = 0
        return out
    }

    private enum Token {
        case text(String)
        case open(String, isOpen: Bool)
        case close(String)
    }

    /// Splits `raw` into allowed tags and text; nil when any `<` starts something else.
    private static func tokens(_ raw: String) -> [Token]? {
        var tokens: [Token] = []
        var rest = Substring(raw)
        while let lt = rest.firstIndex(of: "<") {
            if lt > rest.startIndex { tokens.append(.text(String(rest[..<lt]))) }
            guard let gt = rest[lt...].firstIndex(of: ">") else { return nil }
            let inside = rest[rest.index(after: lt)..<gt].lowercased()
            guard let token = tag(inside) else { return nil }
            tokens.append(token)
            rest = rest[rest.index(after: gt)...]
        }
        if !rest.isEmpty { tokens.append(.text(String(rest))) }
        return tokens
    }

    /// `details`, `details open`, `summary`, `/details`, `/summary` (spaces around allowed).
    private static func tag(_ inside: String) -> Token? {
        let words = inside.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        switch words {
        case ["details"], ["summary"]: return .open(words[0], isOpen: false)
        case ["details", "open"], ["details", "open=\"\""], ["details", "open=\"open\""]: return .open("details", isOpen: true)
        case ["/details"], ["/summary"]: return .close(String(words[0].dropFirst()))
        default: return nil
        }
    }
}

/// Escapes text for HTML and SVG (element content and quoted attribute values alike):
/// `&`, `<`, `>`, `"` and `'`. The reports escape with it too (`escapeHTML`).
public func escapeProseHTML(_ text: some StringProtocol) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
