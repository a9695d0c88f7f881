/// The optional `---` block at the top of a notebook.
///
/// ```yaml
/// ---
/// title: Adversarial training on a recommender
/// author: Jane Doe
/// date: 2024-03-28
/// seed: 42
/// params:
///   data: "Data/synthetic-500"
///   epochs: 5
/// ---
/// ```
public struct FrontMatter: Sendable {
    public var title: String?
    public var author: String?
    public var seed: UInt64?
    /// The date as written (not interpreted).
    public var date: String?
    /// Every top-level `key: value` line as written, with positions, in order
    /// (`params` is listed with an empty value; its entries are in `parameters`).
    public var entries: [Entry]
    /// Declared parameters in declaration order, with their default values as written.
    public var parameters: [Parameter]
    /// Parameters declared with a default that could not be read (already reported as
    /// front-matter errors): a `$name` use of one is not reported again as unknown.
    public var unreadableParameters: [String] = []
    /// Where the block stands (nil when the notebook has none).
    public var range: SourceRange?

    public struct Parameter: Sendable {
        public var name: String
        /// The default value's source text (a recbook literal: number, string, boolean, list).
        public var defaultText: String
        public var nameRange: SourceRange
        public var valueRange: SourceRange
        public init(name: String, defaultText: String, nameRange: SourceRange, valueRange: SourceRange) {
            self.name = name
            self.defaultText = defaultText
            self.nameRange = nameRange
            self.valueRange = valueRange
        }
    }

    /// A top-level `key: value` line. `value` is the scalar with quotes removed.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: String
        public var keyRange: SourceRange
        public var valueRange: SourceRange
        public init(key: String, value: String, keyRange: SourceRange, valueRange: SourceRange) {
            self.key = key
            self.value = value
            self.keyRange = keyRange
            self.valueRange = valueRange
        }
    }

    public init(
        title: String? = nil, author: String? = nil, seed: UInt64? = nil, date: String? = nil,
        entries: [Entry] = [], parameters: [Parameter] = [], range: SourceRange? = nil
    ) {
        self.title = title
        self.author = author
        self.seed = seed
        self.date = date
        self.entries = entries
        self.parameters = parameters
        self.range = range
    }
}
