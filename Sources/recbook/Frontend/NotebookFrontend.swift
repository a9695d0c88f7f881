import RecbookResults
#if canImport(Glibc)
import Glibc
#endif
import NotebookDocument
import RecbookLanguage
import RecbookReports
import RecbookRuntime
import RecbookFiles

/// The steps every command shares: read and parse a notebook, check it, print
/// diagnostics the way the compiler does, run it and write its reports.
struct NotebookFrontend {
    let terminal: Terminal
    /// `--set NAME=VALUE` texts, in command-line order.
    let overrides: [String]

    /// A notebook that parsed and checked, ready to run.
    struct Checked {
        var notebook: Notebook
        var program: CheckedProgram
    }

    /// Whether notebooks may write outside the output folder (`--allow-writes-outside`).
    var allowsWritesOutside = false

    /// Parses and checks `path`; prints every diagnostic and returns nil when there are errors.
    func check(_ path: String) -> Checked? {
        let notebook: Notebook
        do {
            notebook = try NotebookParser.parse(path: path)
        } catch {
            report(error.diagnostics, source: nil, path: path)
            return nil
        }
        if !notebook.warnings.isEmpty {
            report(notebook.warnings, source: notebook.source, path: path)
        }
        switch Checker.check(notebook, overrides: overrides, catalogue: .standard, allowsWritesOutsideOutput: allowsWritesOutside) {
        case .success(let program):
            return Checked(notebook: notebook, program: program)
        case .failure(let diagnostics):
            report(diagnostics, source: notebook.source, path: path)
            return nil
        }
    }

    /// Prints diagnostics with their source lines to standard error.
    private func report(_ diagnostics: [Diagnostic], source: String?, path: String) {
        var sources = [Checker.setFile: overrides.joined(separator: "\n")]
        if let source { sources[path] = source }
        let writer = DiagnosticConsoleWriter(useColor: terminal.usesColor)
        terminal.write(writer.format(diagnostics, sources: sources))
    }

    /// Runs a checked notebook and writes its reports into `output` (open and locked before
    /// anything runs); returns whether every cell succeeded.
    func run(_ checked: Checked, seed: UInt64?, threads: Int, output: OutputFolder, formats: Set<ReportFormat>, quiet: Bool) throws -> Bool {
        let writer = ReportWriter(
            folder: output, name: ReportWriter.defaultName(forNotebookPath: checked.notebook.path), catalogue: .standard)
        let configuration = RunConfiguration(
            seed: seed ?? checked.notebook.frontMatter.seed ?? RunConfiguration.defaultSeed, threads: threads, output: output)
        let observer = ConsoleRunObserver(terminal: terminal, notebookPath: checked.notebook.path, quiet: quiet)
        let runner = NotebookRunner(notebook: checked.notebook, program: checked.program, configuration: configuration)
        let result = runner.run(observer: observer)
        let written = try writer.write(notebook: checked.notebook, result: result, formats: formats)
        let failed = result.cells.filter { $0.status == .failed }.count
        let status = failed == 0
            ? terminal.styled(result.cells.count == 1 ? "the cell succeeded" : "all \(result.cells.count) cells succeeded", .green)
            : terminal.styled("\(failed) cell\(failed == 1 ? "" : "s") failed", .red)
        terminal.line("\(checked.notebook.path): \(status) in \(formatSeconds(result.manifest.totalSeconds))")
        for path in written where !quiet || path.hasSuffix(".html") {
            terminal.line("  report: \(path)")
        }
        return failed == 0
    }
}

/// The number of online processors (the default `--threads`).
func onlineProcessorCount() -> Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
