import NotebookDocument

/// A citation as written in prose (docs/language.md, "Numbers in prose"):
///
///     `= clean.hr@100`                     a metric of an evaluation
///     `= under_attack.hr@100 vs clean`     its relative change against another, paired by seed
///     `= apr.hr@100 - bpr_clean`           its difference from another, paired by seed
///     `= clean.hr@100 | ci`                one part of the figure: mean, ci, low, high, sd, n
///     `= pop.arp@10 in q1 - pop in q4`     within an activity quartile (`evaluate … groups=activity`)
public struct CitationSyntax: Sendable, Hashable {
    public enum Comparison: String, Sendable, Hashable {
        case relativeChange = "vs"
        case difference = "-"
    }

    /// The evaluation cited: a name or a selection such as `hits[epsilon=0.5]`.
    public var subject: ValueSyntax
    public var metric: String
    public var metricRange: SourceRange
    public var cutoff: Int?
    public var cutoffRange: SourceRange?
    /// `in qN`: the metric over one activity quartile of the subject's users (1 = least active).
    public var group: Int?
    public var groupRange: SourceRange?
    public var comparison: Comparison?
    public var baseline: ValueSyntax?
    /// The baseline's quartile when it names its own; else the subject's.
    public var baselineGroup: Int?
    public var baselineGroupRange: SourceRange?
    public var part: String?
    public var partRange: SourceRange?
}

/// Reads a citation's text. Errors are located in the notebook file.
enum CitationParser {
    /// The citation's syntax, or the diagnostic of its first problem.
    static func parse(_ citation: InlineCitation, file: String) -> (CitationSyntax?, Diagnostic?) {
        var reader = Reader(citation: citation, file: file)
        do {
            return (try reader.parse(), nil)
        } catch {
            return (nil, error.diagnostic)
        }
    }

    struct Failure: Error {
        var diagnostic: Diagnostic
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        let citation: InlineCitation
        let file: String
        var index = 0

        init(citation: InlineCitation, file: String) {
            self.citation = citation
            self.file = file
            scalars = Array(citation.literal.unicodeScalars)
        }

        /// The file location of the scalar at `offset` (a citation over several lines points at its start).
        func location(_ offset: Int) -> SourceLocation {
            let start = citation.range.lowerBound
            guard citation.range.upperBound.line == start.line else { return start }
            return SourceLocation(line: start.line, column: start.column + offset)
        }

        func range(_ from: Int, _ to: Int) -> SourceRange { location(from)..<location(max(to, from)) }

        var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func skipSpaces() {
            while let c = peek, c == " " { index += 1 }
        }

        func failure(_ expected: String) -> Failure {
            var index = index
            while index < scalars.count, scalars[index] == " " { index += 1 }
            let peek = index < scalars.count ? scalars[index] : nil
            let rest = String(String.UnicodeScalarView(scalars[index...].prefix { $0 != " " }))
            let found = peek == nil ? "the end of the citation" : "`\(rest)`"
            return Failure(diagnostic: Diagnostic(
                file: file, range: range(index, peek == nil ? index : index + 1), identifier: "citation-syntax",
                summary: CitationMessages.expected(expected, found: found),
                notes: [Diagnostic.Note(message: CitationMessages.forms)]))
        }

