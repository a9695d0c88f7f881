/// The rows of a ratings file, ids interned in first-seen order.
///
/// Users are stored as runs of consecutive rows (a file grouped by user, as ECIR files are,
/// costs one entry per user rather than one per row).
struct ParsedRows {
    var users = IDInterner(), items = IDInterner()
    /// The user of each run and the row where it ends (exclusive).
    var runUsers: [Int32] = []
    var runEnds: [Int] = []
    var itemOfRow: [Int32] = []
    /// Kept only for tables (`RatingsFileParser.Keep.table`).
    var ratings: [Double] = []
    var timestamps: [Int64] = []
    var lines: [Int32] = []
    var belowThreshold = 0
    var hasHeader = false
    var hasTimestampColumn = false

    var count: Int { itemOfRow.count }

    mutating func reserve(rowsUpTo bound: Int, keepsTable: Bool) {
        itemOfRow.reserveCapacity(bound)
        if keepsTable {
            ratings.reserveCapacity(bound)
            lines.reserveCapacity(bound)
        }
    }

    /// Appends a piece parsed after everything already here, re-interning its ids.
    mutating func append(_ piece: ParsedPiece, lineBase: Int, keepsTable: Bool) {
        let userOf = piece.users.names.map { users.intern($0) }
        let itemOf = piece.items.names.map { items.intern($0) }
        let rowBase = itemOfRow.count
        for (run, localUser) in piece.runUsers.enumerated() {
            let user = userOf[Int(localUser)]
            let end = rowBase + piece.runEnds[run]
            if runUsers.last == user {
                runEnds[runEnds.count - 1] = end
            } else {
                runUsers.append(user)
                runEnds.append(end)
            }
        }
        itemOfRow.append(contentsOf: piece.itemOfRow.lazy.map { itemOf[Int($0)] })
        if keepsTable {
            ratings.append(contentsOf: piece.ratings)
            timestamps.append(contentsOf: piece.timestamps)
            let base = Int32(clamping: lineBase)
            lines.append(contentsOf: piece.lines.lazy.map { $0 &+ base })
        }
        belowThreshold += piece.belowThreshold
    }

    /// The user of every row.
    var userOfRow: [Int32] {
        var out = [Int32](repeating: 0, count: count)
        var start = 0
        for (run, user) in runUsers.enumerated() {
            for row in start..<runEnds[run] { out[row] = user }
            start = runEnds[run]
        }
        return out
    }

    func table(sourceFile: String) -> RatingsTable {
        RatingsTable(
            sourceFile: sourceFile, rowsBelowThreshold: belowThreshold, userNames: users.names, itemNames: items.names,
            userOfRow: userOfRow, itemOfRow: itemOfRow, ratings: ratings, timestamps: timestamps,
            hasTimestampColumn: hasTimestampColumn, lines: lines)
    }
}

/// What one piece of a window parsed to, before its ids join the file's.
struct ParsedPiece: Sendable {
    var users = IDInterner(), items = IDInterner()
    var runUsers: [Int32] = []
    /// Row (within the piece) where each run ends.
    var runEnds: [Int] = []
    var itemOfRow: [Int32] = []
    var ratings: [Double] = []
    var timestamps: [Int64] = []
    /// Lines counted from 1 at the piece's start.
    var lines: [Int32] = []
    var belowThreshold = 0
    /// Lines in the piece, blank ones included.
    var lineCount = 0
    /// The piece's first malformed row; parsing stopped there.
    var failure: Failure?

    struct Failure: Sendable {
        var line: Int
        var column: Int
        var message: String
    }

    /// Appends one row; a change of user starts a run (ending the previous one).
    @inline(__always)
    mutating func add(
        user: Int32, item: Int32, rating: Double, timestamp: Int64, line: Int, lastUser: inout Int32, keepsTable: Bool, hasTimestamp: Bool
    ) {
        if user != lastUser {
            if lastUser >= 0 { runEnds.append(itemOfRow.count) }
            runUsers.append(user)
            lastUser = user
        }
        itemOfRow.append(item)
        if keepsTable {
            ratings.append(rating)
            if hasTimestamp { timestamps.append(timestamp) }
            lines.append(Int32(clamping: line))
        }
    }

    mutating func fail(_ line: ScannedLine, _ field: FieldSpan, _ scanner: LineScanner, _ message: String) {
        failure = Failure(line: line.number, column: scanner.column(of: field.start, on: line), message: message)
    }
}

/// A window's bytes, read (never written) by the pieces parsed in parallel.
struct UncheckedWindow: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
}
