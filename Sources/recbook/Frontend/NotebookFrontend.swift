import RecbookResults
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
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

    /// Where a worker process records each finished cell for its supervisor (`RunSupervisor`).
    var journal: RunJournalWriter?

    /// What checking a notebook found: the checked notebook, or nil when there are errors, and
    /// every diagnostic in the groups the terminal prints them in.
    struct CheckReport {
        var checked: Checked?
        /// Parse errors; or the notebook's warnings, then the checker's diagnostics.
        var groups: [[Diagnostic]]
        /// Each diagnostic's file's text, for the source excerpts.
        var sources: [String: String]

        var errorCount: Int { groups.joined().count { $0.severity == .error } }
    }

    /// Parses and checks `path`; prints every diagnostic and returns nil when there are errors.
    /// `printsWarnings: false` prints the report only when it has errors (a resumed worker's
    /// notebooks, whose warnings the first worker printed).
    func check(_ path: String, printsWarnings: Bool = true) -> Checked? {
        let report = examine(path)
        if printsWarnings ? !report.groups.isEmpty : report.errorCount > 0 {
            terminal.write(format(report, useColor: terminal.usesColor))
        }
        return report.checked
    }

    /// Parses and checks `path`, printing nothing.
    func examine(_ path: String) -> CheckReport {
        var sources = [Checker.setFile: overrides.joined(separator: "\n")]
        let notebook: Notebook
        do {
            notebook = try NotebookParser.parse(path: path)
        } catch {
            sources[path] = error.source
            // Front-matter errors: the cells and the parameters that could be read are checked
            // too, so every error is reported at once.
            var diagnostics = error.diagnostics
            if let partial = error.partialNotebook,
                case .failure(let more) = Checker.check(
                    partial, overrides: overrides, catalogue: .standard, allowsWritesOutsideOutput: allowsWritesOutside)
            {
                diagnostics = Checker.sorted(diagnostics + more)
            }
            return CheckReport(checked: nil, groups: [diagnostics], sources: sources)
        }
        sources[path] = notebook.source
        // Prose links and images whose files are missing are warnings, in file order with the parser's.
        let warnings = (notebook.warnings + ProseLinkChecker.warnings(for: notebook)).sorted { $0.range.lowerBound < $1.range.lowerBound }
        var groups: [[Diagnostic]] = warnings.isEmpty ? [] : [warnings]
        switch Checker.check(notebook, overrides: overrides, catalogue: .standard, allowsWritesOutsideOutput: allowsWritesOutside) {
        case .success(let program):
            if !program.warnings.isEmpty { groups.append(program.warnings) }
            return CheckReport(checked: Checked(notebook: notebook, program: program), groups: groups, sources: sources)
        case .failure(let diagnostics):
            groups.append(diagnostics)
            return CheckReport(checked: nil, groups: groups, sources: sources)
        }
    }

    /// The diagnostics as the terminal shows them: source lines, carets, fix-its, summaries.
    func format(_ report: CheckReport, useColor: Bool) -> String {
        let writer = DiagnosticConsoleWriter(useColor: useColor)
        return report.groups.map { writer.format($0, sources: report.sources) }.joined()
    }

    /// A notebook's run and the base name its reports were written under.
    struct Run {
        var result: RunResult
        var reportName: String
    }

    /// Runs a checked notebook and writes its reports into `output` (open and locked before
    /// anything runs).
    @discardableResult
    func run(
        _ checked: Checked, seed: UInt64?, threads: Int, output: OutputFolder, formats: Set<ReportFormat>, quiet: Bool,
        cache: CacheSettings? = nil
    ) throws -> Run {
        let writer = ReportWriter(
            folder: output, name: ReportWriter.defaultName(forNotebookPath: checked.notebook.path), catalogue: .standard)
        let configuration = RunConfiguration(
            seed: seed ?? checked.notebook.frontMatter.seed ?? RunConfiguration.defaultSeed, threads: threads, output: output,
            cache: cache)
        let console = ConsoleRunObserver(terminal: terminal, notebookPath: checked.notebook.path, quiet: quiet)
        let runner = NotebookRunner(notebook: checked.notebook, program: checked.program, configuration: configuration)
        journal?.append(.notebookStarted(reportName: writer.name, result: runner.resultBeforeRunning()))
        let observer: RunObserver = journal.map { JournalingRunObserver(console, journal: $0) } ?? console
        let result = runner.run(observer: observer)
        let written = try writer.write(notebook: checked.notebook, result: result, formats: formats)
        journal?.append(.notebookFinished(RunIndex.Entry(notebook: checked.notebook, result: result, reportName: writer.name, formats: formats)))
        let failed = result.cells.filter { $0.status == .failed }.count
        let status = failed == 0
            ? terminal.styled(result.cells.count == 1 ? "the cell succeeded" : "all \(result.cells.count) cells succeeded", .green)
            : terminal.styled("\(failed) cell\(failed == 1 ? "" : "s") failed", .red)
        var cacheNote = ""
        if let use = result.manifest.cache, use.hits > 0 {
            cacheNote = " (\(use.hits) of \(use.hits + use.computed) statements from the cache, saving \(formatSeconds(use.savedSeconds)))"
        }
        terminal.line("\(checked.notebook.path): \(status) in \(formatSeconds(result.manifest.totalSeconds))\(cacheNote)")
        if let cache, result.manifest.cache == nil {
            terminal.line(terminal.styled("note:", .yellow) + " the cache folder \(cache.folder) cannot be used (not a writable folder); every statement was computed")
        }
        if let use = result.manifest.cache, use.corrupt > 0 {
            terminal.line(terminal.styled("note:", .yellow) + " \(use.corrupt) damaged cache entr\(use.corrupt == 1 ? "y was" : "ies were") removed and recomputed")
        }
        for path in written where !quiet || path.hasSuffix(".html") {
            terminal.line("  report: \(path)")
        }
        return Run(result: result, reportName: writer.name)
    }
}

