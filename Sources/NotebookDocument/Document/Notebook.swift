/// A parsed notebook: front matter, then the document's top-level blocks in order.
public struct Notebook: Sendable {
    /// The file path as given by the user; diagnostics name it.
    public var path: String
    /// The whole file's text.
    public var source: String
    public var frontMatter: FrontMatter
    public var blocks: [Block]
    /// Problems that did not stop parsing (e.g. an unknown front matter key).
    public var warnings: [Diagnostic]

    public init(path: String, source: String, frontMatter: FrontMatter, blocks: [Block], warnings: [Diagnostic] = []) {
        self.path = path
        self.source = source
        self.frontMatter = frontMatter
        self.blocks = blocks
        self.warnings = warnings
    }

    /// Reads (when `source` is nil) and parses the notebook at `path`; see `NotebookParser`.
    public static func parse(path: String, source: String? = nil) throws(NotebookParseError) -> Notebook {
        try NotebookParser.parse(path: path, source: source)
    }

    /// The `recbook` cells in document order.
    public var cells: [Cell] {
        blocks.compactMap { if case .cell(let c) = $0 { return c } else { return nil } }
    }
}

/// One piece of a notebook, in document order.
public enum Block: Sendable {
    /// Markdown prose (anything that is not a recbook cell, other code blocks included),
    /// kept as its Markdown source so reports can render it with cmark-gfm.
    case prose(Prose)
    case cell(Cell)
}

public struct Prose: Sendable {
    public var markdown: String
    public var range: SourceRange
    /// The inline code spans of this prose that start with `=`, in document order.
    public var citations: [InlineCitation]
    /// The links and images of this prose, in document order.
    public var links: [ProseLink]
    public init(markdown: String, range: SourceRange, citations: [InlineCitation] = [], links: [ProseLink] = []) {
        self.markdown = markdown
        self.range = range
        self.citations = citations
        self.links = links
    }

    /// The Markdown with each citation's code span (backticks included) replaced by the text
    /// `replacement` gives for it; a nil replacement keeps the span as written.
    public func markdown(replacingCitations replacement: (InlineCitation) -> String?) -> String {
        var bytes = Array(markdown.utf8)
        for citation in citations.reversed() {
            guard let span = citation.markdownSpan, let text = replacement(citation),
                span.upperBound <= bytes.count
            else { continue }
            bytes.replaceSubrange(span, with: Array(text.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A link or image in prose: its destination as cmark-gfm reads it (escapes resolved) and where
/// its `[` (or `![`) stands in the file.
public struct ProseLink: Sendable, Hashable {
    public var url: String
    public var isImage: Bool
    public var location: SourceLocation

    public init(url: String, isImage: Bool, location: SourceLocation) {
        self.url = url
        self.isImage = isImage
        self.location = location
    }
}

/// An inline code span of prose whose text starts with `=`: `` `= clean.hr@100` `` cites a
/// value the run computes. The language decides what the text means; the document only finds it.
public struct InlineCitation: Sendable, Hashable {
    /// The span's text as cmark-gfm reads it (outer spaces stripped, line breaks as spaces),
    /// starting with `=`. Reports key a citation's value by it.
    public var literal: String
    /// Where the text stands in the file (scalar columns; the backticks are just outside).
    public var range: SourceRange
    /// The UTF-8 byte range of the whole span, backticks included, in the prose's `markdown`;
    /// nil when it could not be found there.
    public var markdownSpan: Range<Int>?

    public init(literal: String, range: SourceRange, markdownSpan: Range<Int>?) {
        self.literal = literal
        self.range = range
        self.markdownSpan = markdownSpan
    }
}

/// `#| key: value` at the top of a cell.
public struct CellOption: Sendable, Hashable {
    public static let nameKey = "name"
    public var key: String
    public var value: String
    public var keyRange: SourceRange
    public var valueRange: SourceRange

    /// Reads `#| key: value` (spaces around the parts are free); nil for other lines.
    static func parse(_ line: Substring, at start: SourceLocation) -> CellOption? {
        let scalars = Array(line.unicodeScalars)
        var i = 0
        func skipSpaces() { while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 } }
        skipSpaces()
        guard i + 1 < scalars.count, scalars[i] == "#", scalars[i + 1] == "|" else { return nil }
        i += 2
        skipSpaces()
        let keyStart = i
        while i < scalars.count, scalars[i] != ":", scalars[i] != " " { i += 1 }
        let keyEnd = i
        skipSpaces()
        guard keyEnd > keyStart, i < scalars.count, scalars[i] == ":" else { return nil }
        i += 1
        skipSpaces()
        var valueEnd = scalars.count
        while valueEnd > i, scalars[valueEnd - 1] == " " || scalars[valueEnd - 1] == "\t" || scalars[valueEnd - 1] == "\r" { valueEnd -= 1 }
        func location(_ offset: Int) -> SourceLocation { SourceLocation(line: start.line, column: start.column + offset) }
        func text(_ from: Int, _ to: Int) -> String { String(String.UnicodeScalarView(scalars[from..<to])) }
        return CellOption(
            key: text(keyStart, keyEnd), value: text(i, valueEnd),
            keyRange: location(keyStart)..<location(keyEnd), valueRange: location(i)..<location(valueEnd))
    }
}

/// A fenced code block whose info string is `recbook`.
public struct Cell: Sendable {
    /// 0-based position among the notebook's cells.
    public var index: Int
    /// The code inside the fences, with the block's indentation removed (as cmark gives it).
    public var code: String
    /// Where the whole block (fences included) stands in the file.
    public var range: SourceRange
    /// For each line of `code`, the file location of that line's first character.
    /// Blocks nested in lists or quotes are indented, so this is not always column 1.
    public var lineStarts: [SourceLocation]
    /// `#| key: value` lines at the top of the cell, as Quarto writes cell options. The
    /// language reads them as comments; the checker validates them.
    public var options: [CellOption]

    public init(index: Int, code: String, range: SourceRange, lineStarts: [SourceLocation], options: [CellOption] = []) {
        self.index = index
        self.code = code
        self.range = range
        self.lineStarts = lineStarts
        self.options = options
    }

    /// `#| name: …`: the cell's title in reports and their table of contents.
    public var name: String? {
        options.last { $0.key == CellOption.nameKey }.map(\.value).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Maps a 1-based (line, column) inside `code` to the notebook file.
    public func fileLocation(line: Int, column: Int) -> SourceLocation {
        guard line >= 1, line <= lineStarts.count else {
            let last = lineStarts.last ?? range.lowerBound
            return SourceLocation(line: last.line, column: last.column + column - 1)
        }
        let start = lineStarts[line - 1]
        return SourceLocation(line: start.line, column: start.column + column - 1)
    }
}
