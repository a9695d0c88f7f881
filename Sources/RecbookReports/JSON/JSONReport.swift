import NotebookDocument
import RecbookResults

/// The JSON report's document, schema version 1 (documented in docs/reports.md).
/// Numbers stay JSON numbers; non-finite numbers (NaN, ±∞) become `null`.
public struct JSONReport: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var notebook: String
    public var title: String
    public var author: String?
    public var date: String?
    /// `succeeded` when every cell succeeded, otherwise `failed`.
    public var status: String
    public var manifest: Manifest
    public var cells: [Cell]
    /// Every citation in the prose, in document order.
    public var citations: [Citation]

    public struct Manifest: Codable, Sendable, Equatable {
        public var recbookVersion: String
        public var seed: UInt64
        public var parameters: [Parameter]
        public var threads: Int
        public var startedAt: String
        public var totalSeconds: Double
        public var dataFiles: [DataFile]
        /// The value cache's use in this run; absent without a cache.
        public var cache: CacheUse?
        /// The linear-algebra library and kernel set; absent when unknown.
        public var numericKernels: String?
    }

    public struct CacheUse: Codable, Sendable, Equatable {
        public var folder: String
        public var hits: Int
        public var computed: Int
        public var corrupt: Int
        public var savedSeconds: Double
    }

    /// Where a statement's value came from: `computed`, `from-cache` or `uncached`.
    public struct Statement: Codable, Sendable, Equatable {
        public var line: Int
        public var source: String
        public var seconds: Double
        public var savedSeconds: Double?
        public var note: String?
        /// How many of its elements ran in the tail of the statement before it.
        public var elementsStartedEarly: Int?
    }

    public struct Parameter: Codable, Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public struct DataFile: Codable, Sendable, Equatable {
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public struct Position: Codable, Sendable, Equatable {
        public var line: Int
        public var column: Int
    }

    /// Half-open: `end` is just past the closing fence.
    public struct Range: Codable, Sendable, Equatable {
        public var start: Position
        public var end: Position
    }

    public struct Cell: Codable, Sendable, Equatable {
        public var index: Int
        public var range: Range
        /// `succeeded`, `failed` or `not-run`.
        public var status: String
        public var seconds: Double
        public var source: String
        public var outputs: [Output]
        public var error: RunErrorInfo?
        /// The cell's `#| name:`, when it has one.
        public var name: String?
        /// Why a `not-run` cell did not run.
        public var notRunReason: String?
        /// Each statement that ran, and whether the cache served it.
        public var statements: [Statement]
    }

    /// A citation: where it is written, what it shows, and its numbers (null when not computed).
    public struct Citation: Codable, Sendable, Equatable {
        public var source: String
        public var line: Int
        public var column: Int
        public var text: String?
        public var explanation: String
        public var mean: Double?
        public var lower: Double?
        public var upper: Double?
        public var standardDeviation: Double?
        public var n: Int?
    }

    public struct RunErrorInfo: Codable, Sendable, Equatable {
        public var file: String
        public var line: Int
        public var column: Int
        /// The failure's stable name (`dataset-ids-differ`), for tools that act on kinds of failure.
        public var identifier: String
        public var message: String
        /// `path:line:column: error: message`.
        public var headline: String
    }

    /// One output; `type` says which of the other fields are present.
    public struct Output: Codable, Sendable, Equatable {
        /// `text`, `table`, `figures` or `chart`.
        public var type: String
        public var text: String?
        public var title: String?
        public var columns: [String]?
        /// Table cells: a number, a string, or null for an empty cell.
        public var rows: [[Scalar]]?
        /// The same cells as shown in the reports (formatted numbers).
        public var displayRows: [[String]]?
        public var figures: [FigureValue]?
        public var chart: ChartValue?
        /// For `statement`: the statement the outputs after it come from.
        public var statement: StatementValue?
    }

    public struct StatementValue: Codable, Sendable, Equatable {
        public var source: String
        public var line: Int
        public var seconds: Double
    }

    public struct FigureValue: Codable, Sendable, Equatable {
        public var label: String
        public var value: Double?
        public var display: String
    }

    public struct ChartValue: Codable, Sendable, Equatable {
        /// `line` or `bar`.
        public var kind: String
        public var title: String
        public var xLabel: String
        public var yLabel: String
        public var categories: [String]
        public var series: [SeriesValue]
    }

    public struct SeriesValue: Codable, Sendable, Equatable {
        public var name: String
        public var x: [Double?]
        public var y: [Double?]
    }

    /// A JSON number, string or null.
    public enum Scalar: Codable, Sendable, Equatable {
        case number(Double)
        case string(String)
        case null

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .string(try container.decode(String.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let value): try container.encode(value)
            case .string(let text): try container.encode(text)
            case .null: try container.encodeNil()
            }
        }
    }
}

