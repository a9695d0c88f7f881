import RecbookRuntime
import Testing
import NotebookDocument
@testable import RecbookLanguage

/// Markdown parsed by cmark-gfm, then checked: diagnostics point into the notebook file even
/// for a cell indented inside a list item.
struct NotebookPipelineTests {
    @Test func diagnosticsInANestedCellPointAtTheFile() throws {
        let source = """
            ---
            title: Nested
            ---
            # Steps

            1. Load the data:

               ```recbook
               data = load synthetic
               bpr = train bprmf data epoch=5
               ```
            """
        let notebook = try NotebookParser.parse(path: "nested.md", source: source)
        guard case .failure(let diagnostics) = Checker.check(notebook, catalogue: .standard) else {
            Issue.record("the notebook should not check")
            return
        }
        #expect(diagnostics.map(\.headline) == ["nested.md:10:27: error: unknown option `epoch`; did you mean `epochs`?"])
    }

    /// D12: a tab after `>` or a list marker. `>` col 1, tab col 2, `m = train bprmf data ` fills
    /// cols 3–23, so `epoch` starts at col 24; in the list item the tab is col 1 and `epoch` col 23.
    @Test func diagnosticsAfterATabInAQuoteOrListItemPointAtTheCharacter() throws {
        let source = "> ```recbook\n>\tdata = load synthetic\n>\tm = train bprmf data epoch=3\n> ```\n\n"
            + "- ```recbook\n\tn = train bprmf data epoch=3\n  ```\n"
        let notebook = try NotebookParser.parse(path: "tabs.md", source: source)
        guard case .failure(let diagnostics) = Checker.check(notebook, catalogue: .standard) else {
            Issue.record("the notebook should not check")
            return
        }
        #expect(diagnostics.map(\.headline) == [
            "tabs.md:3:24: error: unknown option `epoch`; did you mean `epochs`?",
            "tabs.md:7:23: error: unknown option `epoch`; did you mean `epochs`?",
        ])
    }
}
