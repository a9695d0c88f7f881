import FoundationEssentials
import NotebookDocument
import RecbookResults

/// Renders a run as the JSON report (`JSONReport`, schema in docs/reports.md).
public struct JSONReportRenderer: Sendable {
    public init() {}

    public func report(notebook: Notebook, result: RunResult) -> JSONReport {
        JSONReport(ReportOutline(notebook: notebook, result: result))
    }

    public func render(notebook: Notebook, result: RunResult) throws -> String {
        let encoder = JSONEncoder()
        // Sorted keys make the file byte-identical across runs with equal results.
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(report(notebook: notebook, result: result))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
