/// The optional `---` block at the top of a notebook.
///
/// ```yaml
/// ---
/// title: Adversarial training on a recommender
/// author: Jane Doe
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
    /// Declared parameters in declaration order, with their default values as written.
    public var parameters: [Parameter]
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

    public init(title: String? = nil, author: String? = nil, seed: UInt64? = nil, parameters: [Parameter] = [], range: SourceRange? = nil) {
        self.title = title
        self.author = author
        self.seed = seed
        self.parameters = parameters
        self.range = range
    }
}
