import RecbookResults
import ArgumentParser
import NotebookDocument
import RecbookLanguage
import RecbookReports
import RecbookRuntime

/// `recbook-bench notebook`: checking, running and rendering notebooks.
struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook", abstract: "Time checking a 200-cell notebook, the tutorial end to end, and report rendering.")

    @Option(help: "Cells of the generated notebook.")
    var cells = 200
    @Option(help: "Repeats of the check.")
    var checkRepeats = 50
    @Option(help: "Repeats of the end-to-end tutorial run.")
    var runRepeats = 5
    @Option(help: "Repeats of report rendering.")
    var renderRepeats = 20
    @Option(help: "The tutorial notebook (run from the repository root: its data path is relative).")
    var tutorial = "Notebooks/adversarial-training.md"
    @Option(help: "The real ML-500 data; the tutorial also runs with --set data=PATH when it exists.")
    var data = "../shared/data/movielens-500"
    @Option(help: "Threads of the runs.")
    var threads = 1

    func run() throws {
        print(Machine.header("notebook"))
        print("- command: recbook-bench notebook --cells \(cells) --check-repeats \(checkRepeats) --run-repeats \(runRepeats) --render-repeats \(renderRepeats) --threads \(threads)")
        print("")

        var rows: [[String]] = []
        let check = try checkGenerated()
        rows.append(["check (parse + Checker) of a generated \(cells)-cell notebook (\(check.statements) statements)", medianAndMin(check.samples), "< 50 ms"])

        guard let source = readTextFile(tutorial) else {
            throw BenchError("cannot read \(tutorial): run recbook-bench from the repository root or pass --tutorial")
        }
        var settings: [(label: String, overrides: [String])] = [("default data", [])]
        if isDirectory(data) {
            settings.append(("ML-500 (--set data=\(data))", ["data=\(data)"]))
        } else {
            log("the real data folder \(data) is absent: the tutorial runs on its default data only")
        }
        var lastRun: (Notebook, RunResult)?
        for setting in settings {
            let (samples, notebook, result) = try runTutorial(source: source, overrides: setting.overrides)
            rows.append(["tutorial end to end, \(setting.label): parse, check, run, write HTML + MD + JSON", medianAndMin(samples), "< 1 s"])
            if lastRun == nil { lastRun = (notebook, result) }
        }
        if let (notebook, result) = lastRun {
            let both = measure(renderRepeats) {
                _ = HTMLReportRenderer(catalogue: .standard).render(notebook: notebook, result: result)
                _ = MarkdownReportRenderer(name: "adversarial-training").render(notebook: notebook, result: result)
            }
            rows.append(["render HTML + Markdown reports of the default-data run (in memory)", medianAndMin(both), "< 100 ms"])
            let html = measure(renderRepeats) { _ = HTMLReportRenderer(catalogue: .standard).render(notebook: notebook, result: result) }
            rows.append(["… HTML alone", medianAndMin(html), ""])
            let markdown = measure(renderRepeats) {
                _ = MarkdownReportRenderer(name: "adversarial-training").render(notebook: notebook, result: result)
            }
            rows.append(["… Markdown alone (with its SVG charts)", medianAndMin(markdown), ""])
            let json = try measure(renderRepeats) { _ = try JSONReportRenderer().render(notebook: notebook, result: result) }
            rows.append(["… JSON report", medianAndMin(json), ""])
        }
        print(markdownTable(["work", "median (min)", "target"], rows))
    }

    /// Parses and checks the generated notebook `checkRepeats` times.
    private func checkGenerated() throws -> (samples: Samples, statements: Int) {
        let source = GeneratedNotebook.source(cells: cells)
        // One untimed check proves the notebook is clean (a failing check would time the error path).
        let notebook = try NotebookParser.parse(path: "generated.md", source: source)
        guard notebook.cells.count == cells else { throw BenchError("the generated notebook has \(notebook.cells.count) cells, expected \(cells)") }
        let statements: Int
        switch Checker.check(notebook, catalogue: .standard) {
        case .success(let program):
            statements = program.cells.reduce(0) { $0 + $1.statements.count }
            logWarnings(of: notebook, program: program)
        case .failure(let diagnostics):
            let text = DiagnosticConsoleWriter().format(diagnostics, sources: ["generated.md": source])
            throw BenchError("the generated notebook does not check:\n\(text)")
        }
        let samples = try measure(checkRepeats) {
            let parsed = try NotebookParser.parse(path: "generated.md", source: source)
            if case .failure = Checker.check(parsed, catalogue: .standard) { throw BenchError("check failed") }
        }
        return (samples, statements)
    }

    /// The tutorial from source text to the three written reports, `runRepeats` times.
    private func runTutorial(source: String, overrides: [String]) throws -> (Samples, Notebook, RunResult) {
        let folder = try makeTemporaryDirectory("recbook-bench-notebook")
        defer { removeTree(folder) }
        // One untimed check first: its diagnostics and warnings are printed once per setting,
        // as `recbook run` would print them, and none of that is timed.
        let checked = try NotebookParser.parse(path: tutorial, source: source)
        switch Checker.check(checked, overrides: overrides, catalogue: .standard) {
        case .success(let program): logWarnings(of: checked, program: program, overrides: overrides)
        case .failure(let diagnostics):
            let text = DiagnosticConsoleWriter().format(diagnostics, sources: [tutorial: source, Checker.setFile: overrides.joined(separator: "\n")])
            throw BenchError("\(tutorial) does not check with \(overrides):\n\(text)")
        }
        var last: (Notebook, RunResult)?
        let samples = try measure(runRepeats) {
            let notebook = try NotebookParser.parse(path: tutorial, source: source)
            guard case .success(let program) = Checker.check(notebook, overrides: overrides, catalogue: .standard) else {
                throw BenchError("\(tutorial) does not check with \(overrides)")
            }
            let configuration = RunConfiguration(seed: notebook.frontMatter.seed ?? RunConfiguration.defaultSeed, threads: threads)
            let result = NotebookRunner(notebook: notebook, program: program, configuration: configuration).run()
            guard result.succeeded else { throw BenchError("\(tutorial) failed to run with \(overrides)") }
            try ReportWriter(outputDirectory: folder, name: "adversarial-training", catalogue: .standard)
                .write(notebook: notebook, result: result, formats: [.html, .md, .json])
            last = (notebook, result)
        }
        return (samples, last!.0, last!.1)
    }

    /// Prints a notebook's warnings (the parser's, missing link targets, the checker's) to
    /// standard error as `recbook check` does, so a bench run does not hide them.
    private func logWarnings(of notebook: Notebook, program: CheckedProgram, overrides: [String] = []) {
        let warnings = (notebook.warnings + ProseLinkChecker.warnings(for: notebook)).sorted { $0.range.lowerBound < $1.range.lowerBound }
        let writer = DiagnosticConsoleWriter()
        let sources = [notebook.path: notebook.source, Checker.setFile: overrides.joined(separator: "\n")]
        for group in [warnings, program.warnings] where !group.isEmpty {
            var text = writer.format(group, sources: sources)
            if text.hasSuffix("\n") { text.removeLast() }
            log(text)
        }
    }
}
