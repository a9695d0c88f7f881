import RecbookFiles
import RecbookReports
import RecbookRuntime

/// Writes the index of a run of several notebooks and says so on the console: the summary
/// line (under `--quiet` only when a notebook failed) and the files written. Used by
/// `recbook run` and by the supervisor after a stopped worker, so both print the same.
func writeRunIndex(
    _ entries: [RunIndex.Entry], title: String, folder: OutputFolder, formats: Set<ReportFormat>, quiet: Bool, terminal: Terminal
) throws {
    let index = RunIndex(title: title, recbookVersion: RecbookVersion.current, notebooks: entries)
    let written = try IndexWriter(folder: folder).write(index, formats: formats)
    let failed = entries.count { !$0.succeeded }
    let summary = SelectionMessages.summary(count: entries.count, failed: failed)
    if !quiet || failed > 0 { terminal.line(terminal.styled(summary, failed == 0 ? .green : .red)) }
    for path in written where !quiet || path.hasSuffix(".html") { terminal.line("  index: \(path)") }
}
