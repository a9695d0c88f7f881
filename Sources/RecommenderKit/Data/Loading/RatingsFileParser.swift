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
    struct Columns {
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
    /// What is kept of each row.
    var keep: Keep = .table
    /// Cores for parsing; the result never depends on it.
    var context: ComputeContext = .singleThreaded

    enum Keep {
        /// Users and items only (the ECIR loader needs no more).
        case interactions
        /// Ratings, timestamps and line numbers too, for splitting a ratings table.
        case table
    }

    /// Lines a window is cut into for parsing in parallel. Fixed, so that the cut (and with
    /// it every intermediate value) is the same for every thread count.
    static let piecesPerWindow = 8

    /// The shortest row there can be (`1\t2\t3\n`): with it, a file's size bounds its row count,
    /// and the columns are reserved once (untouched reserved pages cost no memory).
    static let shortestRowBytes = 6

    /// Reads and parses the file in windows, hashing it on the way.
    func parseFile(windowBytes: Int = FileWindows.windowBytes) throws -> (ParsedRows, DataFileDigest) {
        var state = ParseState()
        let digest = try FileWindows.forEachWindow(of: path, windowBytes: windowBytes) { window, fileSize in
            if state.isFirstWindow { state.rows.reserve(rowsUpTo: fileSize / Self.shortestRowBytes, keepsTable: keep == .table) }
            try parse(window: window, state: &state)
        }
        return (try finish(state), digest)
    }

    /// Parses bytes already in memory (tests, small inputs).
    func parse(_ bytes: [UInt8]) throws -> RatingsTable {
        var state = ParseState()
        try bytes.withUnsafeBufferPointer { try parse(window: $0, state: &state) }
        return try finish(state).table(sourceFile: path)
    }

    /// What parsing has established so far, carried from window to window.
    struct ParseState {
        var layout: (delimiter: FieldDelimiter, columns: Columns)?
        var isFirstWindow = true
        /// Lines before the current window.
        var linesBefore = 0
        var rows = ParsedRows()
    }

    private func parse(window whole: UnsafeBufferPointer<UInt8>, state: inout ParseState) throws {
        var window = whole
        if state.isFirstWindow {
            state.isFirstWindow = false
            // A UTF-8 byte order mark is not part of the first id (editors on Windows add one). It
            // is invisible in editors, so columns counted after it are the ones a reader sees.
            if window.starts(with: [0xEF, 0xBB, 0xBF]) { window = UnsafeBufferPointer(rebasing: window[3...]) }
        }
        var dataStart = 0
        var linesBeforeData = state.linesBefore
        if state.layout == nil {
            var scanner = LineScanner(window)
            guard let first = scanner.next() else {
                // Blank lines only, so far.
                state.linesBefore += scanner.lineNumber
                return
            }
            var located = first
            located.number += state.linesBefore
            let delimiter = try self.delimiter(firstLine: first, scanner, number: located.number)
            var fields: [FieldSpan] = []
            scanner.split(first, by: delimiter, into: &fields)
            if case .generic = format, fields.count >= 3, scanner.double(fields[2]) == nil {
                state.layout = (delimiter, try headerColumns(located, fields, scanner))
                state.rows.hasHeader = true
                // Data starts on the line after the header.
                dataStart = first.end
                while dataStart < window.count && window[dataStart] != UInt8(ascii: "\n") { dataStart += 1 }
                dataStart = min(dataStart + 1, window.count)
                linesBeforeData = located.number
            } else {
                state.layout = (delimiter, try positionalColumns(located, fields, delimiter, scanner))
                // The first line is data: start at its beginning.
                dataStart = first.start
                linesBeforeData = located.number - 1
            }
        }
        guard let layout = state.layout else { return }
        let body = UnsafeBufferPointer(rebasing: window[dataStart...])
        let pieces = Self.cut(body, into: Self.piecesPerWindow)
        let results = DisjointWrites<ParsedPiece?>(count: pieces.count, repeating: nil)
        let shared = UncheckedWindow(bytes: body)
        let parser = self
        context.forEachChunk(pieces.count) { p in
            let bytes = UnsafeBufferPointer(rebasing: shared.bytes[pieces[p]])
            results.write(parser.parsePiece(bytes, layout: layout), at: p)
        }
        var lineBase = linesBeforeData
        for piece in results.finish() {
            guard let piece else { continue }
            if let failure = piece.failure {
                throw DataError(path: path, line: lineBase + failure.line, column: failure.column, message: failure.message)
            }
            state.rows.append(piece, lineBase: lineBase, keepsTable: keep == .table)
            lineBase += piece.lineCount
        }
        state.linesBefore = lineBase
    }

    /// Cuts `bytes` into at most `count` ranges of whole lines, of about equal size.
    static func cut(_ bytes: UnsafeBufferPointer<UInt8>, into count: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for p in 1...count where start < bytes.count {
            var end = p == count ? bytes.count : max(start, bytes.count * p / count)
            while end < bytes.count && end > 0 && bytes[end - 1] != UInt8(ascii: "\n") { end += 1 }
            if end > start {
                ranges.append(start..<end)
                start = end
            }
        }
        return ranges
    }

    /// One piece's rows, with ids interned locally and lines counted from 1 within the piece.
    private func parsePiece(_ buffer: UnsafeBufferPointer<UInt8>, layout: (delimiter: FieldDelimiter, columns: Columns)) -> ParsedPiece {
        let (delimiter, columns) = layout
        var rows = RowScanner(buffer, delimiter: delimiter)
        let scanner = LineScanner(buffer)
        var piece = ParsedPiece()
        let keepsTable = keep == .table
        let estimate = buffer.count / 12
        piece.itemOfRow.reserveCapacity(estimate)
        if keepsTable {
            piece.ratings.reserveCapacity(estimate)
            piece.lines.reserveCapacity(estimate)
            if columns.timestamp != nil { piece.timestamps.reserveCapacity(estimate) }
        }
        var lastUser: Int32 = -1
        // Plain numeric rows in the usual column order take the one-pass path.
        var fastDelimiter: UInt8?
        if case .byte(let d) = delimiter, columns.user == 0, columns.item == 1, columns.rating == 2,
            columns.fieldCount == (columns.timestamp == nil ? 3 : 4), columns.timestamp == nil || columns.timestamp == 3 {
            fastDelimiter = d
        }
        let hasTimestamp = columns.timestamp != nil
        while true {
            if let d = fastDelimiter, let base = buffer.baseAddress,
                let row = NumericRow.parse(base, count: buffer.count, at: rows.nextLineStart, delimiter: d, hasTimestamp: hasTimestamp) {
                rows.skipLine(to: row.next)
                if let minRating, row.rating < minRating {
                    piece.belowThreshold += 1
                    continue
                }
                piece.add(
                    user: piece.users.intern(integer: row.user), item: piece.items.intern(integer: row.item), rating: row.rating,
                    timestamp: row.timestamp, line: rows.lineNumber, lastUser: &lastUser, keepsTable: keepsTable, hasTimestamp: hasTimestamp)
                continue
            }
            guard rows.next() else { break }
            let line = rows.line
            guard rows.fieldCount == columns.fieldCount else {
                let column = rows.fieldCount < columns.fieldCount
                    ? scanner.column(of: line.end, on: line)
                    : scanner.column(of: rows.field(columns.fieldCount).start, on: line)
                piece.failure = .init(line: line.number, column: column, message: "expected \(columns.fieldCount) fields \(columns.origin), found \(rows.fieldCount)")
                return piece
            }
            let ratingField = rows.field(columns.rating)
            guard let rating = scanner.double(ratingField) else {
                piece.fail(line, ratingField, scanner, "rating '\(scanner.text(ratingField))' is not a number")
                return piece
            }
            var timestamp: Int64 = 0
            if let t = columns.timestamp {
                guard let value = scanner.integer(rows.field(t)) else {
                    piece.fail(line, rows.field(t), scanner, "timestamp '\(scanner.text(rows.field(t)))' is not an integer")
                    return piece
                }
                timestamp = value
            }
            let userField = rows.field(columns.user), itemField = rows.field(columns.item)
            if userField.start == userField.end { piece.fail(line, userField, scanner, "empty user id"); return piece }
            if itemField.start == itemField.end { piece.fail(line, itemField, scanner, "empty item id"); return piece }
            if let minRating, rating < minRating {
                piece.belowThreshold += 1
                continue
            }
            piece.add(
                user: piece.users.intern(buffer, userField.start, userField.end), item: piece.items.intern(buffer, itemField.start, itemField.end),
                rating: rating, timestamp: timestamp, line: line.number, lastUser: &lastUser, keepsTable: keepsTable, hasTimestamp: hasTimestamp)
        }
        if lastUser >= 0 { piece.runEnds.append(piece.itemOfRow.count) }
        piece.lineCount = rows.lineNumber
        return piece
    }

    private func finish(_ state: ParseState) throws -> ParsedRows {
        guard state.layout != nil else {
            throw DataError(path: path, message: "file is empty (no rating rows)")
        }
        let rows = state.rows
        if rows.itemOfRow.isEmpty && rows.belowThreshold == 0 {
            throw DataError(path: path, message: "file has a header but no rating rows")
        }
        if rows.itemOfRow.isEmpty, let minRating {
            throw DataError(
                path: path, message: "`min-rating` \(minRating) drops every one of the \(rows.belowThreshold) rows; the threshold is above every rating")
        }
        var finished = rows
        finished.hasTimestampColumn = state.layout?.columns.timestamp != nil
        return finished
    }

    private func delimiter(firstLine: ScannedLine, _ scanner: LineScanner, number: Int) throws -> FieldDelimiter {
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
                path: path, line: number, column: 1,
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