extension JSONReport {
    init(_ outline: ReportOutline) {
        let result = outline.result
        let m = result.manifest
        schemaVersion = Self.currentSchemaVersion
        notebook = outline.notebook.path
        title = outline.title
        author = outline.author
        date = outline.date
        status = outline.succeeded ? "succeeded" : "failed"
        manifest = Manifest(
            recbookVersion: m.recbookVersion, seed: m.seed,
            parameters: m.parameters.map { Parameter(name: $0.name, value: $0.value) },
            threads: m.threads, startedAt: m.startedAt, totalSeconds: m.totalSeconds,
            dataFiles: m.dataFiles.map { DataFile(path: $0.path, bytes: $0.bytes, sha256: $0.sha256) },
            cache: m.cache.map {
                CacheUse(folder: $0.folder, hits: $0.hits, computed: $0.computed, corrupt: $0.corrupt, savedSeconds: $0.savedSeconds)
            },
            numericKernels: m.numericKernels)
        let finite: (Double?) -> Double? = { $0.flatMap { $0.isFinite ? $0 : nil } }
        citations = outline.items.flatMap { item -> [Citation] in
            guard case .prose(let prose) = item else { return [] }
            return prose.citations.map { citation in
                let value = result.citation(citation.literal)
                return Citation(
                    source: citation.literal, line: citation.range.lowerBound.line, column: citation.range.lowerBound.column,
                    text: value?.text, explanation: value?.explanation ?? "", mean: finite(value?.mean), lower: finite(value?.lower),
                    upper: finite(value?.upper), standardDeviation: finite(value?.standardDeviation), n: value?.n)
            }
        }
        cells = outline.items.compactMap { item -> Cell? in
            guard case .cell(let cell, let cellResult) = item else { return nil }
            let range = Range(
                start: Position(line: cell.range.lowerBound.line, column: cell.range.lowerBound.column),
                end: Position(line: cell.range.upperBound.line, column: cell.range.upperBound.column))
            return Cell(
                index: cell.index, range: range, status: outline.status(of: cellResult).rawValue,
                seconds: cellResult?.seconds ?? 0, source: cell.code,
                outputs: (cellResult?.outputs ?? []).map(Output.init),
                error: cellResult?.error.map {
                    RunErrorInfo(
                        file: $0.file, line: $0.location.line, column: $0.location.column, identifier: $0.identifier,
                        message: $0.message, headline: $0.headline)
                },
                name: cell.name, notRunReason: cellResult?.notRunReason,
                statements: (cellResult?.statements ?? []).map {
                    Statement(
                        line: $0.line, source: $0.source.rawValue, seconds: $0.seconds, savedSeconds: $0.savedSeconds, note: $0.note,
                        elementsStartedEarly: $0.elementsStartedEarly)
                })
        }
    }
}

extension JSONReport.Output {
    init(_ output: CellOutput) {
        switch output {
        case .text(let text):
            self.init(type: "text", text: text)
        case .notice(let text):
            self.init(type: "notice", text: text)
        case .table(let table):
            self.init(
                type: "table", title: table.title, columns: table.columns,
                rows: table.rows.map { $0.map(JSONReport.Scalar.init) },
                displayRows: table.rows.map { $0.map(\.displayText) })
        case .figures(let figures):
            self.init(type: "figures", figures: figures.map {
                JSONReport.FigureValue(label: $0.label, value: $0.value.finiteOrNil, display: $0.format.format($0.value))
            })
        case .statement(let heading):
            self.init(type: "statement", statement: JSONReport.StatementValue(source: heading.source, line: heading.line, seconds: heading.seconds))
        case .chart(let chart):
            self.init(type: "chart", chart: JSONReport.ChartValue(
                kind: chart.kind.rawValue, title: chart.title, xLabel: chart.xLabel, yLabel: chart.yLabel,
                categories: chart.categories,
                series: chart.series.map {
                    JSONReport.SeriesValue(name: $0.name, x: $0.x.map(\.finiteOrNil), y: $0.y.map(\.finiteOrNil))
                }))
        }
    }
}

extension JSONReport.Scalar {
    init(_ value: TableValue) {
        switch value {
        case .text(let s): self = .string(s)
        case .number(let v, _): self = v.isFinite ? .number(v) : .null
        case .empty: self = .null
        }
    }
}

extension Double {
    fileprivate var finiteOrNil: Double? { isFinite ? self : nil }
}
