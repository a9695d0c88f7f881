/// A typed value after checking: literals, enum words, lists and references to bound names.
public indirect enum Value: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case float(Double)
    case string(String)
    case boolean(Bool)
    /// An enum word such as `adagrad`.
    case word(String)
    case list([Value])
    /// The name of a value bound earlier in the notebook.
    case reference(String)
    /// One element of a family: `hits[epsilon=0.5]` (the coordinates of some of its axes).
    case element(of: String, at: [Coordinate])

    /// The value written as a recbook literal (`5`, `0.05`, `"a b"`, `[10, 100]`).
    public var description: String {
        switch self {
        case .integer(let x): String(x)
        case .float(let x): formatFloat(x)
        case .string(let s): Lexer.quote(s)
        case .boolean(let b): b ? "true" : "false"
        case .word(let w), .reference(let w): w
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .element(let name, let coordinates):
            name + "[" + coordinates.map { "\($0.axis)=\($0.value)" }.joined(separator: ", ") + "]"
        }
    }

    /// The bound name a reference or a selection reads, and the axes it selects.
    public var referencedName: (name: String, selection: [Coordinate])? {
        switch self {
        case .reference(let name): (name, [])
        case .element(let name, let coordinates): (name, coordinates)
        default: nil
        }
    }

    /// A string value, or a word/reference's text.
    public var stringValue: String? {
        switch self {
        case .string(let s), .word(let s), .reference(let s), .element(of: let s, at: _): s
        default: nil
        }
    }
}

/// Floats keep a decimal point or exponent so they read back as floats (`1.0`, `0.05`, `1e-05`).
func formatFloat(_ x: Double) -> String {
    let text = "\(x)"
    return text
}

/// A point on one axis, as in `hits[epsilon=0.5]`.
public struct Coordinate: Sendable, Hashable {
    public var axis: String
    public var value: Value
    public init(axis: String, value: Value) {
        self.axis = axis
        self.value = value
    }
}
