import NotebookDocument
import RecbookLanguage
import RecbookResults
import RecbookFiles

/// The report formats recbook writes.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    case html, md, json
}

/// Writes the requested reports of a run into a folder, each file atomically
/// (temporary file, then rename), and says which files it wrote.
public struct ReportWriter: Sendable {
    public var outputDirectory: String
    /// Base name of the files: `<name>.html`, `<name>.md`, `<name>_files/`, `<name>.json`.
    public var name: String
    /// The language's commands, for highlighting cells in the HTML report.
    public var catalogue: CommandCatalogue

    public init(outputDirectory: String, name: String, catalogue: CommandCatalogue) {
        self.outputDirectory = outputDirectory
        self.name = name
        self.catalogue = catalogue
    }

    /// Base name for a notebook's reports: its file name without the extension.
    public static func defaultName(forNotebookPath path: String) -> String { baseName(path) }

    /// Writes `formats` and returns the written paths (chart SVGs included), in the order
    /// html, md (then its charts), json.
    @discardableResult
    public func write(notebook: Notebook, result: RunResult, formats: Set<ReportFormat>) throws -> [String] {
        try AtomicFile.createDirectory(outputDirectory)
        var written: [String] = []
        let base = outputDirectory.hasSuffix("/") ? outputDirectory + name : outputDirectory + "/" + name
        if formats.contains(.html) {
            let path = base + ".html"
            try AtomicFile.write(HTMLReportRenderer(catalogue: catalogue).render(notebook: notebook, result: result), to: path)
            written.append(path)
        }
        if formats.contains(.md) {
            let rendered = MarkdownReportRenderer(name: name).render(notebook: notebook, result: result)
            if !rendered.chartFiles.isEmpty {
                try AtomicFile.createDirectory(base + "_files")
            }
            let path = base + ".md"
            try AtomicFile.write(rendered.markdown, to: path)
            written.append(path)
            let folder = outputDirectory.hasSuffix("/") ? outputDirectory : outputDirectory + "/"
            for chart in rendered.chartFiles {
                try AtomicFile.write(chart.svg, to: folder + chart.path)
                written.append(folder + chart.path)
            }
        }
        if formats.contains(.json) {
            let path = base + ".json"
            try AtomicFile.write(try JSONReportRenderer().render(notebook: notebook, result: result), to: path)
            written.append(path)
        }
        return written
    }
}
