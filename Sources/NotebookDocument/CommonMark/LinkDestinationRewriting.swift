import Foundation

/// Rewrites the destinations of links and images in Markdown text, leaving every other byte as
/// written: the Markdown report keeps the author's prose but makes relative links resolve from
/// the output folder.
///
/// Inline links (`[text](dest "title")`, `![alt](dest)`) are found through cmark-gfm's source
/// positions; link reference definitions (`[label]: dest`) line by line. `rewrite` gets each
/// destination as cmark-gfm reads it and returns the new one, or nil to keep it.
public func rewritingLinkDestinations(in markdown: String, _ rewrite: (String) -> String?) -> String {
    let links = CommonMarkConverter.parse(markdown).links
    var lineStarts = [0]
    let bytes = Array(markdown.utf8)
    for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { lineStarts.append(i + 1) }
    func offset(line: Int, column: Int) -> Int? {
        line >= 1 && line <= lineStarts.count ? lineStarts[line - 1] + column - 1 : nil
    }
    var edits: [(range: Range<Int>, text: String)] = []
    for link in links {
        guard let start = offset(line: link.startLine, column: link.startByteColumn),
            let last = offset(line: link.endLine, column: link.endByteColumn), last < bytes.count, start <= last,
            bytes[last] == UInt8(ascii: ")"),
            let destination = LinkDestination.inline(bytes, start: start, last: last),
            LinkDestination.matches(bytes[destination], url: link.url),
            let replacement = rewrite(link.url)
        else { continue }
        edits.append((destination, replacement))
    }
    edits += LinkDestination.definitions(bytes).compactMap { range in
        let raw = String(decoding: bytes[range], as: UTF8.self)
        return rewrite(LinkDestination.unescaped(raw)).map { (range, $0) }
    }
    var out = bytes
    for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
        out.replaceSubrange(edit.range, with: Array(edit.text.utf8))
    }
    return String(decoding: out, as: UTF8.self)
}

enum LinkDestination {
    /// The destination's bytes (angle brackets excluded) of an inline link spanning
    /// `start...last`, found after its last `](`.
    static func inline(_ bytes: [UInt8], start: Int, last: Int) -> Range<Int>? {
        var open = last - 1
        while open > start, !(bytes[open - 1] == UInt8(ascii: "]") && bytes[open] == UInt8(ascii: "(")) { open -= 1 }
        guard open > start else { return nil }
        var i = open + 1
        while i < last, isSpace(bytes[i]) { i += 1 }
        if i < last, bytes[i] == UInt8(ascii: "<") {
            guard let close = bytes[(i + 1)..<last].firstIndex(of: UInt8(ascii: ">")) else { return nil }
            return (i + 1)..<close
        }
        var j = i, depth = 0
        while j < last, !isSpace(bytes[j]) {
            if bytes[j] == UInt8(ascii: "\\") { j += 2; continue }
            if bytes[j] == UInt8(ascii: "(") { depth += 1 }
            if bytes[j] == UInt8(ascii: ")") { if depth == 0 { break }; depth -= 1 }
            j += 1
        }
        return i < j ? i..<min(j, last) : nil
    }

    /// The destinations of link reference definitions: `[label]: dest` at the start of a line
    /// (up to three spaces in); footnote definitions (`[^1]:`) are not links.
    static func definitions(_ bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var i = lineStart
            while i < lineEnd, i - lineStart < 3, bytes[i] == UInt8(ascii: " ") { i += 1 }
            if i + 1 < lineEnd, bytes[i] == UInt8(ascii: "["), bytes[i + 1] != UInt8(ascii: "^"),
                let close = bytes[i..<lineEnd].firstIndex(of: UInt8(ascii: "]")), close + 1 < lineEnd,
                bytes[close + 1] == UInt8(ascii: ":")
            {
                var d = close + 2
                while d < lineEnd, isSpace(bytes[d]) { d += 1 }
                if d < lineEnd, bytes[d] == UInt8(ascii: "<") {
                    if let end = bytes[(d + 1)..<lineEnd].firstIndex(of: UInt8(ascii: ">")) { result.append((d + 1)..<end) }
                } else {
                    var e = d
                    while e < lineEnd, !isSpace(bytes[e]) { e += 1 }
                    if d < e { result.append(d..<e) }
                }
            }
            lineStart = lineEnd + 1
        }
        return result
    }

    /// Whether written destination bytes are the URL cmark-gfm read (escapes aside).
    static func matches(_ raw: ArraySlice<UInt8>, url: String) -> Bool {
        let text = String(decoding: raw, as: UTF8.self)
        return text == url || unescaped(text) == url || text.removingPercentEncodingIfValid == url
    }

    /// Backslash escapes removed, as cmark-gfm reads a destination.
    static func unescaped(_ text: String) -> String {
        var out = ""
        var escaping = false
        for c in text {
            if !escaping, c == "\\" { escaping = true; continue }
            if escaping, !(c.isASCII && c.isPunctuation || c.isASCII && c.isSymbol) { out.append("\\") }
            escaping = false
            out.append(c)
        }
        if escaping { out.append("\\") }
        return out
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
    }
}

private extension String {
    var removingPercentEncodingIfValid: String? { removingPercentEncoding }
}
