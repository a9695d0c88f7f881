import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import NotebookDocument

private func loc(_ line: Int, _ column: Int) -> NotebookDocument.SourceLocation { NotebookDocument.SourceLocation(line: line, column: column) }

private func prose(_ block: Block) -> Prose? { if case .prose(let p) = block { p } else { nil } }
private func cell(_ block: Block) -> Cell? { if case .cell(let c) = block { c } else { nil } }

@Suite struct NotebookParserTests {
    @Test func gfmDocumentWithTableAndOtherCodeBlock() throws {
        let source = """
            # Title

            | a | b |
            |---|---|
            | 1 | 2 |

            ```python
            print(1)
            ```

            ```recbook
            x = load "a"
            y = 2
            ```

            Done.

            """
        let notebook = try NotebookParser.parse(path: "nb.md", source: source)
        #expect(notebook.blocks.count == 3)
        let first = try #require(prose(notebook.blocks[0]))
        #expect(first.range == loc(1, 1)..<loc(9, 4))
        #expect(first.markdown == "# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint(1)\n```\n")
        let html = renderMarkdownToHTML(first.markdown)
        #expect(html.contains("<table>"))
        #expect(html.contains("<td>1</td>"))
        #expect(html.contains("<pre><code class=\"language-python\">print(1)\n</code></pre>"))

        let c = try #require(cell(notebook.blocks[1]))
        #expect(c.index == 0)
        #expect(c.code == "x = load \"a\"\ny = 2")
        #expect(c.range == loc(11, 1)..<loc(14, 4))
        #expect(c.lineStarts == [loc(12, 1), loc(13, 1)])
        #expect(c.fileLocation(line: 2, column: 5) == loc(13, 5))

        let last = try #require(prose(notebook.blocks[2]))
        #expect(last.markdown == "Done.\n")
        #expect(last.range == loc(16, 1)..<loc(16, 6))
        #expect(notebook.cells.count == 1)
    }

    @Test func cellInsideListItem() throws {
        let source = "- step\n\n    ```recbook\n    x = load \"a\"\n    ```\n"
        let notebook = try NotebookParser.parse(path: "nb.md", source: source)
        #expect(notebook.blocks.count == 2)
        let before = try #require(prose(notebook.blocks[0]))
        #expect(before.markdown == "- step\n")
        #expect(before.range == loc(1, 1)..<loc(1, 7))
        let c = try #require(cell(notebook.blocks[1]))
        #expect(c.code == "x = load \"a\"")
        #expect(c.range == loc(3, 5)..<loc(5, 8))
        #expect(c.lineStarts == [loc(4, 5)])
        #expect(c.fileLocation(line: 1, column: 10) == loc(4, 14))
    }

    @Test func containerIsCutAroundNestedCell() throws {
        let source = """
            1. first

               ```recbook
               a = 1
               ```

               after text

            2. second
            """
        let notebook = try NotebookParser.parse(path: "nb.md", source: source)
        #expect(notebook.blocks.count == 3)
        #expect(try #require(prose(notebook.blocks[0])).markdown == "1. first\n")
        let c = try #require(cell(notebook.blocks[1]))
        #expect(c.range == loc(3, 4)..<loc(5, 7))
        #expect(c.lineStarts == [loc(4, 4)])
        let after = try #require(prose(notebook.blocks[2]))
        // The item's prefix is removed so "after text" is a paragraph, not indented code.
        #expect(after.markdown == "after text\n\n2. second\n")
        #expect(after.range == loc(7, 1)..<loc(9, 10))
        #expect(!renderMarkdownToHTML(after.markdown).contains("<code>"))
    }

    @Test func cellInsideBlockQuote() throws {
        let source = "> Quoted intro\n>\n> ```recbook\n> a = 1\n> b = 2\n> ```\n"
        let notebook = try NotebookParser.parse(path: "nb.md", source: source)
        let c = try #require(notebook.cells.first)
        #expect(c.range == loc(3, 3)..<loc(6, 6))
        #expect(c.lineStarts == [loc(4, 3), loc(5, 3)])
        #expect(c.code == "a = 1\nb = 2")
    }

