/// Finds TeX maths in Markdown prose: `$…$` inline and `$$…$$` display, by the rules pandoc
/// and GitHub use, so that a price is not maths:
/// - an opening `$` is not followed by a space (or a line break), a closing `$` is not preceded
///   by one and not followed by a digit ("costs $5 and $6" has no maths);
/// - `\$` is a literal dollar, and nothing inside code spans or fenced code blocks counts;
/// - maths does not run across a blank line.
///
/// It is found before cmark-gfm sees the text, so emphasis (`$a_i * b_j$`) and backslash
/// escapes (`$\|x\|$`) never touch the TeX.
struct MathSpan: Equatable {
    /// UTF-8 byte range of the whole span in the Markdown, dollars included.
    var range: Range<Int>
    /// The TeX between the dollars, as written.
    var tex: String
    var display: Bool
}

enum MathScanner {
    static func spans(in markdown: String) -> [MathSpan] {
        let bytes = Array(markdown.utf8)
        let fenced = fencedLines(bytes)
        var spans: [MathSpan] = []
        var i = 0
        let dollar = UInt8(ascii: "$"), backslash = UInt8(ascii: "\\"), backtick = UInt8(ascii: "`")
        while i < bytes.count {
            if let end = fenced[i] { i = end; continue }
            let byte = bytes[i]
            if byte == backslash { i += 2; continue }
            if byte == backtick {
                var run = 0
                while i + run < bytes.count, bytes[i + run] == backtick { run += 1 }
                if let close = closingBackticks(bytes, from: i + run, length: run) { i = close } else { i += run }
                continue
            }
            guard byte == dollar else { i += 1; continue }
            let display = i + 1 < bytes.count && bytes[i + 1] == dollar
            if display {
                if let close = closingDisplay(bytes, from: i + 2) {
                    let tex = String(decoding: bytes[(i + 2)..<close], as: UTF8.self)
                    if !tex.allSatisfy(\.isWhitespace) {
                        spans.append(MathSpan(range: i..<(close + 2), tex: tex, display: true))
                    }
                    i = close + 2
                } else {
                    i += 2
                }
                continue
            }
            if i + 1 < bytes.count, !isSpace(bytes[i + 1]), let close = closingInline(bytes, from: i + 1) {
                spans.append(MathSpan(range: i..<(close + 1), tex: String(decoding: bytes[(i + 1)..<close], as: UTF8.self), display: false))
                i = close + 1
            } else {
                i += 1
            }
        }
        return spans
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// True when a blank line starts at `i` (just after a line break).
    private static func blankLineFollows(_ bytes: [UInt8], _ i: Int) -> Bool {
        var j = i + 1
        while j < bytes.count, bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: "\t") || bytes[j] == UInt8(ascii: ">") { j += 1 }
        return j >= bytes.count || bytes[j] == UInt8(ascii: "\n")
    }

    private static func closingInline(_ bytes: [UInt8], from start: Int) -> Int? {
        var j = start
        while j < bytes.count {
            let byte = bytes[j]
            if byte == UInt8(ascii: "\\") { j += 2; continue }
            if byte == UInt8(ascii: "\n"), blankLineFollows(bytes, j) { return nil }
            if byte == UInt8(ascii: "$") {
                let after = j + 1 < bytes.count ? bytes[j + 1] : nil
                if !isSpace(bytes[j - 1]), after.map({ !isDigit($0) }) ?? true, after != UInt8(ascii: "$") { return j }
                if after == UInt8(ascii: "$") { return nil }
            }
            j += 1
        }
        return nil
    }

    private static func closingDisplay(_ bytes: [UInt8], from start: Int) -> Int? {
        var j = start
        while j + 1 < bytes.count {
            let byte = bytes[j]
            if byte == UInt8(ascii: "\\") { j += 2; continue }
            if byte == UInt8(ascii: "\n"), blankLineFollows(bytes, j) { return nil }
            if byte == UInt8(ascii: "$"), bytes[j + 1] == UInt8(ascii: "$") { return j }
            j += 1
        }
        return nil
    }

    /// The index just after a backtick run of exactly `length` closing a code span, if any
    /// before a blank line.
    private static func closingBackticks(_ bytes: [UInt8], from start: Int, length: Int) -> Int? {
        var j = start
        while j < bytes.count {
            if bytes[j] == UInt8(ascii: "\n"), blankLineFollows(bytes, j) { return nil }
            if bytes[j] == UInt8(ascii: "`") {
                var run = 0
                while j + run < bytes.count, bytes[j + run] == UInt8(ascii: "`") { run += 1 }
                if run == length { return j + run }
                j += run
                continue
            }
            j += 1
        }
        return nil
    }

    /// For the first byte of each fenced code block (fences included), the index just past it.
    private static func fencedLines(_ bytes: [UInt8]) -> [Int: Int] {
        var result: [Int: Int] = [:]
        var lineStart = 0
        var open: (start: Int, fence: UInt8, length: Int)?
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = min(lineEnd + 1, bytes.count)
            // Quote markers and indentation are skipped: fences inside quotes and list items count too.
            var k = lineStart
            while k < lineEnd, bytes[k] == UInt8(ascii: " ") || bytes[k] == UInt8(ascii: ">") || bytes[k] == UInt8(ascii: "\t") { k += 1 }
            var run = 0
            let fenceByte = k < lineEnd ? bytes[k] : 0
            if fenceByte == UInt8(ascii: "`") || fenceByte == UInt8(ascii: "~") {
                while k + run < lineEnd, bytes[k + run] == fenceByte { run += 1 }
            }
            if let current = open {
                let rest = bytes[(k + run)..<lineEnd]
                if fenceByte == current.fence, run >= current.length, rest.allSatisfy({ isSpace($0) }) {
                    result[current.start] = next
                    open = nil
                }
            } else if run >= 3 {
                let info = bytes[(k + run)..<lineEnd]
                if fenceByte == UInt8(ascii: "~") || !info.contains(UInt8(ascii: "`")) {
                    open = (lineStart, fenceByte, run)
                }
            }
            lineStart = next
        }
        if let current = open { result[current.start] = bytes.count }
        return result
    }
}
