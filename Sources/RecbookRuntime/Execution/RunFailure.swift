import RecbookResults
import NotebookDocument

/// Why a statement failed, and where in the notebook; the runner turns it into a `RunError`.
struct RunFailure: Error {
    var range: SourceRange?
    var message: String

    init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}
