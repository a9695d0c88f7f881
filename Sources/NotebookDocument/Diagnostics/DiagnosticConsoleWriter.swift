/// Formats diagnostics for a terminal the way the Swift compiler does: the headline,
/// the source line with a caret under the range, the fix-it's replacement under it,
/// then the notes, and a closing count ("2 errors").
///
/// ```
/// Notebooks/x.md:14:22: error: unknown option `epoch`; did you mean `epochs`?
/// 14 | bpr = train bprmf data epoch=5
///    |                        ^~~~~
///    |                        epochs
/// ```
public struct DiagnosticConsoleWriter: Sendable {
    /// Whether to emit ANSI colour escapes (only when the caller knows the output is a terminal).
    public var useColor: Bool

    public init(useColor: Bool = false) {
        self.useColor = useColor
    }

    /// Every diagnostic, then the summary line. `sources` maps a diagnostic's file to its text;
    /// a diagnostic whose file has no text is printed without source lines.
    public func format(_ diagnostics: [Diagnostic], sources: [String: String]) -> String {
        var lines = SourceLineCache()
        var output = ""
        for diagnostic in diagnostics {
            var noteLines: [String: [Substring]] = [:]
            for file in Set(diagnostic.notes.compactMap(\.file)) { noteLines[file] = lines.lines(of: file, in: sources) }
            output += format(diagnostic, lines: lines.lines(of: diagnostic.file, in: sources), noteLines: noteLines)
        }
        output += Self.summary(diagnostics) + "\n"
        return output
    }

    /// One diagnostic with its notes, each line ending in a newline.
    public func format(_ diagnostic: Diagnostic, source: String?) -> String {
        format(diagnostic, lines: source.map(Self.splitLines))
    }

    /// "1 error", "2 errors, 1 warning"; "no errors" when empty.
    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        var parts: [String] = []
        if errors > 0 { parts.append(errors == 1 ? "1 error" : "\(errors) errors") }
        if warnings > 0 { parts.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
        return parts.isEmpty ? "no errors" : parts.joined(separator: ", ")
    }

    // MARK: - Layout

    /// `noteLines`: the lines of the other files notes point into.
    private func format(_ diagnostic: Diagnostic, lines: [Substring]?, noteLines otherFiles: [String: [Substring]] = [:]) -> String {
        var noteLines = diagnostic.notes.compactMap { $0.range?.lowerBound.line }
        noteLines.append(diagnostic.range.lowerBound.line)
        let gutterWidth = String(noteLines.max() ?? 1).count

        var output = bold(
            "\(diagnostic.file):\(diagnostic.range.lowerBound): \(severityLabel(diagnostic.severity)) \(diagnostic.summary)")
            + "\n"
        output += excerpt(range: diagnostic.range, fixIts: diagnostic.fixIts, lines: lines, gutterWidth: gutterWidth)
        for note in diagnostic.notes {
            if let range = note.range {
                let file = note.file ?? diagnostic.file
                output += "\(file):\(range.lowerBound): \(severityLabel(.note)) \(note.message)\n"
                output += excerpt(range: range, fixIts: [], lines: note.file == nil ? lines : otherFiles[file], gutterWidth: gutterWidth)
            } else {
                output += "\(severityLabel(.note)) \(note.message)\n"
            }
        }
        return output
    }

    /// The source line, a caret line and, for a fix-it on the same line, its replacement.
    private func excerpt(range: SourceRange, fixIts: [Diagnostic.FixIt], lines: [Substring]?, gutterWidth: Int) -> String {
        let lineNumber = range.lowerBound.line
        guard let lines, lineNumber >= 1, lineNumber <= lines.count else { return "" }
        let text = Array(lines[lineNumber - 1].unicodeScalars)
        let number = String(lineNumber)
        let gutter = String(repeating: " ", count: gutterWidth - number.count) + number + " | "
        let blankGutter = String(repeating: " ", count: gutterWidth) + " | "

        let start = range.lowerBound.column
        // A range that runs onto later lines is underlined to the end of this line.
        let end = range.upperBound.line == lineNumber ? range.upperBound.column : text.count + 1
        let width = max(1, end - start)
        var output = gutter + String(String.UnicodeScalarView(text)) + "\n"
        output += blankGutter + padding(to: start, in: text) + green("^" + String(repeating: "~", count: width - 1)) + "\n"
        for fixIt in fixIts where fixIt.range.lowerBound.line == lineNumber && !fixIt.replacement.isEmpty {
            output += blankGutter + padding(to: fixIt.range.lowerBound.column, in: text) + green(fixIt.replacement) + "\n"
        }
        return output
    }

    /// Blanks up to `column`, keeping the line's tabs so the caret lines up under it.
    private func padding(to column: Int, in text: [Unicode.Scalar]) -> String {
        var result = ""
        for i in 0..<max(0, column - 1) {
            result += i < text.count && text[i] == "\t" ? "\t" : " "
        }
        return result
    }

    private func severityLabel(_ severity: Diagnostic.Severity) -> String {
        let label = severity.rawValue + ":"
        guard useColor else { return label }
        switch severity {
        case .error: return "\u{1B}[1;31m\(label)\u{1B}[0m\u{1B}[1m"
        case .warning: return "\u{1B}[1;35m\(label)\u{1B}[0m\u{1B}[1m"
        case .note: return "\u{1B}[1;90m\(label)\u{1B}[0m"
        }
    }

    private func bold(_ text: String) -> String {
        useColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    private func green(_ text: String) -> String {
        useColor ? "\u{1B}[32m\(text)\u{1B}[0m" : text
    }

    static func splitLines(_ source: String) -> [Substring] {
        // "\r\n" is a single Character, so both line ends are matched here.
        source.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    }

    /// Splits each file's text once, however many diagnostics it has.
    private struct SourceLineCache {
        var cache: [String: [Substring]] = [:]
        mutating func lines(of file: String, in sources: [String: String]) -> [Substring]? {
            if let cached = cache[file] { return cached }
            guard let source = sources[file] else { return nil }
            let lines = DiagnosticConsoleWriter.splitLines(source)
            cache[file] = lines
            return lines
        }
    }
}