    @Test func unicodeColumnsCountScalars() throws {
        let source = "Café ☕ — ü\n\n  ```recbook\n  t = \"☕é\" # ü\n  ```\n\n> ☕ ```recbook\n"
        let notebook = try NotebookParser.parse(path: "nb.md", source: source)
        let c = try #require(notebook.cells.first)
        #expect(c.range == loc(3, 3)..<loc(5, 6))
        #expect(c.lineStarts == [loc(4, 3)])
        #expect(c.code == "t = \"☕é\" # ü")
        // The column of `#` inside the cell, mapped to the file: 3 + 9 - 1.
        #expect(c.fileLocation(line: 1, column: 9) == loc(4, 11))
        let lines = SourceLines("é☕x")
        #expect(lines.scalarColumn(line: 1, byteColumn: 6) == 3)
        #expect(lines.scalarColumn(line: 1, byteColumn: 7) == 4)
    }

    @Test func crlfLineEndings() throws {
        let source = "---\r\ntitle: T\r\n---\r\nHi\r\n\r\n```recbook\r\nx = 1\r\ny = 2\r\n```\r\n"
        let notebook = try NotebookParser.parse(path: "nb.md", source: source)
        #expect(notebook.frontMatter.title == "T")
        #expect(notebook.frontMatter.range == loc(1, 1)..<loc(3, 4))
        let intro = try #require(prose(notebook.blocks[0]))
        #expect(intro.markdown == "Hi\n")
        #expect(intro.range == loc(4, 1)..<loc(4, 3))
        let c = try #require(notebook.cells.first)
        #expect(c.code == "x = 1\ny = 2")
        #expect(c.range == loc(6, 1)..<loc(9, 4))
        #expect(c.lineStarts == [loc(7, 1), loc(8, 1)])
    }

    @Test func notebookWithoutCells() throws {
        let notebook = try NotebookParser.parse(path: "nb.md", source: "# Only prose\n\nText with `code`.\n")
        #expect(notebook.cells.isEmpty)
        #expect(notebook.blocks.count == 1)
        #expect(try #require(prose(notebook.blocks[0])).range == loc(1, 1)..<loc(3, 18))
    }

    @Test func emptyNotebook() throws {
        let notebook = try NotebookParser.parse(path: "nb.md", source: "")
        #expect(notebook.blocks.isEmpty)
    }

    @Test func cellIndicesAndInfoStringWords() throws {
        let source = "```recbook\na = 1\n```\n```recbook {.slow}\nb = 2\n```\n```recbookish\nc\n```\n    recbook indented code\n"
        let notebook = try NotebookParser.parse(path: "nb.md", source: source)
        #expect(notebook.cells.map(\.index) == [0, 1])
        #expect(notebook.cells.map(\.code) == ["a = 1", "b = 2"])
        #expect(notebook.blocks.count == 3)
    }

    @Test func unclosedCellRunsToTheEnd() throws {
        let notebook = try NotebookParser.parse(path: "nb.md", source: "```recbook\na = 1\n")
        let c = try #require(notebook.cells.first)
        #expect(c.code == "a = 1")
        #expect(c.lineStarts == [loc(2, 1)])
    }

