import Testing
@testable import NotebookDocument

/// Inline code spans that start with `=` are found in prose, wherever cmark-gfm puts them,
/// with their file positions and their byte span in the prose's Markdown.
@Suite struct CitationSpanTests {
    static let source = """
        # Title

        HR is `= clean.hr@100`, not `code`.
        - in a list: `` = a.auc ``
        > in a quote: `= b.ndcg@10 | ci`

        | metric | value |
        |---|---|
        | HR | `= c.hr` |

        ```python
        x = `= not.a.citation`
        ```

        ```recbook
        data = load synthetic
        ```

        After: `= d.hr
        vs e`
        """

    func prose() throws -> [Prose] {
        let notebook = try NotebookParser.parse(path: "n.md", source: Self.source)
        return notebook.blocks.compactMap { if case .prose(let p) = $0 { p } else { nil } }
    }

    @Test func citationsAreFoundWithTheirPositions() throws {
        let citations = try prose().flatMap(\.citations)
        // Columns are those of the text between the backticks, outer spaces excluded.
        #expect(citations.map { "\($0.range.lowerBound.line):\($0.range.lowerBound.column)-\($0.range.upperBound.line):\($0.range.upperBound.column) \($0.literal)" } == [
            "3:8-3:22 = clean.hr@100",
            "4:17-4:24 = a.auc",
            "5:16-5:32 = b.ndcg@10 | ci",
            "9:9-9:15 = c.hr",
            "19:9-20:5 = d.hr vs e",
        ])
    }

    @Test func replacingCitationsRewritesOnlyTheirSpans() throws {
        let blocks = try prose()
        let replaced = blocks[0].markdown(replacingCitations: { "<\($0.literal.dropFirst(2))>" })
        #expect(replaced == """
            # Title

            HR is <clean.hr@100>, not `code`.
            - in a list: <a.auc>
            > in a quote: <b.ndcg@10 | ci>

            | metric | value |
            |---|---|
            | HR | <c.hr> |

            ```python
            x = `= not.a.citation`
            ```

            """)
        #expect(blocks[1].markdown(replacingCitations: { _ in "0.5" }) == "After: 0.5\n")
        // A nil replacement keeps the span.
        #expect(blocks[1].markdown(replacingCitations: { _ in nil }) == blocks[1].markdown)
    }

    @Test func htmlRenderingReplacesKeyedSpans() {
        let html = renderMarkdownToHTML("a `= x.hr` b `= y` c `z`", replacements: ["= x.hr": "<b>0.25</b>"])
        #expect(html == "<p>a <b>0.25</b> b <code>= y</code> c <code>z</code></p>\n")
    }

    /// A GFM table cell cannot hold cmark's custom inline nodes; a citation there is still
    /// replaced, not dropped.
    @Test func htmlRenderingReplacesSpansInTableCells() {
        let html = renderMarkdownToHTML(
            "| model | HR |\n|---|---|\n| pop | `= x.hr` and `= x.hr` |\n| knn | `z` |\n\nAfter `= x.hr`.\n",
            replacements: ["= x.hr": "<b>0.25</b>"])
        #expect(html.contains("<td><b>0.25</b> and <b>0.25</b></td>"))
        #expect(html.contains("<td><code>z</code></td>"))
        #expect(html.contains("<p>After <b>0.25</b>.</p>"))
        #expect(!html.contains("\u{E000}"))
    }
}