        mutating func parse() throws(Failure) -> CitationSyntax {
            index = 1  // the literal starts with `=`
            skipSpaces()
            let subject = try reference()
            guard peek == "." else { throw failure("`.` and a metric after the evaluation's name") }
            index += 1
            let metricStart = index
            while let c = peek, c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) { index += 1 }
            guard index > metricStart else { throw failure("a metric name such as `hr`") }
            let metric = String(String.UnicodeScalarView(scalars[metricStart..<index]))
            var syntax = CitationSyntax(
                subject: subject, metric: metric, metricRange: range(metricStart, index), cutoff: nil, cutoffRange: nil)
            if peek == "@" {
                index += 1
                let start = index
                while let c = peek, ("0"..."9").contains(c) { index += 1 }
                guard index > start, let k = Int(String(String.UnicodeScalarView(scalars[start..<index]))) else {
                    throw failure("a cut-off (a whole number) after `@`")
                }
                syntax.cutoff = k
                syntax.cutoffRange = range(start - 1, index)
            }
            skipSpaces()
            if let (group, groupRange) = try activityGroup() {
                (syntax.group, syntax.groupRange) = (group, groupRange)
                skipSpaces()
            }
            if peek == "-" || (peek == "v" && scalars[index...].starts(with: "vs ".unicodeScalars)) {
                syntax.comparison = peek == "-" ? .difference : .relativeChange
                index += syntax.comparison == .difference ? 1 : 2
                skipSpaces()
                syntax.baseline = try reference()
                skipSpaces()
                if let (group, groupRange) = try activityGroup() {
                    (syntax.baselineGroup, syntax.baselineGroupRange) = (group, groupRange)
                    skipSpaces()
                }
            }
            if peek == "|" {
                index += 1
                skipSpaces()
                let start = index
                while let c = peek, c.properties.isAlphabetic { index += 1 }
                guard index > start else { throw failure("a part after `|`: " + CitationMessages.partList) }
                syntax.part = String(String.UnicodeScalarView(scalars[start..<index]))
                syntax.partRange = range(start, index)
                skipSpaces()
            }
            guard peek == nil else {
                let expected = if syntax.part != nil {
                    "the end of the citation"
                } else if syntax.comparison != nil {
                    syntax.baselineGroup == nil ? "`in`, `|` or the end of the citation" : "`|` or the end of the citation"
                } else {
                    syntax.group == nil ? "`in`, `vs`, `-`, `|` or the end of the citation" : "`vs`, `-`, `|` or the end of the citation"
                }
                throw failure(expected)
            }
            return syntax
        }

        /// `in qN`, when the text goes on with it: the quartile's number and the range of `qN`.
        mutating func activityGroup() throws(Failure) -> (Int, SourceRange)? {
            guard scalars[index...].starts(with: "in ".unicodeScalars) else { return nil }
            index += 2
            skipSpaces()
            let start = index
            guard peek == "q" else { throw failure("an activity quartile such as `q1` after `in`") }
            index += 1
            while let c = peek, ("0"..."9").contains(c) { index += 1 }
            guard index > start + 1, let number = Int(String(String.UnicodeScalarView(scalars[(start + 1)..<index]))) else {
                index = start
                throw failure("an activity quartile such as `q1` after `in`")
            }
            return (number, range(start, index))
        }

        /// A name, or `name[axis=value, …]`, read by the statement parser.
        mutating func reference() throws(Failure) -> ValueSyntax {
            let start = index
            guard let first = peek, first.properties.isAlphabetic || first == "_" else { throw failure("the name of an evaluation") }
            while let c = peek, c.properties.isAlphabetic || c == "_" || c == "-" || ("0"..."9").contains(c) { index += 1 }
            // Names may contain `-`, so a difference is written with spaces: `a - b`.
            if peek == "[" {
                var quoted = false
                while let c = peek {
                    index += 1
                    if c == "\"" { quoted.toggle() }
                    if c == "]" && !quoted { break }
                }
            }
            let text = String(String.UnicodeScalarView(scalars[start..<index]))
            let (value, diagnostics) = Parser.parseValue(text, file: file, mapper: SourceMapper(lineStarts: [location(start)]))
            if let problem = diagnostics.first { throw Failure(diagnostic: problem) }
            guard let value else { throw failure("the name of an evaluation") }
            switch value.form {
            case .word, .selection: return value
            default:
                throw Failure(diagnostic: Diagnostic(
                    file: file, range: value.range, identifier: "citation-syntax",
                    summary: CitationMessages.expected("the name of an evaluation", found: "`\(text)`")))
            }
        }
    }
}
