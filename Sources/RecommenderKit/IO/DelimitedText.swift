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
    private var lineNumber = 0

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
