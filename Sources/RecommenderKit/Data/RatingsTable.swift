/// One rating as read from a file, before ids are mapped to indices.
public struct RatingsRow: Sendable, Equatable {
    public var user: String
    public var item: String
    public var rating: Double
    public var timestamp: Int64?
    /// 1-based line in the source file.
    public var line: Int

    public init(user: String, item: String, rating: Double, timestamp: Int64? = nil, line: Int) {
        self.user = user
        self.item = item
        self.rating = rating
        self.timestamp = timestamp
        self.line = line
    }
}

/// The rows of one ratings file in file order, with raw ids interned.
///
/// Stored by column so that tables of tens of millions of rows stay compact: each row
/// refers to its user and item through an index into `userNames` / `itemNames`
/// (first-seen order, not the dense order of a `Dataset`).
public struct RatingsTable: Sendable, Equatable {
    /// The file the rows came from (used in error messages and `Dataset.sourceFiles`).
    public var sourceFile: String
    /// Rows dropped because their rating was below `DatasetLoader.minRating`.
    public var rowsBelowThreshold: Int

    var userNames: [String]
    var itemNames: [String]
    var userOfRow: [Int32]
    var itemOfRow: [Int32]
    var ratings: [Double]
    /// Whether every row carries a timestamp (needed by the leave-one-out split).
    public let hasTimestamps: Bool
    /// Empty when `hasTimestamps` is false.
    var timestamps: [Int64]
    var lines: [Int32]

    init(sourceFile: String, rowsBelowThreshold: Int, userNames: [String], itemNames: [String],
         userOfRow: [Int32], itemOfRow: [Int32], ratings: [Double], timestamps: [Int64], hasTimestampColumn: Bool, lines: [Int32]) {
        self.sourceFile = sourceFile
        self.rowsBelowThreshold = rowsBelowThreshold
        self.userNames = userNames
        self.itemNames = itemNames
        self.userOfRow = userOfRow
        self.itemOfRow = itemOfRow
        self.ratings = ratings
        self.hasTimestamps = !timestamps.isEmpty || (hasTimestampColumn && userOfRow.isEmpty)
        self.timestamps = timestamps
        self.lines = lines
    }

    /// A table built in code. Timestamps are kept only when every row has one.
    public init(sourceFile: String, rows: [RatingsRow]) {
        var users = IDInterner(), items = IDInterner()
        self.sourceFile = sourceFile
        self.rowsBelowThreshold = 0
        self.userOfRow = rows.map { users.intern($0.user) }
        self.itemOfRow = rows.map { items.intern($0.item) }
        self.userNames = users.names
        self.itemNames = items.names
        self.ratings = rows.map(\.rating)
        let stamps = rows.compactMap(\.timestamp)
        self.hasTimestamps = !rows.isEmpty && stamps.count == rows.count
        self.timestamps = hasTimestamps ? stamps : []
        self.lines = rows.map { Int32(clamping: $0.line) }
    }

    public var count: Int { userOfRow.count }

    public subscript(row: Int) -> RatingsRow {
        RatingsRow(
            user: userNames[Int(userOfRow[row])], item: itemNames[Int(itemOfRow[row])],
            rating: ratings[row], timestamp: timestamps.isEmpty ? nil : timestamps[row], line: Int(lines[row]))
    }

    /// All rows (allocates one string pair per row: meant for small tables and tests).
    public var rows: [RatingsRow] { (0..<count).map { self[$0] } }
}

/// Assigns each distinct raw id a small number in first-seen order.
///
/// Canonical decimal integers (no sign, no leading zeros) are hashed as integers, which
/// avoids building a `String` for every row of large numeric files.
struct IDInterner {
    private(set) var names: [String] = []
    private var direct: [Int32] = []
    private var byInteger: [Int: Int32] = [:]
    private static let directLimit = 1 << 24
    private var byString: [String: Int32] = [:]

    mutating func intern(_ id: String) -> Int32 {
        var copy = id
        return copy.withUTF8 { intern($0, $0.startIndex, $0.endIndex) }
    }

    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        if let value = canonicalInteger(bytes, start, end) {
            // The hot path: an id seen before, looked up without a uniqueness check.
            if value < direct.count {
                let known = direct.withUnsafeBufferPointer { $0[value] }
                if known >= 0 { return known }
            }
            return internInteger(value)
        }
        return internText(bytes, start, end)
    }

    /// Interns a canonical decimal id given by its value (`NumericRow`).
    @inline(__always)
    mutating func intern(integer value: Int) -> Int32 {
        if value < direct.count {
            let known = direct.withUnsafeBufferPointer { $0[value] }
            if known >= 0 { return known }
        }
        return internInteger(value)
    }

    private mutating func internInteger(_ value: Int) -> Int32 {
        if value < IDInterner.directLimit {
            // Small integers (the usual case) index a table instead of hashing.
            if value >= direct.count {
                direct.append(contentsOf: repeatElement(-1, count: max(value + 1, 2 * direct.count) - direct.count))
            }
            if direct[value] >= 0 { return direct[value] }
            let index = Int32(names.count)
            direct[value] = index
            names.append(String(value))
            return index
        }
        if let known = byInteger[value] { return known }
        let index = Int32(names.count)
        byInteger[value] = index
        names.append(String(value))
        return index
    }

    private mutating func internText(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        if let known = byString[text] { return known }
        let index = Int32(names.count)
        byString[text] = index
        names.append(text)
        return index
    }

    /// The value of `bytes[start..<end]` when it is written exactly as `String(value)` would write it.
    @inline(__always)
    private func canonicalInteger(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let length = end - start
        guard length > 0, length <= 18, let base = bytes.baseAddress, end <= bytes.count, start >= 0 else { return nil }
        if length > 1 && base[start] == UInt8(ascii: "0") { return nil }
        var value = 0
        var i = start
        while i < end {
            let digit = Int(base[i]) &- 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value &* 10 &+ digit
            i += 1
        }
        return value
    }
}
