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
    public init(markdown: String, range: SourceRange, citations: [InlineCitation] = []) {
        self.markdown = markdown
        self.range = range
        self.citations = citations
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

    public init(index: Int, code: String, range: SourceRange, lineStarts: [SourceLocation]) {
        self.index = index
        self.code = code
        self.range = range
        self.lineStarts = lineStarts
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
