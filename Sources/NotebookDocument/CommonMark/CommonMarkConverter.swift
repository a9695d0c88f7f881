import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that talks to cmark-gfm's C API. Everything else in recbook sees
/// `MarkdownBlock` values (a plain Swift copy of the block tree) or rendered HTML.
///
/// cmark-gfm's extension registry is a process-wide list that is not safe to fill
/// from two threads at once, so it is filled exactly once, lazily, behind a `static let`
/// (Swift initialises globals and static properties atomically).
///
/// Parsers are not independent either: attaching the inline extensions (strikethrough,
/// autolink) edits a process-wide table of special characters and freeing a parser edits it
/// back, so two parsers alive at once break each other's inline parsing. Every use of a
/// parser therefore holds `parserLock`.
enum CommonMarkConverter {
    private static let parserLock = ParserLock()

    /// The GitHub-flavoured extensions recbook enables for parsing and rendering.
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    private static let registration: Void = {
        cmark_gfm_core_extensions_ensure_registered()
    }()

    /// Parses `markdown` with source positions: the document's top-level blocks, and every
    /// inline code span whose text starts with `=` (a citation, see `InlineCitation`).
    /// How deep list items and quotes may nest; deeper documents are refused (a hostile file of
    /// 15,000 nested `- ` would otherwise exhaust the stack of the tree walk).
    static let maximumNesting = 100

    /// `tooDeep` is the first line nested deeper than `maximumNesting`, whose blocks are not walked.
    static func parse(_ markdown: String) -> (blocks: [MarkdownBlock], citationSpans: [MarkdownCodeSpan], tooDeep: Int?) {
        withDocument(markdown, options: CMARK_OPT_SOURCEPOS) { document, _ in
            var spans: [MarkdownCodeSpan] = []
            forEachNode(in: document) { node in
                guard cmark_node_get_type(node) == CMARK_NODE_CODE else { return }
                let literal = string(cmark_node_get_literal(node))
                guard literal.hasPrefix("=") else { return }
                spans.append(MarkdownCodeSpan(
                    literal: literal,
                    startLine: Int(cmark_node_get_start_line(node)), startByteColumn: Int(cmark_node_get_start_column(node)),
                    endLine: Int(cmark_node_get_end_line(node)), endByteColumn: Int(cmark_node_get_end_column(node))))
            }
            var tooDeep: Int?
            let blocks = children(of: document).map { block(from: $0, depth: 0, tooDeep: &tooDeep) }
            return (blocks, spans, tooDeep)
        }
    }

