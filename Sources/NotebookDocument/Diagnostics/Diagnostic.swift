/// A problem found in a notebook, modelled after DocC's `Diagnostic`: a value with a
/// severity, the file and range it concerns, a one-line summary, notes and fix-its.
public struct Diagnostic: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning, note
    }

    /// A suggested edit: replace `range` with `replacement`.
    public struct FixIt: Sendable, Hashable, Codable {
        public var range: SourceRange
        public var replacement: String
        public init(range: SourceRange, replacement: String) {
            self.range = range
            self.replacement = replacement
        }
    }

    /// Extra information attached to another place (for example "first defined here").
    public struct Note: Sendable, Hashable, Codable {
        public var range: SourceRange?
        public var message: String
        /// The file `range` is in when it is not the diagnostic's own (a `--set` error's
        /// note pointing at the notebook's front matter).
        public var file: String?
        public init(range: SourceRange? = nil, message: String, file: String? = nil) {
            self.range = range
            self.message = message
            self.file = file
        }
    }

    public var severity: Severity
    /// The file the range refers to, as given on the command line.
    public var file: String
    public var range: SourceRange
    /// A stable identifier for the kind of problem, e.g. `unknown-option`.
    public var identifier: String
    public var summary: String
    public var notes: [Note]
    public var fixIts: [FixIt]

    public init(
        severity: Severity = .error, file: String, range: SourceRange, identifier: String,
        summary: String, notes: [Note] = [], fixIts: [FixIt] = []
    ) {
        self.severity = severity
        self.file = file
        self.range = range
        self.identifier = identifier
        self.summary = summary
        self.notes = notes
        self.fixIts = fixIts
    }

    /// `path:line:column: error: summary`, the compiler's format.
    public var headline: String {
        "\(file):\(range.lowerBound.line):\(range.lowerBound.column): \(severity.rawValue): \(summary)"
    }
}
