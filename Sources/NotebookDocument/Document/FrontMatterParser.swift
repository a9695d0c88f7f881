/// Reads the `---` block at the top of a notebook: the small YAML subset recbook needs.
///
/// - top-level `key: value` lines for `title`, `author`, `date` (strings, bare or quoted)
///   and `seed` (a whole number);
/// - `params:` followed by `name: default` lines, all indented by the same amount;
///   defaults are recbook literals (numbers, "strings", true/false, [lists], sweep[…]); a bare word
///   is taken as a string and stored quoted;
/// - blank lines and `#` comments.
///
/// Problems become located diagnostics; parsing goes on so every problem is reported.
struct FrontMatterParser {
    let path: String
    let lines: SourceLines

    /// The parsed front matter and the last line it occupies (0 when there is none).
    struct Result {
        var frontMatter: FrontMatter
        var lastLine: Int
        var errors: [Diagnostic]
        var warnings: [Diagnostic]
    }

    static let knownKeys: Set<String> = ["title", "author", "date", "seed", "params"]

    func parse() -> Result {
        guard lines.count > 0, isDelimiter(lines.text(1), allowDots: false) else {
            return Result(frontMatter: FrontMatter(), lastLine: 0, errors: [], warnings: [])
        }
        guard let closing = (2...max(2, lines.count)).first(where: { $0 <= lines.count && isDelimiter(lines.text($0), allowDots: true) }) else {
            let d = diagnostic(line: 1, column: 1, length: 3, "unterminated-front-matter",
                               "front matter is not closed: add a '---' line after it")
            return Result(frontMatter: FrontMatter(), lastLine: 0, errors: [d], warnings: [])
        }

        var state = State()
        var line = 2
        while line < closing {
            parseLine(line, into: &state)
            line += 1
        }
        state.frontMatter.range = loc(1, 1)..<loc(closing, lines.scalarCount(closing) + 1)
        return Result(frontMatter: state.frontMatter, lastLine: closing, errors: state.errors, warnings: state.warnings)
    }

    // MARK: - Lines

    private struct State {
        var frontMatter = FrontMatter()
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var seenKeys: Set<String> = []
        /// Inside `params:`; the indentation of its first entry once known.
        var inParams = false
        var paramIndent: Int?
    }

    private func parseLine(_ line: Int, into state: inout State) {
        let scalars = Array(lines.text(line).unicodeScalars)
        let indent = scalars.prefix(while: { $0 == " " || $0 == "\t" })
        let contentStart = indent.count
        if contentStart == scalars.count || scalars[contentStart] == "#" { return }  // blank or comment
        if indent.contains("\t") {
            state.errors.append(diagnostic(line: line, column: 1, length: indent.count, "front-matter-indentation",
                                           "front matter is indented with a tab; use spaces"))
            return
        }
        if contentStart > 0 {
            guard state.inParams else {
                state.errors.append(diagnostic(line: line, column: contentStart + 1, length: 1, "front-matter-indentation",
                                               "unexpected indentation; only the entries under 'params:' are indented"))
                return
            }
            if let expected = state.paramIndent, expected != contentStart {
                state.errors.append(diagnostic(line: line, column: contentStart + 1, length: 1, "front-matter-indentation",
                                               "parameter is indented by \(contentStart) spaces; the ones above use \(expected)"))
                return
            }
            state.paramIndent = contentStart
            parseParameter(scalars, line: line, start: contentStart, into: &state)
            return
        }
        state.inParams = false
        guard let (key, keyEnd, valueStart, valueEnd) = splitKeyValue(scalars, line: line, start: 0, into: &state) else { return }
        let keyRange = loc(line, 1)..<loc(line, keyEnd + 1)
        if state.seenKeys.contains(key) {
            state.errors.append(Diagnostic(file: path, range: keyRange, identifier: "duplicate-front-matter-key",
                                           summary: DocumentMessages.keyGivenTwice(key)))
            return
        }
        state.seenKeys.insert(key)
        let rawValue = String(String.UnicodeScalarView(scalars[valueStart..<valueEnd]))
        let valueRange = loc(line, valueStart + 1)..<loc(line, valueEnd + 1)

        if key == "params" {
            if !rawValue.isEmpty {
                state.errors.append(Diagnostic(file: path, range: valueRange, identifier: "front-matter-params",
                                               summary: DocumentMessages.paramsOnFollowingLines))
            }
            state.inParams = true
            state.frontMatter.entries.append(.init(key: key, value: "", keyRange: keyRange, valueRange: valueRange))
            return
        }
        guard let value = scalarString(rawValue, range: valueRange, into: &state) else { return }
        state.frontMatter.entries.append(.init(key: key, value: value, keyRange: keyRange, valueRange: valueRange))
        switch key {
        case "title": state.frontMatter.title = value
        case "author": state.frontMatter.author = value
        case "date": state.frontMatter.date = value
        case "seed":
            if let seed = UInt64(value) {
                state.frontMatter.seed = seed
            } else {
                state.errors.append(Diagnostic(file: path, range: valueRange, identifier: "front-matter-seed",
                                               summary: DocumentMessages.seedNotAWholeNumber(value)))
            }
        default:
            state.warnings.append(Diagnostic(severity: .warning, file: path, range: keyRange, identifier: "unknown-front-matter-key",
                                             summary: DocumentMessages.unknownKey(key)))
        }
    }