extension NotebookFrontend {
    /// `recbook run --plan`: one line per statement, and the totals. `computedEarlier` holds
    /// the keys earlier notebooks of the run compute into the same cache; returns them with
    /// this notebook's added.
    @discardableResult
    func printPlan(_ checked: Checked, seed: UInt64?, cache: CacheSettings?, computedEarlier: Set<String> = []) -> Set<String> {
        let configuration = RunConfiguration(
            seed: seed ?? checked.notebook.frontMatter.seed ?? RunConfiguration.defaultSeed, cache: cache)
        let runner = NotebookRunner(notebook: checked.notebook, program: checked.program, configuration: configuration)
        guard let plan = runner.plan(computedEarlier: computedEarlier) else {
            terminal.line("\(checked.notebook.path): the cache folder cannot be used; every statement would be computed")
            return computedEarlier
        }
        terminal.line("\(checked.notebook.path): plan")
        var cached = 0, computed = 0, expected = 0.0, unknown = 0, saved = 0.0
        for step in plan {
            let what: String
            switch step.action {
            case .fromCache(let seconds):
                cached += 1
                saved += seconds
                what = terminal.styled("from cache", .green) + " (computed in \(formatSeconds(seconds)))"
            case .compute(let seconds?):
                computed += 1
                expected += seconds
                what = terminal.styled("compute", .yellow) + " (took \(formatSeconds(seconds)) last time)"
            case .compute(nil):
                computed += 1
                unknown += 1
                what = terminal.styled("compute", .yellow) + " (not run before)"
            case .fromEarlierNotebook:
                cached += 1
                what = terminal.styled("from cache", .green) + " (computed by an earlier notebook of this run)"
            case .alwaysRun(let reason):
                what = "run (\(reason))"
            }
            terminal.line("  line \(step.line): \(step.source)  →  \(what)")
        }
        var total = "  \(cached) from cache, \(computed) to compute"
        if computed > 0 && unknown == computed {
            total += ", none of them run before"
        } else if computed > 0 {
            total += ", expected \(formatSeconds(expected))" + (unknown > 0 ? " plus \(unknown) not run before" : "")
        }
        terminal.line(total)
        return computedEarlier.union(plan.compactMap { step in
            if case .compute = step.action { return step.key }
            return nil
        })
    }
}

/// The number of online processors (the default `--threads`).
func onlineProcessorCount() -> Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
