/// Byte-level scanning of delimited text files: lines, fields and numbers, without
/// building a `String` per line. Positions are byte offsets into the file buffer.

/// What separates the fields of a row.
enum FieldDelimiter: Equatable, Sendable {
    case byte(UInt8)
    /// MovieLens `.dat` files: `user::item::rating::timestamp`.
    case doubleColon

    static let tab = FieldDelimiter.byte(UInt8(ascii: "\t"))
    static let comma = FieldDelimiter.byte(UInt8(ascii: ","))
    static let semicolon = FieldDelimiter.byte(UInt8(ascii: ";"))

    var name: String {
        switch self {
        case .doubleColon: return "'::'"
        case .byte(UInt8(ascii: "\t")): return "tab"
        case .byte(let b): return "'\(Character(Unicode.Scalar(b)))'"
        }
    }
}

/// A half-open byte range `start..<end` in the file buffer.
struct FieldSpan: Equatable {
    var start: Int
    var end: Int
}

/// One non-blank line, its fields already split.
struct ScannedLine {
    /// 1-based line number.
    var number: Int
    /// Byte range of the line without its terminator (and without a trailing '\r').
    var start: Int
    var end: Int
}

/// Walks the lines of a buffer. Accepts '\n' and "\r\n" endings and a missing final
/// newline; lines holding only spaces and tabs are skipped.
struct LineScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// Lines started so far, blank ones included: after the last line, the buffer's line count.
    private(set) var lineNumber = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func next() -> ScannedLine? {
        while position < bytes.count {
            lineNumber += 1
            let start = position
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            position = end + 1
            var contentEnd = end
            if contentEnd > start && bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            var blank = true
            for i in start..<contentEnd where bytes[i] != UInt8(ascii: " ") && bytes[i] != UInt8(ascii: "\t") {
                blank = false
                break
            }
            if !blank { return ScannedLine(number: lineNumber, start: start, end: contentEnd) }
        }
        return nil
    }

    /// Splits `line` into `fields` (reusing its storage). Each field is trimmed of
    /// surrounding spaces and of one pair of enclosing double quotes.
    func split(_ line: ScannedLine, by delimiter: FieldDelimiter, into fields: inout [FieldSpan]) {
        fields.removeAll(keepingCapacity: true)
        var fieldStart = line.start
        var i = line.start
        switch delimiter {
        case .byte(let d):
            while i < line.end {
                if bytes[i] == d {
                    fields.append(trimmed(fieldStart, i))
                    fieldStart = i + 1
                }
                i += 1
            }
        case .doubleColon:
            let colon = UInt8(ascii: ":")
            while i < line.end {
                if bytes[i] == colon && i + 1 < line.end && bytes[i + 1] == colon {
                    fields.append(trimmed(fieldStart, i))
                    fieldStart = i + 2
                    i += 2
                } else {
                    i += 1
                }
            }
        }
        fields.append(trimmed(fieldStart, line.end))
    }

    private func trimmed(_ start: Int, _ end: Int) -> FieldSpan {
        var s = start, e = end
        while s < e && (bytes[s] == UInt8(ascii: " ") || bytes[s] == UInt8(ascii: "\t")) { s += 1 }
        while e > s && (bytes[e - 1] == UInt8(ascii: " ") || bytes[e - 1] == UInt8(ascii: "\t")) { e -= 1 }
        if e - s >= 2 && bytes[s] == UInt8(ascii: "\"") && bytes[e - 1] == UInt8(ascii: "\"") {
            s += 1
            e -= 1
        }
        return FieldSpan(start: s, end: e)
    }

    func text(_ span: FieldSpan) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self)
    }

    /// 1-based character column of byte `offset` on `line` (UTF-8 continuation bytes do not count).
    func column(of offset: Int, on line: ScannedLine) -> Int {
        var column = 1
        for i in line.start..<min(offset, bytes.count) where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// A decimal number: `[+-]digits[.digits]` on the fast path, anything `Double`
    /// accepts otherwise. Infinities and NaN are rejected.
    func double(_ span: FieldSpan) -> Double? {
        guard span.end > span.start else { return nil }
        var i = span.start
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        var simple = i < span.end
        while i < span.end {
            let b = bytes[i]
            if b >= 48 && b <= 57 {
                mantissa = mantissa &* 10 &+ UInt64(b - 48)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if b == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                simple = false
                break
            }
            i += 1
        }
        if simple && digits > 0 && digits <= 15 {
            var value = Double(mantissa)
            if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
            return negative ? -value : value
        }
        guard let value = Double(text(span)), value.isFinite else { return nil }
        return value
    }

    /// A decimal integer `[+-]digits` that fits in `Int64`.
    func integer(_ span: FieldSpan) -> Int64? {
        guard span.end > span.start else { return nil }
        if span.end - span.start <= 18 {
            var i = span.start
            var negative = false
            if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                negative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < span.end else { return nil }
            var value: Int64 = 0
            while i < span.end {
                let digit = Int64(bytes[i]) - 48
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value * 10 + digit
                i += 1
            }
            return negative ? -value : value
        }
        return Int64(text(span))
    }
}