    private func parseParameter(_ scalars: [Unicode.Scalar], line: Int, start: Int, into state: inout State) {
        guard let (name, nameEnd, valueStart, valueEnd) = splitKeyValue(scalars, line: line, start: start, into: &state) else { return }
        let nameRange = loc(line, start + 1)..<loc(line, nameEnd + 1)
        let valueRange = loc(line, valueStart + 1)..<loc(line, valueEnd + 1)
        guard isIdentifier(name) else {
            state.errors.append(Diagnostic(file: path, range: nameRange, identifier: "front-matter-parameter-name",
                                           summary: DocumentMessages.badParameterName(name)))
            return
        }
        if state.frontMatter.parameters.contains(where: { $0.name == name }) || state.frontMatter.unreadableParameters.contains(name) {
            state.errors.append(Diagnostic(file: path, range: nameRange, identifier: "duplicate-parameter",
                                           summary: DocumentMessages.parameterDeclaredTwice(name)))
            return
        }
        let raw = String(String.UnicodeScalarView(scalars[valueStart..<valueEnd]))
        guard !raw.isEmpty else {
            state.errors.append(diagnostic(line: line, column: nameEnd + 2, length: 1, "front-matter-parameter-value",
                                           "parameter '\(name)' needs a default value"))
            state.frontMatter.unreadableParameters.append(name)
            return
        }
        guard let literal = literalText(raw, range: valueRange, into: &state) else {
            state.frontMatter.unreadableParameters.append(name)
            return
        }
        state.frontMatter.parameters.append(.init(name: name, defaultText: literal, nameRange: nameRange, valueRange: valueRange))
    }

    /// Splits `key: value # comment` starting at `start`. Returns the key, the key's end,
    /// and the value's bounds (trimmed, comment removed) as 0-based scalar offsets.
    private func splitKeyValue(
        _ scalars: [Unicode.Scalar], line: Int, start: Int, into state: inout State
    ) -> (String, Int, Int, Int)? {
        guard let colon = scalars[start...].firstIndex(of: ":") else {
            state.errors.append(diagnostic(line: line, column: start + 1, length: scalars.count - start, "front-matter-syntax",
                                           "expected 'key: value' in the front matter"))
            return nil
        }
        var keyEnd = colon
        while keyEnd > start, scalars[keyEnd - 1] == " " { keyEnd -= 1 }
        let key = String(String.UnicodeScalarView(scalars[start..<keyEnd]))
        if key.isEmpty || (colon + 1 < scalars.count && scalars[colon + 1] != " ") {
            state.errors.append(diagnostic(line: line, column: start + 1, length: max(1, colon - start + 1), "front-matter-syntax",
                                           "expected 'key: value' (a name, a colon and a space) in the front matter"))
            return nil
        }
        var valueStart = colon + 1
        while valueStart < scalars.count, scalars[valueStart] == " " { valueStart += 1 }
        let valueEnd = endOfValue(scalars, from: valueStart)
        return (key, keyEnd, valueStart, valueEnd)
    }