    @Test func missingFileNamesThePath() {
        #expect {
            try NotebookParser.parse(path: "/nonexistent/recbook/nb.md")
        } throws: { error in
            let headline = (error as? NotebookParseError)?.diagnostics.first?.headline ?? ""
            return headline == "/nonexistent/recbook/nb.md:1:1: error: cannot read notebook '/nonexistent/recbook/nb.md': No such file or directory"
        }
    }

    /// D15: `recbook check /dev/zero` used to grow to 4 GB, and a FIFO blocked forever.
    @Test(arguments: ["/dev/zero", "FIFO"])
    func nonRegularFilesAreRefusedAtOnce(kind: String) throws {
        var path = kind
        if kind == "FIFO" {
            path = "/tmp/recbook-notebook-fifo-\(UInt64.random(in: 0...UInt64.max)).md"
            #expect(mkfifo(path, 0o600) == 0)
        }
        defer { if kind == "FIFO" { removeFile(path) } }
        let error = try #require(throws: NotebookParseError.self) { try NotebookParser.parse(path: path) }
        #expect(error.diagnostics.map(\.headline) == [
            "\(path):1:1: error: cannot read notebook '\(path)': it is not a regular file (a device, pipe or socket)",
        ])
    }

    /// D5: 15,000 nested list markers (or 30,000 quote markers) used to overflow the stack.
    @Test(arguments: ["- ", "> "])
    func deepNestingIsALocatedErrorNotACrash(marker: String) throws {
        let source = "# Deep\n\n" + String(repeating: marker, count: 15_000) + "x\n"
        let error = try #require(throws: NotebookParseError.self) { try NotebookParser.parse(path: "deep.md", source: source) }
        #expect(error.diagnostics.map(\.headline) == ["deep.md:3:1: error: lists and quotes are nested more than 100 levels deep here"])
        // 100 levels are fine.
        #expect(throws: Never.self) { try NotebookParser.parse(path: "ok.md", source: String(repeating: marker, count: 99) + "x\n") }
    }

    @Test func blocksThatLookLikeCellsButAreNotGetAWarning() throws {
        let notebook = try NotebookParser.parse(path: "nb.md", source: "```Recbook\na = 1\n```\n\n```{recbook}\nb = 2\n```\n\n```recbook\nc = 3\n```\n\n```python\nx\n```\n")
        #expect(notebook.cells.count == 1)
        #expect(notebook.warnings.map(\.headline) == [
            "nb.md:1:1: warning: this block is not run: its info string is `Recbook`; a cell's is `recbook`",
            "nb.md:5:1: warning: this block is not run: its info string is `{recbook}`; a cell's is `recbook`",
        ])
    }

    /// An unclosed fence runs to the end of its container: a warning at the opening fence,
    /// naming the last line the cell took in. Closed cells, in a quote or not, get none.
    @Test func anUnclosedCellGetsAWarningAtItsFence() throws {
        let source = "```recbook\na = 1\n```\n\n> ```recbook\n> b = 2\n\nProse\n\n````recbook\nc = 3\n```\nmore\n"
        let notebook = try NotebookParser.parse(path: "nb.md", source: source)
        // Line 5: the quote ends at the blank line 7, so its cell takes lines 5–6.
        // Line 10: a ```` fence is not closed by ``` (line 12); the cell runs to line 13.
        #expect(notebook.warnings.map(\.headline) == [
            "nb.md:5:3: warning: this cell is never closed: no ``` line ends it, so every line up to line 6 is its code",
            "nb.md:10:1: warning: this cell is never closed: no ```` line ends it, so every line up to line 13 is its code",
        ])
    }

    /// D12: after `>` or a list marker, a tab is only partly taken by the container; the rest
    /// became spaces in cmark's code, which are not in the file. Columns count the file's scalars.
    @Test func columnsAfterATabInAQuoteOrListItemAreTheFilesColumns() throws {
        // `>` column 1, tab column 2, `m` column 3; `- ` columns 1–2, then a tab at column 1 of the code line.
        let source = "> ```recbook\n>\tm = 1\n> ```\n\n- ```recbook\n\tn = 2\n  ```\n"
        let notebook = try NotebookParser.parse(path: "nb.md", source: source)
        let quoted = try #require(notebook.cells.first)
        // The code is "  m = 1" (two spaces the tab left over); `m` is its third character,
        // which must map to file column 3, so code column 1 maps to file column 1.
        #expect(quoted.code == "  m = 1")
        #expect(quoted.lineStarts == [loc(2, 1)])
        let listed = try #require(notebook.cells.last)
        // The tab (column 1) reaches column 4; the item takes 2 of it, leaving "  n = 2";
        // `n` at file column 2 is code column 3, so code column 1 maps to file column 0.
        #expect(listed.code == "  n = 2")
        #expect(listed.lineStarts == [loc(6, 0)])
    }

    @Test func readsFileFromDisk() throws {
        let path = "/tmp/recbook-notebook-parser-\(UInt64.random(in: 0...UInt64.max)).md"
        try writeFile("# Hi\n\n```recbook\na = 1\n```\n", to: path)
        defer { removeFile(path) }
        let notebook = try Notebook.parse(path: path)
        #expect(notebook.cells.count == 1)
        #expect(notebook.path == path)
    }

    @Test func renderingIsSafe() {
        let html = renderMarkdownToHTML("Hi <script>alert(1)</script> [x](javascript:alert(1)) ~~old~~ https://example.org\n\n- [x] done\n")
        #expect(!html.contains("<script>"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("<del>old</del>"))
        #expect(html.contains("<a href=\"https://example.org\">"))
        #expect(html.contains("type=\"checkbox\""))
    }
}
