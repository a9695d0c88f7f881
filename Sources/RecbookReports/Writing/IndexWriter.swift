import RecbookFiles

/// Writes a run's index (`index.html`, `index.md`, `index.json`) into the output folder beside
/// the reports it links, as one set and under the same rules as the reports
/// (`OutputFolder.replaceSet`): never over a file recbook did not write.
public struct IndexWriter: Sendable {
    /// The index's base name; a notebook whose report would have it cannot run with an index.
    public static let name = "index"

    public var folder: OutputFolder

    public init(folder: OutputFolder) {
        self.folder = folder
    }

    /// The index's files for `formats`, in the order html, md, json.
    public static func files(formats: Set<ReportFormat>) -> [String] {
        ReportFormat.allCases.filter(formats.contains).map { name + "." + $0.rawValue }
    }

    /// Fails when an index file could not be written (a file recbook did not write is there):
    /// call it before the run.
    public func checkTargets(formats: Set<ReportFormat>) throws {
        try folder.check(Self.files(formats: formats))
    }

    /// Writes `formats` and returns the written paths, in the order html, md, json.
    @discardableResult
    public func write(_ index: RunIndex, formats: Set<ReportFormat>) throws -> [String] {
        var files: [(path: String, bytes: [UInt8])] = []
        for format in ReportFormat.allCases where formats.contains(format) {
            let text: String
            switch format {
            case .html: text = IndexHTMLRenderer().render(index)
            case .md: text = IndexMarkdownRenderer().render(index)
            case .json: text = try IndexJSONRenderer().render(index)
            }
            files.append((Self.name + "." + format.rawValue, Array(text.utf8)))
        }
        let written = Set(files.map(\.path))
        // An index of a format not asked for this time stays (as a report's would).
        try folder.replaceSet(files) { written.contains($0) }
        return files.map { folder.resolve($0.path) }
    }
}
