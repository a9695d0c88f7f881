/// Turns the bytes of a ratings file into a `RatingsTable`, reporting the first malformed
/// row as a `DataError` with its line and column.
struct RatingsFileParser {
    enum Format: Equatable {
        /// `user<TAB>item<TAB>rating[<TAB>timestamp]`, never a header.
        case ecir
        /// One ratings table; the header row is detected. A nil delimiter is detected from line 1.
        case generic(FieldDelimiter?)
    }

    /// Where each value lives in a row.
    private struct Columns {
        var user = 0, item = 1, rating = 2
        var timestamp: Int?
        /// Every data row must have exactly this many fields.
        var fieldCount: Int
        /// Says where `fieldCount` comes from, for error messages.
        var origin: String
    }

    var path: String
    var format: Format
    var minRating: Double?

    func parse(_ bytes: [UInt8]) throws -> RatingsTable {
        // A UTF-8 byte order mark is not part of the first id (editors on Windows add one). It
        // is invisible in editors, so columns counted after it are the ones a reader sees.
        let markLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return try bytes.withUnsafeBufferPointer { try parse(buffer: UnsafeBufferPointer(rebasing: $0[markLength...])) }
    }

    private func parse(buffer: UnsafeBufferPointer<UInt8>) throws -> RatingsTable {
        var scanner = LineScanner(buffer)
        guard let first = scanner.next() else {
            throw DataError(path: path, message: "file is empty (no rating rows)")
        }
        let delimiter = try self.delimiter(firstLine: first, scanner)
        var fields: [FieldSpan] = []
        fields.reserveCapacity(8)
        scanner.split(first, by: delimiter, into: &fields)

        let columns: Columns
        var pending: ScannedLine? = first
        if case .generic = format, fields.count >= 3, scanner.double(fields[2]) == nil {
            columns = try headerColumns(first, fields, scanner)
            pending = nil
        } else {
            columns = try positionalColumns(first, fields, delimiter, scanner)
        }

        var users = IDInterner(), items = IDInterner()
        var userOfRow: [Int32] = [], itemOfRow: [Int32] = [], lines: [Int32] = []
        var ratings: [Double] = [], timestamps: [Int64] = []
        let estimate = buffer.count / 16
        userOfRow.reserveCapacity(estimate); itemOfRow.reserveCapacity(estimate)
        ratings.reserveCapacity(estimate); lines.reserveCapacity(estimate)
        if columns.timestamp != nil { timestamps.reserveCapacity(estimate) }
        var belowThreshold = 0

        while let line = pending ?? scanner.next() {
            pending = nil
            scanner.split(line, by: delimiter, into: &fields)
            guard fields.count == columns.fieldCount else {
                let column = fields.count < columns.fieldCount
                    ? scanner.column(of: line.end, on: line)
                    : scanner.column(of: fields[columns.fieldCount].start, on: line)
                throw DataError(
                    path: path, line: line.number, column: column,
                    message: "expected \(columns.fieldCount) fields \(columns.origin), found \(fields.count)")
            }
            let ratingField = fields[columns.rating]
            guard let rating = scanner.double(ratingField) else {
                throw error(line, ratingField, scanner, "rating '\(scanner.text(ratingField))' is not a number")
            }
            var timestamp: Int64 = 0
            if let t = columns.timestamp {
                guard let value = scanner.integer(fields[t]) else {
                    throw error(line, fields[t], scanner, "timestamp '\(scanner.text(fields[t]))' is not an integer")
                }
                timestamp = value
            }
            let userField = fields[columns.user], itemField = fields[columns.item]
            if userField.start == userField.end { throw error(line, userField, scanner, "empty user id") }
            if itemField.start == itemField.end { throw error(line, itemField, scanner, "empty item id") }
            if let minRating, rating < minRating {
                belowThreshold += 1
                continue
            }
            userOfRow.append(users.intern(buffer, userField.start, userField.end))
            itemOfRow.append(items.intern(buffer, itemField.start, itemField.end))
            ratings.append(rating)
            if columns.timestamp != nil { timestamps.append(timestamp) }
            lines.append(Int32(clamping: line.number))
        }
        if userOfRow.isEmpty && belowThreshold == 0 {
            throw DataError(path: path, message: "file has a header but no rating rows")
        }
        if userOfRow.isEmpty, let minRating {
            throw DataError(
                path: path, message: "`min-rating` \(minRating) drops every one of the \(belowThreshold) rows; the threshold is above every rating")
        }
        return RatingsTable(
            sourceFile: path, rowsBelowThreshold: belowThreshold, userNames: users.names, itemNames: items.names,
            userOfRow: userOfRow, itemOfRow: itemOfRow, ratings: ratings, timestamps: timestamps,
            hasTimestampColumn: columns.timestamp != nil, lines: lines)
    }

