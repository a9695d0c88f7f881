import NotebookDocument

/// Why a statement failed, where in the notebook, and a stable identifier (as the
/// checker's diagnostics have); the runner turns it into a `RunError` for the reports.
/// Every message is written in `RunFailure+Messages.swift`.
struct RunFailure: Error, Sendable {
    var identifier: String
    var message: String
    var range: SourceRange?

    init(_ identifier: String, _ message: String, at range: SourceRange? = nil) {
        self.identifier = identifier
        self.message = message
        self.range = range
    }
}
