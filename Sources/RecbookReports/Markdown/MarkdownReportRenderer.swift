import NotebookDocument
import RecbookResults

/// Renders a run as GitHub-flavoured Markdown: the notebook's own prose as written, each
/// cell as a ```recbook block followed by its outputs and an italic status line, and the
/// run manifest at the end. Charts are separate SVG files referenced as images.
public struct MarkdownReportRenderer: Sendable {
    /// A rendered report: the Markdown text and the chart files it links to.
    public struct Rendered: Sendable {
        public var markdown: String
        /// Paths relative to the Markdown file (`<name>_files/chart-1.svg`) and their SVG text.
        public var chartFiles: [(path: String, svg: String)]
    }

    /// The report's base name, used for the `<name>_files/` folder of charts.
    public var name: String
    /// The folder the report is written to: relative links and images in prose are rewritten
    /// to resolve from it. Nil leaves them as written.
    public var outputDirectory: String?

    public init(name: String, outputDirectory: String? = nil) {
        self.name = name
        self.outputDirectory = outputDirectory
    }

    public func render(notebook: Notebook, result: RunResult) -> Rendered {
        let outline = ReportOutline(notebook: notebook, result: result)
        var md = ""
        var charts: [(path: String, svg: String)] = []
        let links = ProseLinks(notebookPath: notebook.path, outputDirectory: outputDirectory)
        header(outline, into: &md)
        contents(outline, into: &md)
        for item in outline.items {
            switch item {
            case .prose(let prose):
                // Citations become their values; one the run did not compute stays as written, marked.
                let text = prose.markdown(replacingCitations: { citation in
                    guard let value = outline.result.citation(citation.literal) else { return nil }
                    guard let text = value.text else { return "*not computed* (`` \(citation.literal) ``)" }
                    return escapeMarkdownInline(text).escapingLeadingSign()
                })
                // Relative links and images are the only other change: they must resolve from the output folder.
                md += outputDirectory == nil || prose.links.isEmpty ? text : rewritingLinkDestinations(in: text, links.rewrite)
                md += "\n"
            case .cell(let cell, let cellResult):
                self.cell(cell, cellResult, outline, charts: &charts, into: &md)
            }
        }
        manifest(outline.result.manifest, notebookPath: notebook.path, into: &md)
        return Rendered(markdown: md, chartFiles: charts)
    }

    /// Named cells, linked, when there are any.
    private func contents(_ outline: ReportOutline, into md: inout String) {
        let named = outline.notebook.cells.filter { $0.name != nil }
        guard !named.isEmpty else { return }
        md += "**Contents**\n\n"
        for cell in named {
            md += "- [\(escapeMarkdownInline(ReportOutline.label(cell)))](#\(outline.anchor(cell)))\n"
        }
        md += "\n"
    }

    private func header(_ outline: ReportOutline, into md: inout String) {
        md += "# \(escapeMarkdownInline(outline.title))\n\n"
        let byline = [outline.author, outline.date].compactMap { $0 }
        if !byline.isEmpty { md += "*\(byline.map(escapeMarkdownInline).joined(separator: " · "))*\n\n" }
        let manifest = outline.result.manifest
        md += "**Status:** \(escapeMarkdownInline(outline.statusSummary)) · **Total time:** \(NumberFormat.duration.format(manifest.totalSeconds))"
        md += " · **Seed:** \(manifest.seed) · **Threads:** \(manifest.threads)\n\n"
        md += "---\n\n"
    }