    /// Renders `markdown` to an HTML fragment. Raw HTML and dangerous URLs are left out
    /// (cmark-gfm's default safe mode), so notebook prose cannot inject markup.
    ///
    /// Inline code spans whose text is a key of `replacements` are replaced by that HTML, which
    /// the caller has escaped: this is how a citation's computed value takes its place.
    static func renderHTML(_ markdown: String, replacements: [String: String] = [:]) -> String {
        withDocument(markdown, options: CMARK_OPT_DEFAULT) { document, parser in
            var placeholders: [(token: String, html: String)] = []
            if !replacements.isEmpty {
                var replaced: [(OpaquePointer, String)] = []
                forEachNode(in: document) { node in
                    guard cmark_node_get_type(node) == CMARK_NODE_CODE,
                        let html = replacements[string(cmark_node_get_literal(node))]
                    else { return }
                    replaced.append((node, html))
                }
                // Custom inline nodes are written out as given (safe mode filters raw HTML only).
                // A parent that may not hold one (a GFM table cell accepts text, code, emphasis,
                // links and a few more) gets a text placeholder instead, swapped for the HTML
                // after rendering; the span is never dropped.
                let nonce = String(UInt64.random(in: .min ... .max), radix: 36)
                for (node, html) in replaced {
                    if let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) {
                        cmark_node_set_on_enter(custom, html)
                        if cmark_node_replace(node, custom) == 1 {
                            cmark_node_free(node)
                            continue
                        }
                        cmark_node_free(custom)
                    }
                    let token = "\u{E000}\(nonce)-\(placeholders.count)\u{E001}"
                    guard let text = cmark_node_new(CMARK_NODE_TEXT) else { continue }
                    cmark_node_set_literal(text, token)
                    if cmark_node_replace(node, text) == 1 {
                        cmark_node_free(node)
                        placeholders.append((token, html))
                    } else {
                        cmark_node_free(text)
                    }
                }
            }
            guard let html = cmark_render_html(document, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser)) else {
                return ""
            }
            defer { free(html) }
            var rendered = String(cString: html)
            for (token, replacement) in placeholders {
                rendered = rendered.replacing(token, with: replacement)
            }
            return rendered
        }
    }

    // MARK: - C plumbing

    private static func withDocument<T>(
        _ markdown: String, options: Int32, _ body: (OpaquePointer, OpaquePointer) -> T
    ) -> T {
        _ = registration
        parserLock.lock()
        defer { parserLock.unlock() }
        guard let parser = cmark_parser_new(options) else { fatalError("cmark_parser_new failed") }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var text = markdown
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { fatalError("cmark_parser_finish failed") }
        defer { cmark_node_free(document) }
        return body(document, parser)
    }

    /// Calls `body` for every node of the tree under `root`, in document order.
    private static func forEachNode(in root: OpaquePointer, _ body: (OpaquePointer) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { body(node) }
        }
    }

    private static func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    private static func block(from node: OpaquePointer, depth: Int, tooDeep: inout Int?) -> MarkdownBlock {
        let type = cmark_node_get_type(node)
        var kind: MarkdownBlock.Kind = .other
        var info = ""
        var literal = ""
        var fenced = false
        switch type {
        case CMARK_NODE_CODE_BLOCK:
            kind = .codeBlock
            info = string(cmark_node_get_fence_info(node))
            literal = string(cmark_node_get_literal(node))
            var length: Int32 = 0, offset: Int32 = 0
            var character: CChar = 0
            fenced = cmark_node_get_fenced(node, &length, &offset, &character) != 0
        case CMARK_NODE_LIST: kind = .list
        case CMARK_NODE_ITEM: kind = .item
        case CMARK_NODE_BLOCK_QUOTE: kind = .blockQuote
        default: kind = .other
        }
        // Only containers of blocks are walked; inline children are of no interest here.
        let isContainer = kind == .list || kind == .item || kind == .blockQuote
        if isContainer, depth >= maximumNesting, tooDeep == nil { tooDeep = Int(cmark_node_get_start_line(node)) }
        let nested = isContainer && depth < maximumNesting
            ? children(of: node).map { block(from: $0, depth: depth + (kind == .list ? 0 : 1), tooDeep: &tooDeep) } : []
        return MarkdownBlock(
            kind: kind,
            startLine: Int(cmark_node_get_start_line(node)),
            startByteColumn: Int(cmark_node_get_start_column(node)),
            endLine: Int(cmark_node_get_end_line(node)),
            endByteColumn: Int(cmark_node_get_end_column(node)),
            fenced: fenced, info: info, literal: literal, children: nested)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}

/// A plain mutex (pthread) serialising cmark-gfm parsers.
private final class ParserLock: @unchecked Sendable {
    // Heap-allocated so the mutex never moves.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}

/// A block of the cmark-gfm tree, copied into Swift. Positions are cmark's: 1-based
/// lines and 1-based *byte* columns, both inclusive.
struct MarkdownBlock: Sendable {
    enum Kind: Sendable { case codeBlock, list, item, blockQuote, other }
    var kind: Kind
    var startLine: Int
    var startByteColumn: Int
    var endLine: Int
    var endByteColumn: Int
    /// For code blocks: fenced (```), not indented.
    var fenced: Bool
    /// For code blocks: the info string after the opening fence.
    var info: String
    /// For code blocks: the code, indentation removed, each line ending in "\n".
    var literal: String
    /// For lists, items and quotes: their child blocks.
    var children: [MarkdownBlock]
}

/// An inline code span as cmark-gfm reports it: its text (`literal`, spaces stripped and line
/// breaks made spaces) and where its content stands (1-based lines and byte columns, inclusive).
/// The backtick runs that open and close it sit just outside.
struct MarkdownCodeSpan: Sendable {
    var literal: String
    var startLine: Int
    var startByteColumn: Int
    var endLine: Int
    var endByteColumn: Int
}

/// Renders GitHub-flavoured Markdown (tables, strikethrough, autolinks, task lists) to an
/// HTML fragment for reports. Raw HTML in the input is not passed through. Each inline code
/// span whose text is a key of `replacements` becomes that (already escaped) HTML.
public func renderMarkdownToHTML(_ markdown: String, replacements: [String: String] = [:]) -> String {
    CommonMarkConverter.renderHTML(markdown, replacements: replacements)
}
