import NotebookDocument
import RecbookResults

/// The notebook and its run side by side, in document order: what every report walks.
/// Cells are matched to results by index; a cell without a result counts as not run.
struct ReportOutline {
    enum Item {
        case prose(Prose)
        case cell(Cell, CellResult?)
    }

    let notebook: Notebook
    let result: RunResult
    let items: [Item]

    init(notebook: Notebook, result: RunResult) {
        self.notebook = notebook
        self.result = result
        var byIndex: [Int: CellResult] = [:]
        for cell in result.cells { byIndex[cell.index] = cell }
        items = notebook.blocks.map { block in
            switch block {
            case .prose(let prose): return .prose(prose)
            case .cell(let cell): return .cell(cell, byIndex[cell.index])
            }
        }
    }

    var cellCount: Int { notebook.cells.count }

    func status(of result: CellResult?) -> CellResult.Status { result?.status ?? .notRun }

    var failedCount: Int { items.count { if case .cell(_, let r) = $0 { status(of: r) == .failed } else { false } } }
    var notRunCount: Int { items.count { if case .cell(_, let r) = $0 { status(of: r) == .notRun } else { false } } }
    var succeeded: Bool { failedCount == 0 && notRunCount == 0 }

    /// "All 4 cells succeeded" or "1 of 4 cells failed, 2 not run".
    var statusSummary: String {
        let cells = "\(cellCount) cell\(cellCount == 1 ? "" : "s")"
        if succeeded { return cellCount == 0 ? "No cells to run" : cellCount == 1 ? "The cell succeeded" : "All \(cells) succeeded" }
        var parts: [String] = []
        if failedCount > 0 { parts.append("\(failedCount) of \(cells) failed") }
        if notRunCount > 0 { parts.append(parts.isEmpty ? "\(notRunCount) of \(cells) not run" : "\(notRunCount) not run") }
        return parts.joined(separator: ", ")
    }

    var title: String {
        notebook.frontMatter.title ?? (result.title.isEmpty ? baseName(notebook.path) : result.title)
    }

    var author: String? { notebook.frontMatter.author ?? result.author }
    var date: String? { notebook.frontMatter.date }

    /// Label used for a cell everywhere: its `#| name:`, else "Cell 3".
    static func label(_ cell: Cell) -> String { cell.name ?? "Cell \(cell.index + 1)" }

    /// The cell's anchor: `cell-` and its name made a slug (as GitHub makes heading anchors),
    /// else `cell-3`. The checker made names unique; distinct names may still share a slug,
    /// so a repeated slug gets the cell's number.
    func anchor(_ cell: Cell) -> String {
        guard let name = cell.name else { return "cell-\(cell.index + 1)" }
        let slug = Self.slug(name)
        let clash = notebook.cells.contains { $0.index < cell.index && $0.name.map(Self.slug) == slug }
        return slug.isEmpty || clash ? "cell-\(cell.index + 1)" : "cell-" + slug
    }

    /// "Robustness curve (ε)" → "robustness-curve-ε": lower case, spaces to `-`, punctuation dropped.
    static func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " || scalar == "-" { out += "-" } else if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Short status words for badges and the Markdown status line.
    static func statusWord(_ status: CellResult.Status) -> String {
        switch status {
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .notRun: "not run"
        }
    }

    /// The notebook's source line `line` (1-based), for showing an error in context.
    func sourceLine(_ line: Int) -> Substring? {
        var current = 1
        var start = notebook.source.startIndex
        let scalars = notebook.source.unicodeScalars
        var index = start
        while index < notebook.source.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                if current == line { return notebook.source[start..<index] }
                current += 1
                var next = scalars.index(after: index)
                if scalar == "\r", next < notebook.source.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                index = next
            } else {
                index = scalars.index(after: index)
            }
        }
        return current == line && start < notebook.source.endIndex ? notebook.source[start...] : nil
    }
}

/// The last path component without its extension: "docs/tutorial.md" → "tutorial".
func baseName(_ path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    if let dot = file.lastIndex(of: "."), dot != file.startIndex { return String(file[..<dot]) }
    return file
}
