/// Why a notebook could not be parsed: one or more located diagnostics
/// (malformed front matter, an unreadable file).
public struct NotebookParseError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// The file's text when it was read, for source excerpts under the diagnostics.
    public var source: String?
    /// After front-matter errors: the notebook with the front matter that could be read, so
    /// the cells and the remaining parameters can be checked too and every error reported at once.
    public var partialNotebook: Notebook?

    public init(diagnostics: [Diagnostic], source: String? = nil, partialNotebook: Notebook? = nil) {
        self.diagnostics = diagnostics
        self.source = source
        self.partialNotebook = partialNotebook
    }

    /// One `path:line:column: error: message` line per diagnostic.
    public var description: String {
        diagnostics.map(\.headline).joined(separator: "\n")
    }
}
