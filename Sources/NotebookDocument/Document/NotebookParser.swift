#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a notebook's Markdown into a `Notebook`: front matter, prose and `recbook` cells.
///
/// How the document is cut:
/// - Front matter is read first, then its lines are replaced by blank lines before cmark-gfm
///   sees the text, so every position cmark reports is a true position in the file.
/// - Every fenced code block whose info string's first word is `recbook` is a cell, at any
///   depth (inside list items and block quotes too).
/// - Everything between two cells is one prose block: the original Markdown lines, with
///   leading and trailing blank lines dropped. Other code blocks stay in the prose as written.
/// - When a cell sits inside a container (a list item, a quote), the container is cut around
///   it: its lines before the cell close the previous prose block, and its lines after the
///   cell start the next one with the container's prefix (the spaces and `>` markers left of
///   the cell's fence) removed, so the rest renders as ordinary paragraphs instead of an
///   indented code block.
public enum NotebookParser {
    public static func parse(path: String, source: String? = nil) throws(NotebookParseError) -> Notebook {
        var text: String
        if let source {
            text = source
        } else {
            text = try readFile(path)
        }
        // CommonMark replaces NUL with U+FFFD (three bytes for one): doing it first keeps
        // cmark's byte columns and the source's in step. Scalar columns do not move.
        if text.utf8.contains(0) { text = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 })) }
        let lines = SourceLines(text)

        let front = FrontMatterParser(path: path, lines: lines).parse()
        // An unclosed front matter leaves no body to read; other front-matter errors are
        // thrown after the body is parsed, with the notebook, so its cells can be checked too.
        if !front.errors.isEmpty, front.lastLine == 0 { throw NotebookParseError(diagnostics: front.errors, source: text) }

        var cmarkInput = ""
        cmarkInput.reserveCapacity(text.utf8.count)
        for line in 1...lines.count {
            if line > front.lastLine { cmarkInput += lines.text(line) }
            cmarkInput += "\n"
        }
        let (tree, citationSpans, links, tooDeep) = CommonMarkConverter.parse(cmarkInput)
        if let line = tooDeep {
            let start = SourceLocation(line: line, column: 1)
            throw NotebookParseError(diagnostics: [Diagnostic(
                file: path, range: start..<start, identifier: "nesting-too-deep",
                summary: DocumentMessages.nestedTooDeep(CommonMarkConverter.maximumNesting))])
        }

        var builder = BlockBuilder(lines: lines, firstLine: front.lastLine + 1, citationSpans: citationSpans, links: links)
        for block in tree {
            builder.add(topLevel: block)
        }
        builder.finish()
        let notebook = Notebook(
            path: path, source: text, frontMatter: front.frontMatter, blocks: builder.blocks,
            warnings: (front.warnings + lookalikeCells(in: tree, path: path, lines: lines)
                + unclosedCells(in: tree, path: path, lines: lines)).sorted { $0.range.lowerBound < $1.range.lowerBound })
        if !front.errors.isEmpty {
            throw NotebookParseError(diagnostics: front.errors, source: text, partialNotebook: notebook)
        }
        return notebook
    }

    /// The largest notebook read.
    static let maximumBytes = 64 << 20

    /// Fenced blocks that look like cells but are not run (```` ```Recbook ````, ```` ```{recbook} ````):
    /// a warning each, so an author is not left wondering why nothing happened.
    static func lookalikeCells(in tree: [MarkdownBlock], path: String, lines: SourceLines) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        var pending = tree
        while let block = pending.popLast() {
            pending += block.children
            guard block.kind == .codeBlock, block.fenced else { continue }
            let word = block.info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            let bare = word.trimmingCharacters(in: "{}.,").lowercased()
            guard word != "recbook", bare == "recbook" else { continue }
            let column = lines.scalarColumn(line: block.startLine, byteColumn: block.startByteColumn)
            let start = SourceLocation(line: block.startLine, column: column)
            warnings.append(Diagnostic(
                severity: .warning, file: path, range: start..<start, identifier: "not-a-cell",
                summary: DocumentMessages.notACell(infoString: word)))
        }
        return warnings.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Cells whose fence is never closed: CommonMark ends them with their container (the
    /// document, a quote, a list item), so everything after the fence became code. A warning
    /// each, at the opening fence.
    static func unclosedCells(in tree: [MarkdownBlock], path: String, lines: SourceLines) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        var pending = tree
        while let block = pending.popLast() {
            pending += block.children
            guard block.kind == .codeBlock, block.fenced,
                block.info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first == "recbook"
            else { continue }
            let column = lines.scalarColumn(line: block.startLine, byteColumn: block.startByteColumn)
            let opening = Array(lines.text(block.startLine).unicodeScalars.dropFirst(column - 1))
            guard let fence = opening.first else { continue }
            let length = opening.prefix { $0 == fence }.count
            if block.endLine > block.startLine, isClosingFence(lines.text(block.endLine), fence: fence, length: length) { continue }
            // The last line that is not blank (cmark may count the blank line that ended a quote).
            var last = block.endLine
            while last > block.startLine, lines.text(last).allSatisfy({ $0 == " " || $0 == "\t" }) { last -= 1 }
            let start = SourceLocation(line: block.startLine, column: column)
            let fenceText = String(repeating: Character(fence), count: length)
            warnings.append(Diagnostic(
                severity: .warning, file: path, range: start..<SourceLocation(line: block.startLine, column: column + length),
                identifier: "unclosed-cell",
                summary: DocumentMessages.unclosedCell(fence: fenceText, lastLine: last)))
        }
        return warnings
    }

    /// A closing fence: the container's prefix (spaces, tabs, `>`), at least `length` fence characters, spaces.
    private static func isClosingFence(_ line: Substring, fence: Unicode.Scalar, length: Int) -> Bool {
        var scalars = Array(line.unicodeScalars)
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        let run = scalars.reversed().prefix { $0 == fence }.count
        return run >= length && scalars.dropLast(run).allSatisfy { $0 == " " || $0 == "\t" || $0 == ">" }
    }

    private static func readFile(_ path: String) throws(NotebookParseError) -> String {
        func failure(_ reason: String) -> NotebookParseError {
            let start = SourceLocation(line: 1, column: 1)
            return NotebookParseError(diagnostics: [Diagnostic(
                file: path, range: start..<start, identifier: "unreadable-notebook",
                summary: DocumentMessages.cannotRead(path, reason: reason))])
        }
        // Non-blocking, so that a FIFO is refused at once instead of waiting for a writer.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw failure(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw failure((info.st_mode & S_IFMT) == S_IFDIR ? DocumentMessages.isFolder : DocumentMessages.notRegularFile)
        }
        guard Int(info.st_size) <= maximumBytes else {
            throw failure(DocumentMessages.tooLarge(bytes: Int(info.st_size), limitMiB: maximumBytes >> 20))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maximumBytes { throw failure(DocumentMessages.grewTooLarge(limitMiB: maximumBytes >> 20)) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Accumulates blocks while walking cmark's tree in document order.
private struct BlockBuilder {
    let lines: SourceLines
    var blocks: [Block] = []
    /// First line not yet assigned to a block.
    var cursor: Int
    /// After a nested cell: strip up to `width` prefix characters on lines up to `untilLine`.
    var dedent: (width: Int, untilLine: Int)?
    /// Inline code spans starting with `=`, in document order.
    let citationSpans: [MarkdownCodeSpan]

    /// The document's links and images, in document order.
    let links: [MarkdownLink]

    init(lines: SourceLines, firstLine: Int, citationSpans: [MarkdownCodeSpan], links: [MarkdownLink]) {
        self.lines = lines
        self.cursor = firstLine
        self.citationSpans = citationSpans
        self.links = links
    }

    mutating func add(topLevel block: MarkdownBlock) {
        for cellBlock in recbookCells(in: block) {
            addProse(upTo: cellBlock.startLine - 1)
            let cell = makeCell(cellBlock, index: blocks.count(where: { if case .cell = $0 { true } else { false } }))
            blocks.append(.cell(cell))
            cursor = cellBlock.endLine + 1
            let nested = cellBlock.startLine != block.startLine || cellBlock.endLine != block.endLine
            dedent = nested && block.endLine > cellBlock.endLine
                ? (cell.range.lowerBound.column - 1, block.endLine) : nil
        }
    }

    mutating func finish() {
        addProse(upTo: lines.count)
    }

    private func recbookCells(in block: MarkdownBlock) -> [MarkdownBlock] {
        if block.kind == .codeBlock {
            let firstWord = block.info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first
            return block.fenced && firstWord == "recbook" ? [block] : []
        }
        return block.children.flatMap(recbookCells(in:))
    }

    private mutating func addProse(upTo last: Int) {
        var first = cursor
        var last = min(last, lines.count)
        defer { cursor = max(cursor, last + 1) }
        while first <= last, isBlank(first) { first += 1 }
        while last >= first, isBlank(last) { last -= 1 }
        guard first <= last else { return }
        var markdown = ""
        // Per line: where it starts in `markdown` (UTF-8 offset) and how many bytes of its prefix were cut.
        var lineOffsets: [Int: (start: Int, cut: Int)] = [:]
        for line in first...last {
            var text = lines.text(line)
            var cutBytes = 0
            if let dedent, line <= dedent.untilLine {
                var removed = 0
                while removed < dedent.width, let c = text.unicodeScalars.first, c == " " || c == ">" {
                    text = Substring(text.unicodeScalars.dropFirst())
                    removed += 1
                    cutBytes += 1
                }
            }
            lineOffsets[line] = (markdown.utf8.count, cutBytes)
            markdown += text
            markdown += "\n"
        }
        let range = SourceLocation(line: first, column: 1)..<SourceLocation(line: last, column: lines.scalarCount(last) + 1)
        let citations = citationSpans.filter { $0.startLine >= first && $0.endLine <= last }.map { span in
            citation(span, lineOffsets: lineOffsets)
        }
        let proseLinks = links.filter { $0.startLine >= first && $0.startLine <= last }.map { link in
            ProseLink(
                url: link.url, isImage: link.isImage,
                location: SourceLocation(line: link.startLine, column: lines.scalarColumn(line: link.startLine, byteColumn: link.startByteColumn)))
        }
        blocks.append(.prose(Prose(markdown: markdown, range: range, citations: citations, links: proseLinks)))
    }

    /// A citation's file range, and the byte range of its whole span (backticks included) in the prose.
    private func citation(_ span: MarkdownCodeSpan, lineOffsets: [Int: (start: Int, cut: Int)]) -> InlineCitation {
        let openLine = Array(lines.text(span.startLine).utf8), closeLine = Array(lines.text(span.endLine).utf8)
        // The range is the literal's: the content less the spaces cmark strips.
        var first = span.startByteColumn, last = span.endByteColumn
        // The literal starts with `=`, so neither loop runs past it.
        while first >= 1, first <= openLine.count, openLine[first - 1] == UInt8(ascii: " ") { first += 1 }
        while last > 1, last <= closeLine.count, closeLine[last - 1] == UInt8(ascii: " ") { last -= 1 }
        let start = SourceLocation(line: span.startLine, column: lines.scalarColumn(line: span.startLine, byteColumn: first))
        let end = SourceLocation(line: span.endLine, column: lines.scalarColumn(line: span.endLine, byteColumn: last) + 1)
        // The content is bounded by backtick runs of equal length just outside it.
        var open = span.startByteColumn - 1, close = span.endByteColumn  // 0-based: first content byte, first byte after
        var ticks = 0
        // cmark's byte columns can run past the file's line (it replaces a NUL byte with the
        // three-byte U+FFFD): outside the line there are no backticks to find.
        while open > 0, open <= openLine.count, openLine[open - 1] == UInt8(ascii: "`") { open -= 1; ticks += 1 }
        var closing = 0
        while close < closeLine.count, closeLine[close] == UInt8(ascii: "`"), closing < ticks { close += 1; closing += 1 }
        var markdownSpan: Range<Int>?
        if ticks > 0, closing == ticks, let firstLine = lineOffsets[span.startLine], let lastLine = lineOffsets[span.endLine],
            open >= firstLine.cut, close >= lastLine.cut,
            firstLine.start + open - firstLine.cut <= lastLine.start + close - lastLine.cut {
            markdownSpan = (firstLine.start + open - firstLine.cut)..<(lastLine.start + close - lastLine.cut)
        }
        // Byte columns cmark reports for odd input (control characters in list items, say) can
        // place the end before the start: the range then shrinks to the start.
        return InlineCitation(literal: span.literal, range: start..<max(start, end), markdownSpan: markdownSpan)
    }

    /// The file column of a code line's first character. cmark removed the container prefix
    /// and fence indentation, so the code is a suffix of the file's line, except that a tab
    /// in the prefix (`>` or a list marker followed by a tab) only partly consumed leaves
    /// spaces that are not in the file: the rest of the code is then the suffix, and the
    /// start moves left by those spaces, so every written character keeps its own column.
    /// (The start may then lie before column 1; only the invented spaces map there.)
    /// nil when the code is not found in the line.
    static func codeStartColumn(_ code: Substring, in source: Substring) -> Int? {
        let sourceScalars = Array(source.unicodeScalars), codeScalars = Array(code.unicodeScalars)
        guard !codeScalars.isEmpty else { return nil }
        var invented = 0
        while invented < codeScalars.count {
            let rest = codeScalars[invented...]
            if sourceScalars.count >= rest.count, sourceScalars[(sourceScalars.count - rest.count)...].elementsEqual(rest) {
                return sourceScalars.count - rest.count + 1 - invented
            }
            guard codeScalars[invented] == " " else { return nil }
            invented += 1
        }
        return nil
    }

    private func isBlank(_ line: Int) -> Bool {
        lines.text(line).allSatisfy { $0 == " " || $0 == "\t" }
    }

    private func makeCell(_ block: MarkdownBlock, index: Int) -> Cell {
        let fenceColumn = lines.scalarColumn(line: block.startLine, byteColumn: block.startByteColumn)
        let endColumn = lines.scalarColumn(line: block.endLine, byteColumn: block.endByteColumn) + 1
        var codeLines = block.literal.split(separator: "\n", omittingEmptySubsequences: false)
        if codeLines.last == "" { codeLines.removeLast() }
        var starts: [SourceLocation] = []
        for (offset, code) in codeLines.enumerated() {
            let line = block.startLine + 1 + offset
            let source = lines.text(line)
            starts.append(SourceLocation(line: line, column: Self.codeStartColumn(code, in: source) ?? fenceColumn))
        }
        // Cell options: the `#| key: value` lines before the first other line.
        var options: [CellOption] = []
        for (code, start) in zip(codeLines, starts) {
            guard let option = CellOption.parse(code, at: start) else { break }
            options.append(option)
        }
        return Cell(
            index: index,
            code: codeLines.joined(separator: "\n"),
            range: SourceLocation(line: block.startLine, column: fenceColumn)..<SourceLocation(line: block.endLine, column: endColumn),
            lineStarts: starts, options: options)
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, set.contains(last) { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
