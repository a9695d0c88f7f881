import NotebookDocument
import RecbookResults

/// The index of a run of several notebooks (`index.html`, `index.md`, `index.json`): one
/// entry per notebook, in the order they ran, with links to its reports. It is also the JSON
/// index's document, schema version 1 (docs/reports.md).
public struct RunIndex: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    /// Tells the index apart from a notebook's JSON report, which has no `kind`.
    public static let kindName = "recbook-index"
    /// The two statuses, of the index and of each entry (the JSON report's words).
    public static let succeededStatus = "succeeded", failedStatus = "failed"

    public var schemaVersion: Int
    public var kind: String
    public var title: String
    public var recbookVersion: String
    /// `succeeded` when every notebook succeeded, otherwise `failed`.
    public var status: String
    /// The notebooks' run times added up.
    public var totalSeconds: Double
    public var notebooks: [Entry]

    public struct Entry: Codable, Sendable, Equatable {
        /// The notebook's path as given.
        public var notebook: String
        public var title: String
        /// `succeeded` when every cell succeeded, otherwise `failed` (as in the JSON report).
        public var status: String
        /// What the report's header says: "All 3 cells succeeded", "1 of 3 cells failed, 1 not run".
        public var statusSummary: String
        public var cells: Int
        public var failedCells: Int
        public var notRunCells: Int
        public var startedAt: String
        public var seconds: Double
        /// Absent when the run used no cache.
        public var cache: CacheUse?
        /// The written reports, relative to the index (they sit beside it).
        public var reports: Reports
    }

    public struct CacheUse: Codable, Sendable, Equatable {
        /// Statements served from the cache, and computed.
        public var hits: Int
        public var computed: Int
        /// Compute time the hits saved (their recorded times).
        public var savedSeconds: Double
    }

    public struct Reports: Codable, Sendable, Equatable {
        public var html: String?
        public var md: String?
        public var json: String?

        /// The report a reader of `format` should follow first: the same format, else HTML, Markdown, JSON.
        func preferred(for format: ReportFormat) -> String? {
            switch format {
            case .html: html ?? md ?? json
            case .md: md ?? html ?? json
            case .json: json ?? html ?? md
            }
        }

        /// Each written report with its format, in the order html, md, json.
        var all: [(format: ReportFormat, file: String)] {
            [(ReportFormat.html, html), (.md, md), (.json, json)].compactMap { format, file in file.map { (format, $0) } }
        }
    }

    public init(title: String, recbookVersion: String, notebooks: [Entry]) {
        schemaVersion = Self.currentSchemaVersion
        kind = Self.kindName
        self.title = title
        self.recbookVersion = recbookVersion
        self.notebooks = notebooks
        status = notebooks.allSatisfy(\.succeeded) ? Self.succeededStatus : Self.failedStatus
        totalSeconds = notebooks.reduce(0) { $0 + $1.seconds }
    }

    public var succeeded: Bool { status == Self.succeededStatus }
    public var failedCount: Int { notebooks.count { !$0.succeeded } }

    /// "Both notebooks succeeded", "1 of 3 notebooks failed".
    public var statusSummary: String {
        let count = notebooks.count
        if failedCount == 0 {
            return count == 1 ? "The notebook succeeded" : count == 2 ? "Both notebooks succeeded" : "All \(count) notebooks succeeded"
        }
        return "\(failedCount) of \(count) notebook\(count == 1 ? "" : "s") failed"
    }
}

extension RunIndex.Entry {
    /// The entry of a notebook's run whose reports were written as `reportName` in `formats`.
    public init(notebook: Notebook, result: RunResult, reportName: String, formats: Set<ReportFormat>) {
        let outline = ReportOutline(notebook: notebook, result: result)
        self.notebook = notebook.path
        title = outline.title
        status = outline.succeeded ? RunIndex.succeededStatus : RunIndex.failedStatus
        statusSummary = outline.statusSummary
        cells = outline.cellCount
        failedCells = outline.failedCount
        notRunCells = outline.notRunCount
        startedAt = result.manifest.startedAt
        seconds = result.manifest.totalSeconds
        cache = result.manifest.cache.map { RunIndex.CacheUse(hits: $0.hits, computed: $0.computed, savedSeconds: $0.savedSeconds) }
        func file(_ format: ReportFormat) -> String? { formats.contains(format) ? reportName + "." + format.rawValue : nil }
        reports = RunIndex.Reports(html: file(.html), md: file(.md), json: file(.json))
    }

    public var succeeded: Bool { status == RunIndex.succeededStatus }

    /// "3 of 5 statements", "0 of 4 statements"; nil without a cache.
    var cacheSummary: String? {
        guard let cache else { return nil }
        let total = cache.hits + cache.computed
        let statements = "\(total) statement\(total == 1 ? "" : "s")"
        return "\(cache.hits) of " + statements
    }
}
