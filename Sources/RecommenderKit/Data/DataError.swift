/// A problem with input data, located in the file that caused it.
///
/// `description` follows the compiler convention so editors and terminals can jump to it:
/// `path:line:column: error: message`, or `path: error: message` when no line applies.
/// Lines and columns are 1-based; the column is the character where the offending field starts.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }

    /// `path:line:column`, `path:line` or `path`, as much as is known.
    public var location: String {
        switch (line, column) {
        case let (line?, column?): return "\(path):\(line):\(column)"
        case let (line?, nil): return "\(path):\(line)"
        default: return path
        }
    }
}