    private func cell(_ cell: Cell, _ cellResult: CellResult?, _ outline: ReportOutline,
                      charts: inout [(path: String, svg: String)], into md: inout String) {
        let fence = codeFence(for: cell.code)
        if let name = cell.name {
            md += "<a id=\"\(escapeHTML(outline.anchor(cell)))\"></a>**\(escapeMarkdownInline(name))**\n\n"
        }
        md += "\(fence)recbook\n\(cell.code)\n\(fence)\n\n"
        for output in cellResult?.outputs ?? [] {
            switch output {
            case .text(let text):
                let textFence = codeFence(for: text)
                md += "\(textFence)text\n\(text.hasSuffix("\n") ? String(text.dropLast()) : text)\n\(textFence)\n\n"
            case .notice(let text):
                md += "> **Notice.** \(escapeMarkdownInline(text))\n\n"
            case .table(let table):
                self.table(table, into: &md)
            case .figures(let figures):
                md += "| " + figures.map { escapeMarkdownInline($0.label) }.joined(separator: " | ") + " |\n"
                md += "|" + String(repeating: "---:|", count: figures.count) + "\n"
                md += "| " + figures.map { escapeMarkdownInline($0.format.format($0.value)) }.joined(separator: " | ") + " |\n\n"
            case .statement(let heading):
                let cached = cellResult?.statement(onLine: heading.line)?.label.map { " · \($0)" } ?? ""
                md += "`` \(heading.source.replacingBackticks) `` · *line \(heading.line) · \(NumberFormat.duration.format(heading.seconds))\(cached)*\n\n"
            case .chart(let chart):
                let number = charts.count + 1
                let path = "\(name)_files/chart-\(number).svg"
                charts.append((path, SVGChartRenderer(idPrefix: "chart-\(number)", standalone: true).render(chart)))
                md += "![\(escapeMarkdownInline(chart.title))](\(markdownLinkPath(path)))\n\n"
            }
        }
        let status = outline.status(of: cellResult)
        if status == .failed {
            let headline = cellResult?.error?.headline ?? "this cell failed"
            md += "> **Error:** `\(headline.replacingBackticks)`\n\n"
        }
        var line = "*\(escapeMarkdownInline(ReportOutline.label(cell))) · \(ReportOutline.statusWord(status))"
        if status != .notRun { line += " · \(NumberFormat.duration.format(cellResult?.seconds ?? 0))" }
        if status != .notRun, let label = cellResult?.cacheLabel { line += " · \(escapeMarkdownInline(label))" }
        if status == .notRun { line += " (\(escapeMarkdownInline(cellResult?.notRunReason ?? "an earlier cell failed")))" }
        md += line + "*\n\n"
    }

    private func table(_ table: Table, into md: inout String) {
        if let title = table.title { md += "**\(escapeMarkdownInline(title))**\n\n" }
        guard !table.columns.isEmpty else { return }
        md += "| " + table.columns.map(escapeMarkdownInline).joined(separator: " | ") + " |\n"
        md += "|"
        for column in table.columns.indices {
            let numeric = table.rows.allSatisfy { row in
                guard column < row.count else { return true }
                if case .text = row[column] { return false }
                return true
            }
            md += numeric ? "---:|" : "---|"
        }
        md += "\n"
        for row in table.rows {
            var cells = row.map { escapeMarkdownInline($0.displayText) }
            while cells.count < table.columns.count { cells.append("") }
            md += "| " + cells.joined(separator: " | ") + " |\n"
        }
        md += "\n"
    }

    private func manifest(_ manifest: RunManifest, notebookPath: String, into md: inout String) {
        md += "---\n\n## Run manifest\n\n| | |\n|---|---|\n"
        md += "| recbook version | \(escapeMarkdownInline(manifest.recbookVersion)) |\n"
        md += "| Notebook | `\(notebookPath.replacingBackticks)` |\n"
        md += "| Seed | \(manifest.seed) |\n"
        md += "| Threads | \(manifest.threads) |\n"
        if let kernels = manifest.numericKernels { md += "| Numeric kernels | \(escapeMarkdownInline(kernels)) |\n" }
        md += "| Started | \(escapeMarkdownInline(manifest.startedAt)) |\n"
        md += "| Total time | \(NumberFormat.duration.format(manifest.totalSeconds)) |\n\n"
        if !manifest.parameters.isEmpty {
            md += "### Parameters\n\n| Name | Value |\n|---|---|\n"
            for parameter in manifest.parameters {
                md += "| `\(parameter.name.replacingBackticks)` | `\(parameter.value.replacingBackticks)` |\n"
            }
            md += "\n"
        }
        if !manifest.dataFiles.isEmpty {
            md += "### Data files\n\n| File | Bytes | SHA-256 |\n|---|---:|---|\n"
            for file in manifest.dataFiles {
                md += "| `\(file.path.replacingBackticks)` | \(NumberFormat.integer.format(Double(file.bytes))) | `\(file.sha256)` |\n"
            }
            md += "\n"
        }
    }

    /// A relative path usable as a Markdown link destination (spaces and parentheses escaped).
    private func markdownLinkPath(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case " ": out += "%20"
            case "(": out += "%28"
            case ")": out += "%29"
            case "<": out += "%3C"
            case ">": out += "%3E"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    /// For inline code spans in tables, which cannot contain backticks or pipes.
    fileprivate var replacingBackticks: String {
        var out = ""
        for c in unicodeScalars {
            switch c {
            case "`": out += "'"
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

private extension String {
    /// A value that starts a line must not start a list item or a heading.
    func escapingLeadingSign() -> String {
        hasPrefix("-") || hasPrefix("+") ? "\\" + self : self
    }
}
