import ArgumentParser
import RecbookFiles
import RecbookReports
import RecbookRuntime

/// `recbook run`: check every notebook first, then run each and write its reports.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Check, run and report notebooks.",
        discussion: """
            Every notebook is checked before any runs; a notebook with errors runs nothing \
            (exit 64). A cell that fails at run time marks the later cells as not run, the \
            reports are still written, and the exit code is 1.

            Relative paths inside notebooks resolve against the current directory.

            Values are cached in `.recbook-cache/` beside each notebook, keyed by exactly what \
            each depends on (its command and options, its inputs, the bytes of its data files, \
            the seed and recbook's version); a re-run computes only what changed. \
            `--plan` shows what would be computed, `--refresh` recomputes everything, \
            `--no-cache` runs without the cache.
            """)

    @Argument(help: "Notebook files (Markdown).")
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
        // Reports are named after the notebook's file: two notebooks must not share a name.
        var seen: [String: String] = [:]
        for path in notebooks {
            let name = ReportWriter.defaultName(forNotebookPath: path)
            if let other = seen[name] {
                throw ValidationError("\(other) and \(path) would both write \(output)/\(name).html; run them with different --output folders")
            }
            seen[name] = path
        }
    }

    func run() throws {
        let terminal = Terminal()
        var frontend = NotebookFrontend(terminal: terminal, overrides: common.set)
        frontend.allowsWritesOutside = common.allowWritesOutside
        let checked = notebooks.map(frontend.check)
        guard checked.allSatisfy({ $0 != nil }) else { throw RecbookExit.usage }
        if plan {
            for notebook in checked.compactMap({ $0 }) {
                frontend.printPlan(notebook, seed: seed, cache: cacheSettings(for: notebook.notebook.path))
            }
            return
        }
        // The output folder and every report file must be writable before anything runs; the
        // folder stays locked for the run.
        let folder: OutputFolder
        do {
            folder = try OutputFolder(output)
            for notebook in checked.compactMap({ $0 }) {
                try ReportWriter(folder: folder, name: ReportWriter.defaultName(forNotebookPath: notebook.notebook.path), catalogue: .standard)
                    .checkTargets(notebookPath: notebook.notebook.path, formats: Set(formats))
            }
        } catch {
            terminal.line(terminal.styled("error:", .red) + " \(error)")
            throw RecbookExit.usage
        }
        var allSucceeded = true
        for notebook in checked.compactMap({ $0 }) {
            do {
                allSucceeded = try frontend.run(
                    notebook, seed: seed, threads: threads ?? onlineProcessorCount(), output: folder,
                    formats: Set(formats), quiet: quiet, cache: cacheSettings(for: notebook.notebook.path)) && allSucceeded
            } catch {
                terminal.line(terminal.styled("error:", .red) + " \(error)")
                throw RecbookExit.cellFailed
            }
        }
        if !allSucceeded { throw RecbookExit.cellFailed }
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