private let powersOfTen: [Double] = (0...15).map { n in (0..<n).reduce(1.0) { acc, _ in acc * 10 } }

/// Walks the rows of a buffer in one pass per line, finding the line end and the field
/// boundaries together; the fast path of parsing large files. Lines and fields follow
/// `LineScanner`'s rules exactly (endings, blank lines, trimming, quotes).
///
/// Owns the storage for one line's fields, reused from line to line.
struct RowScanner: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: FieldDelimiter
    private var position = 0
    private(set) var lineNumber = 0
    /// Fields of the current line; `fieldCount` may exceed `capacity` (the rest are not stored).
    private let fields: UnsafeMutableBufferPointer<FieldSpan>
    private(set) var fieldCount = 0
    private(set) var line = ScannedLine(number: 0, start: 0, end: 0)
    static let capacity = 32

    init(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: FieldDelimiter) {
        self.bytes = bytes
        self.delimiter = delimiter
        fields = .allocate(capacity: Self.capacity)
    }

    deinit { fields.deallocate() }

    @inline(__always)
    func field(_ index: Int) -> FieldSpan { fields[index] }

    /// Where the next line starts.
    var nextLineStart: Int { position }

    /// Skips one line that the caller parsed itself, ending at `next` (just past its newline).
    @inline(__always)
    mutating func skipLine(to next: Int) {
        lineNumber += 1
        position = next
    }

    /// Moves to the next non-blank line; false at the end of the buffer.
    mutating func next() -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        while position < count {
            lineNumber += 1
            let start = position
            var end = start
            fieldCount = 0
            var fieldStart = start
            if case .byte(let d) = delimiter {
                while end < count {
                    let b = base[end]
                    if b == 10 { break }
                    if b == d {
                        record(fieldStart, end, base)
                        fieldStart = end + 1
                    }
                    end += 1
                }
            } else {
                while end < count && base[end] != 10 { end += 1 }
            }
            position = end + 1
            var contentEnd = end
            if contentEnd > start && base[contentEnd - 1] == 13 { contentEnd -= 1 }
            if isBlank(start, contentEnd, base) { continue }
            line = ScannedLine(number: lineNumber, start: start, end: contentEnd)
            if case .byte = delimiter {
                record(fieldStart, max(fieldStart, contentEnd), base)
            } else {
                splitOnDoubleColon(base)
            }
            return true
        }
        return false
    }

    @inline(__always)
    private func isBlank(_ start: Int, _ end: Int, _ base: UnsafePointer<UInt8>) -> Bool {
        var i = start
        while i < end {
            let b = base[i]
            if b != 32 && b != 9 { return false }
            i += 1
        }
        return true
    }

    @inline(__always)
    private mutating func record(_ start: Int, _ end: Int, _ base: UnsafePointer<UInt8>) {
        if fieldCount < Self.capacity {
            var s = start, e = end
            // Trim spaces and tabs, then one pair of enclosing double quotes (as `LineScanner`).
            while s < e && (base[s] == 32 || base[s] == 9) { s += 1 }
            while e > s && (base[e - 1] == 32 || base[e - 1] == 9) { e -= 1 }
            if e - s >= 2 && base[s] == 34 && base[e - 1] == 34 {
                s += 1
                e -= 1
            }
            fields[fieldCount] = FieldSpan(start: s, end: e)
        }
        fieldCount += 1
    }

    private mutating func splitOnDoubleColon(_ base: UnsafePointer<UInt8>) {
        var fieldStart = line.start, i = line.start
        while i < line.end {
            if base[i] == 58 && i + 1 < line.end && base[i + 1] == 58 {
                record(fieldStart, i, base)
                fieldStart = i + 2
                i += 2
            } else {
                i += 1
            }
        }
        record(fieldStart, line.end, base)
    }
}

