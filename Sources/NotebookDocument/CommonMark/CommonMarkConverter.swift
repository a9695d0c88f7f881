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
    /// `links` are the document's links and images, for checking that relative targets exist.
    static func parse(_ markdown: String) -> (blocks: [MarkdownBlock], citationSpans: [MarkdownCodeSpan], links: [MarkdownLink], tooDeep: Int?) {
        withDocument(markdown, options: CMARK_OPT_SOURCEPOS) { document, _ in
            var spans: [MarkdownCodeSpan] = []
            var links: [MarkdownLink] = []
            forEachNode(in: document) { node in
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                    links.append(MarkdownLink(
                        url: string(cmark_node_get_url(node)), isImage: type == CMARK_NODE_IMAGE,
                        startLine: Int(cmark_node_get_start_line(node)), startByteColumn: Int(cmark_node_get_start_column(node)),
                        endLine: Int(cmark_node_get_end_line(node)), endByteColumn: Int(cmark_node_get_end_column(node))))
                    return
                }
                guard type == CMARK_NODE_CODE else { return }
                let literal = string(cmark_node_get_literal(node))
                guard literal.hasPrefix("=") else { return }
                spans.append(MarkdownCodeSpan(
                    literal: literal,
                    startLine: Int(cmark_node_get_start_line(node)), startByteColumn: Int(cmark_node_get_start_column(node)),
                    endLine: Int(cmark_node_get_end_line(node)), endByteColumn: Int(cmark_node_get_end_column(node))))
            }
            var tooDeep: Int?
            let blocks = children(of: document).map { block(from: $0, depth: 0, tooDeep: &tooDeep) }
            return (blocks, spans, links, tooDeep)
        }
    }

    /// Renders `markdown` to an HTML fragment. Raw HTML and dangerous URLs are left out
    /// (cmark-gfm's default safe mode), so notebook prose cannot inject markup; only the
    /// `<details>`/`<summary>` tags of `ProseHTMLAllowlist` pass.
    ///
    /// Besides GFM it renders maths (`MathScanner`) as `<span class="math …">` holding the
    /// escaped TeX, footnotes, and GitHub alerts (`> [!NOTE]`) as `<div class="alert …">`.
    static func renderHTML(_ markdown: String, options: ProseRenderOptions) -> RenderedProse {
        var replacements = options.replacements
        let nonce = String(UInt64.random(in: .min ... .max), radix: 36)
        // Maths becomes a code span holding a token, so cmark-gfm never parses the TeX; the
        // token is then replaced like a citation.
        let maths = MathScanner.spans(in: markdown)
        var mathTokens: [(token: String, html: String)] = []
        var source = markdown
        if !maths.isEmpty {
            var bytes = Array(markdown.utf8)
            for (n, span) in maths.enumerated().reversed() {
                let token = "\u{E000}math-\(nonce)-\(n)\u{E001}"
                let kind = span.display ? "math math-display" : "math math-inline"
                replacements[token] = "<span class=\"\(kind)\">\(escapeProseHTML(span.tex))</span>"
                mathTokens.append((token, replacements[token]!))
                bytes.replaceSubrange(span.range, with: Array("`\(token)`".utf8))
            }
            source = String(decoding: bytes, as: UTF8.self)
        }
        let html = withDocument(source, options: renderOptions) { document, parser in
            var placeholders: [(token: String, html: String)] = []
            /// Puts `html` in place of `node`, written out as given. A parent that may not hold a
            /// custom inline (a GFM table cell accepts text, code, emphasis, links and a few more)
            /// gets a text placeholder instead, swapped for the HTML after rendering.
            func replaceInline(_ node: OpaquePointer, with html: String) {
                if let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) {
                    cmark_node_set_on_enter(custom, html)
                    if cmark_node_replace(node, custom) == 1 {
                        cmark_node_free(node)
                        return
                    }
                    cmark_node_free(custom)
                }
                let token = "\u{E000}\(nonce)-\(placeholders.count)\u{E001}"
                guard let text = cmark_node_new(CMARK_NODE_TEXT) else { return }
                cmark_node_set_literal(text, token)
                if cmark_node_replace(node, text) == 1 {
                    cmark_node_free(node)
                    placeholders.append((token, html))
                } else {
                    cmark_node_free(text)
                }
            }

            cmark_consolidate_text_nodes(document)
            var codeSpans: [(OpaquePointer, String)] = []
            var images: [(OpaquePointer, String)] = []
            var rawHTML: [OpaquePointer] = []
            var quotes: [OpaquePointer] = []
            forEachNode(in: document) { node in
                switch cmark_node_get_type(node) {
                case CMARK_NODE_CODE:
                    if let html = replacements[string(cmark_node_get_literal(node))] { codeSpans.append((node, html)) }
                case CMARK_NODE_LINK:
                    if let rewrite = options.rewriteLink, let url = rewrite(string(cmark_node_get_url(node))) {
                        cmark_node_set_url(node, url)
                    }
                case CMARK_NODE_IMAGE:
                    if let render = options.imageHTML, let html = render(string(cmark_node_get_url(node)), plainText(of: node)) {
                        images.append((node, html))
                    }
                case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE: rawHTML.append(node)
                case CMARK_NODE_BLOCK_QUOTE: quotes.append(node)
                default: break
                }
            }
            for (node, html) in codeSpans + images { replaceInline(node, with: html) }
            var allowlist = ProseHTMLAllowlist()
            for node in rawHTML {
                guard var html = allowlist.sanitise(string(cmark_node_get_literal(node))) else { continue }
                // Maths in a summary sits in raw HTML, where no code span is parsed.
                for (token, math) in mathTokens where html.contains(token) { html = html.replacing("`\(token)`", with: math) }
                let isBlock = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK
                if isBlock, let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) {
                    cmark_node_set_on_enter(custom, html.hasSuffix("\n") ? html : html + "\n")
                    if cmark_node_replace(node, custom) == 1 { cmark_node_free(node) } else { cmark_node_free(custom) }
                } else if !isBlock {
                    replaceInline(node, with: html)
                }
            }
            let closing = allowlist.closeAll()
            if !closing.isEmpty, let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) {
                cmark_node_set_on_enter(custom, closing)
                if cmark_node_append_child(document, custom) != 1 { cmark_node_free(custom) }
            }
            for quote in quotes { makeAlert(quote) }

            guard let html = cmark_render_html(document, renderOptions, cmark_parser_get_syntax_extensions(parser)) else {
                return ""
            }
            defer { free(html) }
            var rendered = String(cString: html)
            for (token, replacement) in placeholders {
                rendered = rendered.replacing(token, with: replacement)
            }
            return rendered
        }
        return RenderedProse(html: footnoteIDs(html, prefix: options.footnotePrefix), containsMath: !maths.isEmpty)
    }

    /// Options for rendering: safe HTML, footnotes.
    private static let renderOptions = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES

    /// The alert kinds GitHub renders, by their marker word.
    static let alertKinds = ["NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution"]

    /// A quote whose first line is `[!NOTE]` (or another kind) alone becomes
    /// `<div class="alert alert-note"><p class="alert-title">Note</p>…</div>`, as GitHub shows it.
    private static func makeAlert(_ quote: OpaquePointer) {
        guard let paragraph = cmark_node_first_child(quote), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
            let marker = cmark_node_first_child(paragraph), cmark_node_get_type(marker) == CMARK_NODE_TEXT
        else { return }
        let text = string(cmark_node_get_literal(marker))
        guard text.hasPrefix("[!"), text.hasSuffix("]"),
            let title = alertKinds[String(text.dropFirst(2).dropLast()).uppercased()]
        else { return }
        let next = cmark_node_next(marker)
        if let next, cmark_node_get_type(next) != CMARK_NODE_SOFTBREAK, cmark_node_get_type(next) != CMARK_NODE_LINEBREAK { return }
        guard let alert = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return }
        let kind = title.lowercased()
        cmark_node_set_on_enter(alert, "<div class=\"alert alert-\(kind)\">\n<p class=\"alert-title\">\(title)</p>\n")
        cmark_node_set_on_exit(alert, "</div>\n")
        guard cmark_node_insert_before(quote, alert) == 1 else { cmark_node_free(alert); return }
        // The marker line goes; a paragraph left empty goes too.
        if let next { cmark_node_free(next) }
        cmark_node_free(marker)
        if cmark_node_first_child(paragraph) == nil { cmark_node_free(paragraph) }
        while let child = cmark_node_first_child(quote) {
            if cmark_node_append_child(alert, child) != 1 { break }
        }
        cmark_node_free(quote)
    }

    /// cmark-gfm numbers footnotes `fn-1`, `fnref-1` in every fragment; a report holds many
    /// fragments, so each gets its own prefix to keep ids unique.
    private static func footnoteIDs(_ html: String, prefix: String) -> String {
        guard !prefix.isEmpty, html.contains("data-footnote") else { return html }
        return html
            .replacing("href=\"#fn-", with: "href=\"#\(prefix)fn-")
            .replacing("id=\"fn-", with: "id=\"\(prefix)fn-")
            .replacing("href=\"#fnref-", with: "href=\"#\(prefix)fnref-")
            .replacing("id=\"fnref-", with: "id=\"\(prefix)fnref-")
    }

    /// The text of an inline node's children (an image's alt text).
    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        forEachNode(in: node) { child in
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += string(cmark_node_get_literal(child))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return text
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

/// A link or image as cmark-gfm reports it: its destination and where it starts (1-based
/// line and byte column of its `[` or `![`) and ends (inclusive).
struct MarkdownLink: Sendable {
    var url: String
    var isImage: Bool
    var startLine: Int
    var startByteColumn: Int
    var endLine: Int
    var endByteColumn: Int
}

/// How a passage of prose is rendered to HTML.
public struct ProseRenderOptions {
    /// Inline code spans whose text is a key become that (already escaped) HTML.
    public var replacements: [String: String]
    /// A link's new destination, given its URL; nil keeps it.
    public var rewriteLink: ((String) -> String?)?
    /// The HTML that stands for an image, given its URL and alt text; nil keeps the image.
    public var imageHTML: ((_ url: String, _ alt: String) -> String?)?
    /// Put before footnote ids, unique per passage of a page.
    public var footnotePrefix: String

    public init(
        replacements: [String: String] = [:], rewriteLink: ((String) -> String?)? = nil,
        imageHTML: ((_ url: String, _ alt: String) -> String?)? = nil, footnotePrefix: String = ""
    ) {
        self.replacements = replacements
        self.rewriteLink = rewriteLink
        self.imageHTML = imageHTML
        self.footnotePrefix = footnotePrefix
    }
}

/// A passage rendered to HTML, and whether it holds maths (which needs the maths renderer).
public struct RenderedProse: Sendable, Equatable {
    public var html: String
    public var containsMath: Bool
}

/// Renders GitHub-flavoured Markdown (tables, strikethrough, autolinks, task lists, footnotes,
/// alerts, `$` maths, `<details>`) to an HTML fragment for reports. Other raw HTML in the input
/// is not passed through.
public func renderProse(_ markdown: String, options: ProseRenderOptions = ProseRenderOptions()) -> RenderedProse {
    CommonMarkConverter.renderHTML(markdown, options: options)
}

/// `renderProse`'s HTML alone. Each inline code span whose text is a key of `replacements`
/// becomes that (already escaped) HTML.
public func renderMarkdownToHTML(_ markdown: String, replacements: [String: String] = [:]) -> String {
    CommonMarkConverter.renderHTML(markdown, options: ProseRenderOptions(replacements: replacements)).html
}
