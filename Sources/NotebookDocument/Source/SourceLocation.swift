/// A position in a notebook file: 1-based line and 1-based column counted in
/// Unicode scalars (what an editor shows), plus the file it belongs to.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open range of source positions, as in swift-markdown.
public typealias SourceRange = Range<SourceLocation>