    private func delimiter(firstLine: ScannedLine, _ scanner: LineScanner) throws -> FieldDelimiter {
        switch format {
        case .ecir: return .tab
        case .generic(let given?): return given
        case .generic(nil):
            let line = UnsafeBufferPointer(rebasing: scanner.bytes[firstLine.start..<firstLine.end])
            if line.indices.contains(where: { $0 + 1 < line.count && line[$0] == 58 && line[$0 + 1] == 58 }) {
                return .doubleColon
            }
            for candidate in [FieldDelimiter.tab, .comma, .semicolon] {
                if case .byte(let b) = candidate, line.contains(b) { return candidate }
            }
            throw DataError(
                path: path, line: firstLine.number, column: 1,
                message: "cannot tell how fields are separated: expected tabs, commas, semicolons or '::'")
        }
    }

    /// Columns of a file without a header: user, item, rating and an optional timestamp.
    private func positionalColumns(
        _ line: ScannedLine, _ fields: [FieldSpan], _ delimiter: FieldDelimiter, _ scanner: LineScanner
    ) throws -> Columns {
        let expected = "(user, item, rating[, timestamp] separated by \(delimiter.name))"
        if fields.count < 3 {
            throw DataError(
                path: path, line: line.number, column: scanner.column(of: line.end, on: line),
                message: "expected 3 or 4 fields \(expected), found \(fields.count)")
        }
        if fields.count > 4 {
            throw DataError(
                path: path, line: line.number, column: scanner.column(of: fields[4].start, on: line),
                message: "expected 3 or 4 fields \(expected), found \(fields.count)")
        }
        return Columns(timestamp: fields.count == 4 ? 3 : nil, fieldCount: fields.count, origin: "as on line \(line.number)")
    }

    /// Columns named by a header row, in any order; unknown names are ignored.
    private func headerColumns(_ line: ScannedLine, _ fields: [FieldSpan], _ scanner: LineScanner) throws -> Columns {
        var found: [Role: Int] = [:]
        for (index, field) in fields.enumerated() {
            guard let role = Role(header: scanner.text(field)) else { continue }
            if found[role] != nil {
                throw error(line, field, scanner, "header names the \(role.rawValue) column twice")
            }
            found[role] = index
        }
        for role in [Role.user, .item, .rating] where found[role] == nil {
            throw DataError(
                path: path, line: line.number, column: 1,
                message: "header has no \(role.rawValue) column (accepted names: \(role.acceptedNames))")
        }
        return Columns(
            user: found[.user] ?? 0, item: found[.item] ?? 1, rating: found[.rating] ?? 2,
            timestamp: found[.timestamp], fieldCount: fields.count, origin: "as in the header on line \(line.number)")
    }

    private func error(_ line: ScannedLine, _ field: FieldSpan, _ scanner: LineScanner, _ message: String) -> DataError {
        DataError(path: path, line: line.number, column: scanner.column(of: field.start, on: line), message: message)
    }

    /// What a header cell names.
    private enum Role: String {
        case user, item, rating, timestamp

        init?(header: String) {
            let key = String(header.lowercased().filter { $0 != "_" && $0 != " " && $0 != "-" })
            switch key {
            case "user", "userid", "uid": self = .user
            case "item", "itemid", "movieid", "movie", "iid": self = .item
            case "rating", "score", "value": self = .rating
            case "timestamp", "time", "ts": self = .timestamp
            default: return nil
            }
        }

        var acceptedNames: String {
            switch self {
            case .user: return "user, userId, uid"
            case .item: return "item, itemId, movieId, iid"
            case .rating: return "rating, score"
            case .timestamp: return "timestamp, time"
            }
        }
    }
}