    /// Where the value ends: before a ` #` comment outside quotes, trailing spaces removed.
    private func endOfValue(_ s: [Unicode.Scalar], from start: Int) -> Int {
        var quote: Unicode.Scalar?
        var end = s.count
        var i = start
        while i < s.count {
            let c = s[i]
            if let q = quote {
                if c == "\\" && q == "\"" { i += 1 } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" && (i == start || s[i - 1] == " ") {
                end = i
                break
            }
            i += 1
        }
        while end > start, s[end - 1] == " " { end -= 1 }
        return end
    }

    // MARK: - Values

    /// A top-level scalar: quoted ("…" with backslash escapes, '…' with '' for a quote) or bare.
    private func scalarString(_ raw: String, range: SourceRange, into state: inout State) -> String? {
        guard let first = raw.unicodeScalars.first, first == "\"" || first == "'" else { return raw }
        if let unquoted = unquote(raw) { return unquoted }
        state.errors.append(Diagnostic(file: path, range: range, identifier: "front-matter-string",
                                       summary: DocumentMessages.unclosedString(quote: String(first))))
        return nil
    }

    /// A parameter default as recbook literal text.
    private func literalText(_ raw: String, range: SourceRange, into state: inout State) -> String? {
        let first = raw.unicodeScalars.first!
        if first == "\"" || first == "'" {
            guard let text = unquote(raw) else {
                state.errors.append(Diagnostic(file: path, range: range, identifier: "front-matter-string",
                                               summary: DocumentMessages.unclosedString(quote: String(first))))
                return nil
            }
            return first == "\"" ? raw : recbookStringLiteral(text)
        }
        if first == "[" || raw.hasPrefix("sweep[") {
            guard raw.unicodeScalars.last == "]" else {
                state.errors.append(Diagnostic(file: path, range: range, identifier: "front-matter-list",
                                               summary: DocumentMessages.unclosedList))
                return nil
            }
            return raw
        }
        if raw == "true" || raw == "false" || isNumber(raw) { return raw }
        return recbookStringLiteral(raw)
    }

    private func unquote(_ raw: String) -> String? {
        let s = Array(raw.unicodeScalars)
        guard s.count >= 2, let q = s.first, s.last == q else { return nil }
        var out = String.UnicodeScalarView()
        var i = 1
        while i < s.count - 1 {
            let c = s[i]
            if q == "\"" && c == "\\" && i + 1 < s.count - 1 {
                let n = s[i + 1]
                switch n {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(n)
                }
                i += 2
                continue
            }
            if q == "'" && c == "'" {
                guard i + 1 < s.count - 1, s[i + 1] == "'" else { return nil }
                out.append("'")
                i += 2
                continue
            }
            if c == q { return nil }  // a quote inside ends the string early
            out.append(c)
            i += 1
        }
        return String(out)
    }

    private func isNumber(_ s: String) -> Bool {
        var body = Substring(s)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        guard let first = body.first, first.isASCII, first.isNumber else { return false }
        return Double(body) != nil
    }

    private func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    // MARK: - Helpers

    private func isDelimiter(_ line: Substring, allowDots: Bool) -> Bool {
        var trimmed = line
        while trimmed.last == " " || trimmed.last == "\t" { trimmed = trimmed.dropLast() }
        return trimmed == "---" || (allowDots && trimmed == "...")
    }

    private func loc(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(line: line, column: column) }

    private func diagnostic(line: Int, column: Int, length: Int, _ identifier: String, _ summary: String) -> Diagnostic {
        Diagnostic(file: path, range: loc(line, column)..<loc(line, column + max(1, length)),
                   identifier: identifier, summary: summary)
    }
}
