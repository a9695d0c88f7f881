/// Every command of the language, as data. The checker, `recbook help` and
/// docs/language.md are all generated from these tables.
public struct CommandCatalogue: Sendable {
    public var commands: [CommandSignature]
    /// What prose citations may name (see `CheckedCitation`).
    public var citations: CitationVocabulary
    private var index: [String: Int]

    public init(commands: [CommandSignature], citations: CitationVocabulary = .none) {
        self.commands = commands
        self.citations = citations
        index = Dictionary(uniqueKeysWithValues: commands.enumerated().map { ($1.name, $0) })
    }

    public subscript(name: String) -> CommandSignature? {
        index[name].map { commands[$0] }
    }

    public var names: [String] { commands.map(\.name) }

}
