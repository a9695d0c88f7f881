import ArgumentParser
import RecbookFiles
import RecbookReports
import RecbookRuntime
import RecommenderKit

/// `recbook run`: check every notebook first, then run each and write its reports.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Check, run and report notebooks.",
        discussion: """
            Every notebook is checked before any runs; a notebook with errors runs nothing \
            (exit 64). A cell that fails at run time marks the later cells as not run, the \
            reports are still written, and the exit code is 1.

            A folder stands for its *.md files that hold a ```recbook block, sorted by name \
            (not its subfolders). A run of a folder or of several notebooks also writes an index \
            page, index.html (and index.md, index.json with those formats), linking every \
            report with its status, time and cache use; `--no-index` leaves it out.

            Relative paths inside notebooks resolve against the current directory.

            Values are cached in `.recbook-cache/` beside each notebook, keyed by exactly what \
            each depends on (its command and options, its inputs, the bytes of its data files, \
            the seed and recbook's version); a re-run computes only what changed. \
            Notebooks of one run that share a cache folder share its values: what one computes, \
            a later one with the same statements is served. `--plan` shows what would be computed, `--refresh` recomputes everything, \
            `--no-cache` runs without the cache.
            """)

    @Argument(help: "Notebook files (Markdown), or folders of them.")
    var notebooks: [String]

    @OptionGroup var common: CommonOptions

    @Option(name: [.short, .customLong("output")], help: "Folder for the reports.")
    var output: String = "Output"

    @Option(name: .customLong("format"), parsing: .upToNextOption, help: "Report formats to write: html, md, json.")
    var formats: [ReportFormat] = ReportFormat.allCases

    // `.unconditional`: `--seed -1` is read as a (bad) seed, not as a missing one.
    @Option(parsing: .unconditional, help: "Seed of every random choice, 0…2^64−1 (default: the notebook's `seed`, else 42).")
    var seed: UInt64?

    @Option(help: "Threads for parallel work; results do not depend on it. (default: the number of cores)")
    var threads: Int?

    @Flag(name: [.short, .long], help: "Print only failures and where the reports are.")
    var quiet = false

    @Flag(help: "Run without the value cache: compute every statement, store nothing.")
    var noCache = false

    @Flag(help: "Recompute every statement and replace its cache entry.")
    var refresh = false

    @Option(name: .customLong("cache"), help: ArgumentHelp("The cache folder (default: .recbook-cache beside each notebook).", valueName: "folder"))
    var cacheFolder: String?

    @Option(name: .customLong("cache-size"), help: ArgumentHelp("Largest size of the cache folder in MiB; least recently used entries go first.", valueName: "MiB"))
    var cacheSize: Int = CacheSettings.defaultCapacity >> 20

    @Flag(help: "Write no index page, even for a folder or several notebooks.")
    var noIndex = false

    @Flag(help: "Print what a run would compute and what it would take from the cache, and run nothing.")
    var plan = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if notebooks.isEmpty { throw ValidationError("give at least one notebook") }
        if output.isEmpty { throw ValidationError("--output is an empty path; give a folder, e.g. --output Output") }
        if cacheFolder?.isEmpty == true { throw ValidationError("--cache is an empty path; give a folder, e.g. --cache .recbook-cache") }
        if cacheSize < 1 { throw ValidationError("--cache-size must be at least 1 (MiB)") }
        if noCache && (refresh || plan || cacheFolder != nil) {
            throw ValidationError("--no-cache cannot be combined with --refresh, --plan or --cache")
        }
    }

    /// The supervisor of this run's workers: what it needs to recover from a crash.
    func supervisor(terminal: Terminal, selection: NotebookSelection? = nil) throws -> RunSupervisor {
        let selection = try selection ?? NotebookSelection(arguments: notebooks)
        var cacheFolders: [String: String] = [:]
        for path in selection.paths { cacheFolders[path] = cacheSettings(for: path)?.folder }
        return RunSupervisor(
            terminal: terminal, output: output, formats: Set(formats), quiet: quiet,
            indexTitle: selection.isCollection && !noIndex ? selection.indexTitle : nil, notebooks: selection.paths,
            cacheFolders: cacheFolders)
    }

    /// Reports are named after the notebook's file: two notebooks must not share a name, and
    /// none may take the index's.
    private func validateReportNames(_ paths: [String], writesIndex: Bool) throws {
        var seen: [String: String] = [:]
        for path in paths {
            let name = ReportWriter.defaultName(forNotebookPath: path)
            if let other = seen[name] {
                throw ValidationError(SelectionMessages.reportsCollide(other, path, output: output, name: name))
            }
            if writesIndex && name == IndexWriter.name {
                throw ValidationError(SelectionMessages.reportIsTheIndex(path, output: output))
            }
            seen[name] = path
        }
    }

    func run() throws {
        let terminal = Terminal()
        let selection: NotebookSelection
        do {
            selection = try NotebookSelection(arguments: notebooks)
        } catch {
            terminal.line(terminal.styled("error:", .red) + " \(error)")
            throw RecbookExit.usage
        }
        var writesIndex = selection.isCollection && !noIndex
        try validateReportNames(selection.paths, writesIndex: writesIndex)
        // This process computes: a worker (`RecbookCommand.main` started it, so a crash part-way
        // keeps the reports of the cells before it), or a run that could start none.
        let journal = RunJournalWriter.fromEnvironment()
        var frontend = NotebookFrontend(terminal: terminal, overrides: common.set)
        frontend.allowsWritesOutside = common.allowWritesOutside
        frontend.journal = journal
        var paths = selection.paths
        var checked: [NotebookFrontend.Checked?]
        if RunJournalWriter.isWorker, let remaining = RunSupervisor.remainingFromEnvironment() {
            // A worker after another stopped: only the notebooks after that one, whose warnings
            // were printed already; the supervisor writes the index of them all.
            paths = paths.filter(remaining.contains)
            writesIndex = false
            checked = paths.map { frontend.check($0, printsWarnings: false) }
        } else {
            checked = paths.map { frontend.check($0) }
        }
        guard checked.allSatisfy({ $0 != nil }) else { throw RecbookExit.usage }
        if plan {
            // What one notebook computes, a later one sharing its cache folder is served.
            var computedByFolder: [String: Set<String>] = [:]
            for notebook in checked.compactMap({ $0 }) {
                let cache = cacheSettings(for: notebook.notebook.path)
                let earlier = cache.map { computedByFolder[$0.folder] ?? [] } ?? []
                let computed = frontend.printPlan(notebook, seed: seed, cache: cache, computedEarlier: earlier)
                if let cache { computedByFolder[cache.folder] = computed }
            }
            return
        }
        // The output folder, every report file and the index must be writable before anything
        // runs; the folder stays locked for the run.
        let folder: OutputFolder
        do {
            folder = try OutputFolder(output) { terminal.line(OutputFolder.waitingMessage(output)) }
            for notebook in checked.compactMap({ $0 }) {
                try ReportWriter(folder: folder, name: ReportWriter.defaultName(forNotebookPath: notebook.notebook.path), catalogue: .standard)
                    .checkTargets(notebookPath: notebook.notebook.path, formats: Set(formats))
            }
            if writesIndex { try IndexWriter(folder: folder).checkTargets(formats: Set(formats)) }
        } catch {
            terminal.line(terminal.styled("error:", .red) + " \(error)")
            throw RecbookExit.usage
        }
        var entries: [RunIndex.Entry] = []
        for notebook in checked.compactMap({ $0 }) {
            do {
                // Notebooks run one after another and each finishes its cache writes, so a later
                // notebook is served what an earlier one computed when their statements agree.
                let run = try frontend.run(
                    notebook, seed: seed, threads: threads ?? onlineProcessorCount(), output: folder,
                    formats: Set(formats), quiet: quiet, cache: cacheSettings(for: notebook.notebook.path))
                entries.append(RunIndex.Entry(notebook: notebook.notebook, result: run.result, reportName: run.reportName, formats: Set(formats)))
            } catch {
                terminal.line(terminal.styled("error:", .red) + " \(error)")
                throw RecbookExit.cellFailed
            }
        }
        if writesIndex {
            do {
                try writeRunIndex(entries, title: selection.indexTitle, folder: folder, formats: Set(formats), quiet: quiet, terminal: terminal)
            } catch {
                terminal.line(terminal.styled("error:", .red) + " \(error)")
                throw RecbookExit.cellFailed
            }
        }
        // As for one notebook: exit 1 when a cell failed.
        if entries.contains(where: { $0.failedCells > 0 }) { throw RecbookExit.cellFailed }
    }

    private func cacheSettings(for notebookPath: String) -> CacheSettings? {
        if noCache { return nil }
        return CacheSettings(
            folder: cacheFolder ?? CacheSettings.defaultFolder(forNotebook: notebookPath), capacityBytes: cacheSize << 20,
            refresh: refresh)
    }
}

/// Options `run` and `check` share.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp("Set a notebook parameter (repeatable).", valueName: "name=value"))
    var set: [String] = []

    @Flag(help: "Let notebooks write outside the output folder (absolute paths, or `..` leading out).")
    var allowWritesOutside = false
}

extension ReportFormat: ExpressibleByArgument {}
