/// A notebook's text split into lines, for turning cmark-gfm's byte columns into the
/// scalar columns recbook reports, and for slicing prose by line range.
///
/// Line endings `\n`, `\r\n` and `\r` are all accepted; line texts exclude them.
struct SourceLines: Sendable {
    /// Line texts, 0-based (line 1 of the file is `lines[0]`).
    let lines: [Substring]

    init(_ text: String) {
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        // Iterate by unicode scalars: "\r\n" is one Character, which would hide the "\r".
        let scalars = text.unicodeScalars
        while index < text.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                result.append(text[start..<index])
                var next = scalars.index(after: index)
                if scalar == "\r", next < text.endIndex, scalars[next] == "\n" {
                    next = scalars.index(after: next)
                }
                start = next
                index = next
            } else {
                index = scalars.index(after: index)
            }
        }
        if start < text.endIndex || result.isEmpty { result.append(text[start..<text.endIndex]) }
        lines = result
    }

    var count: Int { lines.count }

    /// The text of 1-based `line`, or "" past the end.
    func text(_ line: Int) -> Substring {
        line >= 1 && line <= lines.count ? lines[line - 1] : ""
    }

    /// Converts a 1-based byte column on `line` (cmark's unit) to a 1-based column in
    /// Unicode scalars. Columns past the end of the line keep counting one per byte.
    func scalarColumn(line: Int, byteColumn: Int) -> Int {
        let text = self.text(line)
        var bytes = 0
        var column = 1
        for scalar in text.unicodeScalars {
            if bytes >= byteColumn - 1 { return column }
            bytes += UTF8.width(scalar)
            column += 1
        }
        return column + max(0, byteColumn - 1 - bytes)
    }

    /// Number of Unicode scalars on `line`.
    func scalarCount(_ line: Int) -> Int { text(line).unicodeScalars.count }
}
