import RecbookResults
import NotebookDocument
import RecbookRuntime

/// Shows a run on the terminal: one line per cell, and a progress bar with ETA for
/// long steps (training epochs) while they run. Without a terminal it prints plain
/// lines and no bar.
final class ConsoleRunObserver: RunObserver {
    private let terminal: Terminal
    private let notebookPath: String
    private let quiet: Bool
    private var barShown = false

    init(terminal: Terminal, notebookPath: String, quiet: Bool) {
        self.terminal = terminal
        self.notebookPath = notebookPath
        self.quiet = quiet
    }

    func cellWillRun(index: Int, count: Int, cell: Cell) {
        guard !quiet, terminal.isInteractive else { return }
        terminal.overwriteLine(terminal.styled("[\(index + 1)/\(count)] running cell at line \(cell.range.lowerBound.line)…", .dim))
        barShown = true
    }

    /// The console follows cells, not statements.
    func statementWillRun(line: Int) {}

    func progress(task: String, completed: Int, total: Int, detail: String, elapsedSeconds: Double) {
        guard !quiet, terminal.isInteractive, total > 0 else { return }
        let width = 24
        let filled = min(width, completed * width / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var eta = ""
        if completed > 0 && completed < total {
            let remaining = elapsedSeconds / Double(completed) * Double(total - completed)
            eta = "  ETA " + formatSeconds(remaining)
        }
        terminal.overwriteLine("  \(task) \(terminal.styled(bar, .cyan)) \(completed)/\(total)  \(detail)\(eta)")
        barShown = true
    }

    func cellDidFinish(_ result: CellResult, cell: Cell) {
        if barShown {
            terminal.clearLine()
            barShown = false
        }
        let position = "\(notebookPath):\(cell.range.lowerBound.line)"
        switch result.status {
        case .succeeded:
            guard !quiet else { return }
            terminal.line("\(terminal.styled("✓", .green)) cell \(result.index + 1) \(terminal.styled(position, .dim)) \(formatSeconds(result.seconds))")
        case .failed:
            terminal.line("\(terminal.styled("✗", .red)) cell \(result.index + 1) \(terminal.styled(position, .dim)) failed after \(formatSeconds(result.seconds))")
            if let error = result.error {
                terminal.line(terminal.styled(error.headline, .red))
            }
        case .notRun:
            guard !quiet else { return }
            terminal.line("\(terminal.styled("–", .yellow)) cell \(result.index + 1) \(terminal.styled(position, .dim)) not run: \(result.notRunReason ?? "an earlier cell failed")")
        }
    }
}

/// 0.012 s → "12 ms", 3.4 → "3.40 s", 125 → "2 min 5 s".
func formatSeconds(_ seconds: Double) -> String {
    NumberFormat.duration.format(seconds)
}
