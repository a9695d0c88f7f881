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
}
