import RecbookRuntime
import NotebookDocument
@testable import RecbookLanguage

/// Builds `Notebook` values by hand: each cell is written as a fenced block starting at
/// a chosen file line, optionally indented (as inside a list item), so tests can assert
/// file coordinates.
struct NotebookFixture {
    struct CellSpec {
        var code: String
        /// The file line of the opening fence.
        var fenceLine: Int
        /// Spaces before the fence and every code line.
        var indent: Int = 0
    }

    var path = "nb.md"
    var cells: [CellSpec]
    var parameters: [(name: String, defaultText: String)] = []

    init(path: String = "nb.md", cells: [CellSpec], parameters: [(name: String, defaultText: String)] = []) {
        self.path = path
        self.cells = cells
        self.parameters = parameters
    }

    /// One cell whose code starts on file line 2 (fence on line 1).
    init(_ code: String) {
        self.init(cells: [CellSpec(code: code, fenceLine: 1)])
    }

    var notebook: Notebook {
        var lines: [String] = []
        func put(_ text: String, at line: Int) {
            while lines.count < line { lines.append("") }
            lines[line - 1] = text
        }
        // Front matter parameters live on lines 2… as `  name: value`.
        var declared: [FrontMatter.Parameter] = []
        if !parameters.isEmpty {
            put("---", at: 1)
            put("params:", at: 2)
            for (i, p) in parameters.enumerated() {
                let line = 3 + i
                put("  \(p.name): \(p.defaultText)", at: line)
                let nameStart = SourceLocation(line: line, column: 3)
                let valueColumn = 3 + p.name.count + 2
                declared.append(FrontMatter.Parameter(
                    name: p.name, defaultText: p.defaultText,
                    nameRange: nameStart..<SourceLocation(line: line, column: 3 + p.name.count),
                    valueRange: SourceLocation(line: line, column: valueColumn)..<SourceLocation(line: line, column: valueColumn + p.defaultText.unicodeScalars.count)))
            }
            put("---", at: 3 + parameters.count)
        }
        var blocks: [Block] = []
        for (index, spec) in cells.enumerated() {
            let pad = String(repeating: " ", count: spec.indent)
            let codeLines = spec.code.split(separator: "\n", omittingEmptySubsequences: false)
            put(pad + "```recbook", at: spec.fenceLine)
            var starts: [SourceLocation] = []
            for (i, line) in codeLines.enumerated() {
                put(pad + line, at: spec.fenceLine + 1 + i)
                starts.append(SourceLocation(line: spec.fenceLine + 1 + i, column: spec.indent + 1))
            }
            let closing = spec.fenceLine + 1 + codeLines.count
            put(pad + "```", at: closing)
            blocks.append(.cell(Cell(
                index: index, code: spec.code,
                range: SourceLocation(line: spec.fenceLine, column: spec.indent + 1)..<SourceLocation(line: closing, column: spec.indent + 4),
                lineStarts: starts)))
        }
        return Notebook(
            path: path, source: lines.joined(separator: "\n") + "\n",
            frontMatter: FrontMatter(parameters: declared), blocks: blocks)
    }

    func check(overrides: [String] = []) -> Checker.Outcome {
        Checker.check(notebook, overrides: overrides, catalogue: .standard)
    }

    /// The diagnostics, each as `line:column: identifier: summary`, notes as `  note line:column: message`.
    /// The errors (warnings are left to `warnings`).
    func diagnostics(overrides: [String] = []) -> [String] {
        guard case .failure(let diagnostics) = check(overrides: overrides) else { return [] }
        return diagnostics.filter { $0.severity == .error }.map(Self.describe)
    }

    /// The warnings, whether or not there are errors too.
    func warnings(overrides: [String] = []) -> [String] {
        let all: [Diagnostic]
        switch check(overrides: overrides) {
        case .success(let program): all = program.warnings
        case .failure(let diagnostics): all = diagnostics
        }
        return all.filter { $0.severity == .warning }.map(Self.describe)
    }

    static func describe(_ d: Diagnostic) -> String {
        var text = "\(d.file == "nb.md" ? "" : d.file + ":")\(d.range.lowerBound): \(d.identifier): \(d.summary)"
        for note in d.notes {
            let file = note.file.map { $0 == "nb.md" ? "" : $0 + ":" } ?? ""
            text += "\n  note" + (note.range.map { " \(file)\($0.lowerBound)" } ?? "") + ": \(note.message)"
        }
        return text
    }

    func program(overrides: [String] = []) -> CheckedProgram? {
        if case .success(let program) = check(overrides: overrides) { return program }
        return nil
    }
}
