import NotebookDocument

/// Everything a run produced: the manifest and one result per cell, in order.
public struct RunResult: Sendable, Codable {
    public var notebookPath: String
    public var title: String
    public var author: String?
    public var manifest: RunManifest
    public var cells: [CellResult]
    /// The values of the prose's citations, in document order.
    public var citations: [CitationResult]

    public init(
        notebookPath: String, title: String, author: String?, manifest: RunManifest, cells: [CellResult],
        citations: [CitationResult] = []
    ) {
        self.notebookPath = notebookPath
        self.title = title
        self.author = author
        self.manifest = manifest
        self.cells = cells
        self.citations = citations
    }

    /// The value of the citation written as `literal`.
    public func citation(_ literal: String) -> CitationResult? {
        citations.first { $0.literal == literal }
    }

    public var succeeded: Bool { cells.allSatisfy { $0.status == .succeeded } }
}

public struct CellResult: Sendable, Codable {
    public enum Status: String, Sendable, Codable {
        case succeeded
        case failed
        /// An earlier cell failed, so this one did not run.
        case notRun = "not-run"
    }

    /// 0-based index among the notebook's cells.
    public var index: Int
    public var range: SourceRange
    public var status: Status
    /// Wall time in seconds (0 for cells that did not run).
    public var seconds: Double
    public var outputs: [CellOutput]
    /// Set when `status == .failed`.
    public var error: RunError?
    /// When `status == .notRun`: why ("needs `bpr`, which failed at line 12").
    public var notRunReason: String?
    /// Each statement that ran: computed, or served from the value cache.
    public var statements: [StatementRecord] = []

    /// How the cell's values were obtained: "from cache", "computed", or a mix.
    public var cacheSummary: String? {
        let cached = statements.filter { $0.source == .cache }.count
        let computed = statements.filter { $0.source == .computed }.count
        if cached == 0 && computed == 0 { return nil }
        if computed == 0 { return "from cache" }
        if cached == 0 { return "computed" }
        return "\(cached) of \(cached + computed) from cache"
    }

    /// Compute time the cache saved in this cell (the recorded times of the statements it served).
    public var savedSeconds: Double { statements.reduce(0) { $0 + ($1.savedSeconds ?? 0) } }

    /// What reports show beside the cell's time: "from cache, saved 2.31 s", "computed",
    /// "2 of 3 from cache, saved 1.20 s"; nil when the run used no cache.
    public var cacheLabel: String? {
        guard let summary = cacheSummary else { return nil }
        return savedSeconds > 0 || summary != "computed" ? summary + ", saved " + NumberFormat.duration.format(savedSeconds) : summary
    }

    /// The record of the statement starting on `line`.
    public func statement(onLine line: Int) -> StatementRecord? { statements.first { $0.line == line } }

    public init(
        index: Int, range: SourceRange, status: Status, seconds: Double, outputs: [CellOutput], error: RunError? = nil,
        notRunReason: String? = nil
    ) {
        self.index = index
        self.range = range
        self.status = status
        self.seconds = seconds
        self.outputs = outputs
        self.error = error
        self.notRunReason = notRunReason
    }
}

/// A failure while running a cell, located in the notebook.
public struct RunError: Error, Sendable, Codable, Equatable {
    public var file: String
    public var location: SourceLocation
    /// A stable name of the kind of failure (`dataset-ids-differ`), as diagnostics have.
    public var identifier: String
    public var message: String
    public init(file: String, location: SourceLocation, identifier: String, message: String) {
        self.file = file
        self.location = location
        self.identifier = identifier
        self.message = message
    }
    /// `path:line:column: error: message`.
    public var headline: String { "\(file):\(location.line):\(location.column): error: \(message)" }
}

/// Where one statement's value came from in a run.
public struct StatementRecord: Sendable, Codable, Equatable {
    public enum Source: String, Sendable, Codable {
        /// Computed in this run (and stored in the cache when one is in use).
        case computed
        /// Served from the value cache.
        case cache = "from-cache"
        /// Always run: `show`, `export` (it writes files), or a run without a cache.
        case uncached
    }

    public var line: Int
    public var source: Source
    /// This run's time for the statement, from its start to its end: elements it started
    /// early in the tail of the statement before it count in that statement's time.
    public var seconds: Double
    /// For `.cache`: the time the value took when it was computed.
    public var savedSeconds: Double?
    /// Why a value was recomputed although an entry existed (a damaged entry, say).
    public var note: String?
    /// How many of its elements ran in the tail of the statement before it (nil: none).
    public var elementsStartedEarly: Int?

    /// "from cache" or "computed"; nil for statements that always run.
    public var label: String? {
        switch source {
        case .cache: "from cache"
        case .computed: "computed"
        case .uncached: nil
        }
    }

    public init(line: Int, source: Source, seconds: Double, savedSeconds: Double? = nil, note: String? = nil) {
        self.line = line
        self.source = source
        self.seconds = seconds
        self.savedSeconds = savedSeconds
        self.note = note
    }
}

public struct RunManifest: Sendable, Codable {
    public var recbookVersion: String
    public var seed: UInt64
    /// Parameter values in declaration order, as source text.
    public var parameters: [Parameter]
    public var threads: Int
    /// ISO 8601 UTC start time.
    public var startedAt: String
    public var totalSeconds: Double
    public var dataFiles: [DataFile]
    /// The value cache this run used; nil when it ran without one.
    public var cache: CacheUse?
    /// The linear-algebra library and kernel set the run computed with (they decide rounding).
    public var numericKernels: String?

    /// What the value cache did in a run.
    public struct CacheUse: Sendable, Codable, Equatable {
        /// The cache folder, relative to the working directory when inside it.
        public var folder: String
        public var hits: Int
        public var computed: Int
        /// Damaged entries found, removed and recomputed.
        public var corrupt: Int
        public var savedSeconds: Double
        public init(folder: String, hits: Int, computed: Int, corrupt: Int, savedSeconds: Double) {
            self.folder = folder
            self.hits = hits
            self.computed = computed
            self.corrupt = corrupt
            self.savedSeconds = savedSeconds
        }

        /// What the cache did for `cells`' statements: hits, computed, and the time the hits saved.
        public init(folder: String, cells: [CellResult], corrupt: Int) {
            let records = cells.flatMap(\.statements)
            self.init(
                folder: folder, hits: records.count { $0.source == .cache }, computed: records.count { $0.source == .computed },
                corrupt: corrupt, savedSeconds: records.reduce(0) { $0 + ($1.savedSeconds ?? 0) })
        }
    }

    public struct Parameter: Sendable, Codable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public struct DataFile: Sendable, Codable, Equatable {
        public var path: String
        public var bytes: Int
        public var sha256: String
        public init(path: String, bytes: Int, sha256: String) {
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    public init(recbookVersion: String, seed: UInt64, parameters: [Parameter], threads: Int, startedAt: String, totalSeconds: Double, dataFiles: [DataFile]) {
        self.recbookVersion = recbookVersion
        self.seed = seed
        self.parameters = parameters
        self.threads = threads
        self.startedAt = startedAt
        self.totalSeconds = totalSeconds
        self.dataFiles = dataFiles
    }
}
