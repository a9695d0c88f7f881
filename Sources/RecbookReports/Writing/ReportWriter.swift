import NotebookDocument
import RecbookLanguage
import RecbookResults
import RecbookFiles

/// The report formats recbook writes.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    case html, md, json
}

/// Writes the requested reports of a run into an output folder as one set: every file is
/// rendered, staged and then moved into place (`OutputFolder.replaceSet`), so a failure leaves
/// the previous reports as they were; charts an earlier run left and this one lacks are removed.
/// The notebook and its data files are never written over, nor any file recbook did not write.
public struct ReportWriter: Sendable {
    public var folder: OutputFolder
    /// Base name of the files: `<name>.html`, `<name>.md`, `<name>_files/`, `<name>.json`.
    public var name: String
    /// The language's commands, for highlighting cells in the HTML report.
    public var catalogue: CommandCatalogue

    public init(folder: OutputFolder, name: String, catalogue: CommandCatalogue) {
        self.folder = folder
        self.name = name
        self.catalogue = catalogue
    }

    /// Opens (and locks) `outputDirectory` for the reports.
    public init(outputDirectory: String, name: String, catalogue: CommandCatalogue) throws {
        self.init(folder: try OutputFolder(outputDirectory), name: name, catalogue: catalogue)
    }

    /// Base name for a notebook's reports: its file name without the extension.
    public static func defaultName(forNotebookPath path: String) -> String { baseName(path) }

    /// Fails when a report file of `formats` could not be written (the notebook itself is
    /// there, or a file recbook did not write): call it before the run.
    public func checkTargets(notebookPath: String, formats: Set<ReportFormat>) throws {
        folder.protect(notebookPath)
        try folder.check(ReportFormat.allCases.filter(formats.contains).map { name + "." + $0.rawValue })
    }

    /// Writes `formats` and returns the written paths (chart SVGs included), in the order
    /// html, md (then its charts), json.
    @discardableResult
    public func write(notebook: Notebook, result: RunResult, formats: Set<ReportFormat>) throws -> [String] {
        folder.protect(notebook.path)
        for file in result.manifest.dataFiles { folder.protect(file.path) }
        var files: [(path: String, bytes: [UInt8])] = []
        if formats.contains(.html) {
            files.append((name + ".html", Array(HTMLReportRenderer(catalogue: catalogue, outputDirectory: folder.path).render(notebook: notebook, result: result).utf8)))
        }
        if formats.contains(.md) {
            let rendered = MarkdownReportRenderer(name: name, outputDirectory: folder.path).render(notebook: notebook, result: result)
            files.append((name + ".md", Array(rendered.markdown.utf8)))
            files += rendered.chartFiles.map { ($0.path, Array($0.svg.utf8)) }
        }
        if formats.contains(.json) {
            files.append((name + ".json", Array(try JSONReportRenderer().render(notebook: notebook, result: result).utf8)))
        }
        let name = self.name
        try folder.replaceSet(files) { path in
            (formats.contains(.html) && path == name + ".html") || (formats.contains(.json) && path == name + ".json")
                || (formats.contains(.md) && (path == name + ".md" || path.hasPrefix(name + "_files/")))
        }
        return files.map { folder.resolve($0.path) }
    }
}
