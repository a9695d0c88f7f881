/// A dense row-major matrix of `Float`, with value semantics (copy-on-write through `Array`).
public struct Matrix: Sendable, Equatable, Codable {
    public let rows: Int
    public let columns: Int
    /// Row-major storage: element (r, c) is at `r * columns + c`.
    public var storage: [Float]

    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0)
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, storage: [Float]) {
        precondition(storage.count == rows * columns, "storage size does not match \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// A copy of one row.
    public func row(_ r: Int) -> [Float] { Array(storage[(r * columns)..<((r + 1) * columns)]) }
}