/// A row of plain decimal numbers, `user⇥item⇥rating[⇥timestamp]` (ECIR files, MovieLens
/// exports), parsed in one pass over its bytes: the fast path for large files.
struct NumericRow {
    var user: Int
    var item: Int
    var rating: Double
    var timestamp: Int64
    /// Where the next line starts.
    var next: Int

    /// The row starting at `start`, or nil when it is anything but plain canonical integers
    /// (no sign, no leading zeros), a plain decimal rating of at most 15 digits, and a line
    /// end; the general scanner then takes the line and reports what is wrong with it. The
    /// rating is computed exactly as `LineScanner.double` computes it.
    @inline(__always)
    static func parse(
        _ base: UnsafePointer<UInt8>, count: Int, at start: Int, delimiter: UInt8, hasTimestamp: Bool
    ) -> NumericRow? {
        var p = start
        guard let user = identifier(base, count, &p, terminator: delimiter),
            let item = identifier(base, count, &p, terminator: delimiter)
        else { return nil }
        var mantissa: UInt64 = 0
        var digits = 0, fractionDigits = 0
        var seenPoint = false
        while p < count {
            let b = base[p]
            if b >= 48 && b <= 57 {
                mantissa = mantissa &* 10 &+ UInt64(b - 48)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if b == 46 && !seenPoint {
                seenPoint = true
            } else {
                break
            }
            p += 1
        }
        guard digits > 0, digits <= 15 else { return nil }
        var rating = Double(mantissa)
        if fractionDigits > 0 { rating /= numericRowPowersOfTen[fractionDigits] }
        var timestamp: Int64 = 0
        if hasTimestamp {
            guard p < count, base[p] == delimiter else { return nil }
            p += 1
            let first = p
            while p < count && base[p] >= 48 && base[p] <= 57 {
                timestamp = timestamp &* 10 &+ Int64(base[p] - 48)
                p += 1
            }
            guard p > first, p - first <= 18 else { return nil }
        }
        if p < count && base[p] == 13 { p += 1 }
        if p < count {
            guard base[p] == 10 else { return nil }
            p += 1
        }
        return NumericRow(user: user, item: item, rating: rating, timestamp: timestamp, next: p)
    }
}

extension NumericRow {
    /// A canonical decimal id followed by `terminator`, advancing `p` past both.
    @inline(__always)
    fileprivate static func identifier(_ base: UnsafePointer<UInt8>, _ count: Int, _ p: inout Int, terminator: UInt8) -> Int? {
        let first = p
        var value = 0
        var i = p
        while i < count {
            let digit = Int(base[i]) &- 48
            guard digit >= 0 && digit <= 9 else { break }
            value = value &* 10 &+ digit
            i += 1
        }
        let length = i - first
        guard length > 0, length <= 18, length == 1 || base[first] != 48, i < count, base[i] == terminator else { return nil }
        p = i + 1
        return value
    }
}

private let numericRowPowersOfTen: [Double] = (0...15).map { n in (0..<n).reduce(1.0) { acc, _ in acc * 10 } }
