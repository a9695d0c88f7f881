/// Why a notebook could not be parsed: one or more located diagnostics
/// (malformed front matter, an unreadable file).
public struct NotebookParseError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One `path:line:column: error: message` line per diagnostic.
    public var description: String {
        diagnostics.map(\.headline).joined(separator: "\n")
    }
}
