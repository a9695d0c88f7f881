import RecbookFiles
import RecbookResults
import NotebookDocument
import RecbookLanguage
import RecommenderKit
import ValueCache

/// Runs a checked notebook cell by cell and records every cell's outputs and timing.
///
/// When a statement fails, its cell is marked failed with the error's notebook location,
/// the remaining cells are marked not run, and the result is still complete enough to
/// render reports.
public struct NotebookRunner: Sendable {
    public var notebook: Notebook
    public var program: CheckedProgram
    public var configuration: RunConfiguration
    private let sourceLines: [Substring]

    public init(notebook: Notebook, program: CheckedProgram, configuration: RunConfiguration) {
        self.notebook = notebook
        self.program = program
        self.configuration = configuration
        sourceLines = notebook.source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    public func run(observer: RunObserver = SilentRunObserver()) -> RunResult {
        let startedAt = currentUTCTimestamp()
        let total = Stopwatch()
        let cache = configuration.cache.flatMap { StatementCache(settings: $0, program: program, seed: configuration.seed) }
        let names = cache?.plan.names ?? CanonicalNames()
        let environment = ExecutionEnvironment(
            notebookPath: notebook.path, configuration: configuration,
            observer: names.isEmpty ? observer : RealisingObserver(observer, names: names))
        let cells = notebook.cells
        var results: [CellResult] = []
        // Names a failure left without a value, and why. A later cell that reads none of them
        // still runs; one that reads any is not run, and says which failure it waits on.
        var unavailable: [String: String] = [:]

        for cell in cells {
            let statements = program.cells.first { $0.index == cell.index }?.statements ?? []
            let result: CellResult
            if let blocked = statements.lazy.flatMap(\.dependencies).first(where: { unavailable[$0] != nil }) {
                result = CellResult(
                    index: cell.index, range: cell.range, status: .notRun, seconds: 0, outputs: [],
                    notRunReason: "needs `\(blocked)`, which \(unavailable[blocked]!)")
                for name in statements.compactMap(\.binding?.name) { unavailable[name] = "was not computed (line \(cell.range.lowerBound.line))" }
            } else {
                observer.cellWillRun(index: cell.index, count: cells.count, cell: cell)
                result = run(cell, in: environment, cache: cache)
                if result.status == .failed, let error = result.error {
                    // The failed statement and every later one in its cell bound nothing.
                    for statement in statements where statement.binding.map({ !environment.values.isBound($0.name) }) == true {
                        unavailable[statement.binding!.name] = "failed at line \(error.location.line)"
                    }
                }
            }
            observer.cellDidFinish(result, cell: cell)
            results.append(result)
        }

        var manifest = manifestBeforeRunning(startedAt: startedAt)
        manifest.totalSeconds = total.seconds
        manifest.dataFiles = environment.dataFiles
        let citations = names.realise(
            cache?.citations(program.citations, values: environment.values)
                ?? CitationEvaluator.evaluate(program.citations, values: environment.values))
        cache?.finish()
        var manifestWithCache = manifest
        manifestWithCache.cache = cache?.use(results)
        cache?.recordTimings(results, program: program, notebook: notebook.path)
        return RunResult(
            notebookPath: notebook.path, title: notebook.frontMatter.title ?? defaultTitle(for: notebook.path),
            author: notebook.frontMatter.author, manifest: manifestWithCache, cells: results,
            citations: citations)
    }

    /// The manifest as far as it is known before any cell runs: no data files, no time, no
    /// cache use (what a crashed run's reports show).
    public func manifestBeforeRunning(startedAt: String = currentUTCTimestamp()) -> RunManifest {
        var manifest = RunManifest(
            recbookVersion: RecbookVersion.current, seed: configuration.seed,
            parameters: program.parameters.map { RunManifest.Parameter(name: $0.name, value: ParameterDisplay.text(of: $0.value)) },
            threads: configuration.threads, startedAt: startedAt, totalSeconds: 0, dataFiles: [])
        manifest.numericKernels = BLASKernels.description
        return manifest
    }

    /// The run's result as far as it is known before any cell runs: no cells, no citations.
    public func resultBeforeRunning() -> RunResult {
        RunResult(
            notebookPath: notebook.path, title: notebook.frontMatter.title ?? defaultTitle(for: notebook.path),
            author: notebook.frontMatter.author, manifest: manifestBeforeRunning(), cells: [])
    }

    /// Runs one cell's statements in order; the first failure ends the cell.
    private func run(_ cell: Cell, in environment: ExecutionEnvironment, cache: StatementCache?) -> CellResult {
        let statements = program.cells.first { $0.index == cell.index }?.statements ?? []
        let names = cache?.plan.names ?? CanonicalNames()
        let clock = Stopwatch()
        var outputs: [CellOutput] = []
        var records: [StatementRecord] = []
        // Elements of a statement that ran in the tail of the one before it.
        var headStart: HeadStart?
        for (position, statement) in statements.enumerated() {
            do throws(RunFailure) {
                environment.observer.statementWillRun(line: statement.range.lowerBound.line)
                TestSwitches.crashIfRequested(atLine: statement.range.lowerBound.line)
                let statementClock = Stopwatch()
                let following = position + 1 < statements.count ? statements[position + 1] : nil
                let (binding, shown, record, started) = try executeCached(
                    statement, in: environment, cache: cache, before: following, headStart: headStart)
                headStart = started
                records.append(record)
                let kept = names.realise(Self.filter(shown, for: statement))
                // In a cell of several statements, each group of outputs says where it comes from.
                if statements.count > 1, !kept.isEmpty {
                    let line = statement.range.lowerBound.line
                    outputs.append(.statement(StatementHeading(
                        source: statementSource(statement), line: line, seconds: statementClock.seconds)))
                }
                outputs += kept
                if let name = statement.binding?.name {
                    switch binding {
                    case .ready(let family)?: environment.bind(name, to: family)
                    case .lazy(let load)?: environment.values.bindLazily(name, load: load)
                    case nil: break
                    }
                    // Canonical statements read it by its placeholder.
                    if binding != nil, let placeholder = names.placeholders[name] { environment.values.alias(placeholder, to: name) }
                }
            } catch {
                let location = error.range?.lowerBound ?? statement.range.lowerBound
                var failed = CellResult(
                    index: cell.index, range: cell.range, status: .failed, seconds: clock.seconds, outputs: outputs,
                    error: RunError(
                        file: notebook.path, location: location, identifier: error.identifier,
                        message: names.realise(error.message)))
                failed.statements = records
                return failed
            }
        }
        var succeeded = CellResult(index: cell.index, range: cell.range, status: .succeeded, seconds: clock.seconds, outputs: outputs)
        succeeded.statements = records
        return succeeded
    }

    /// What a statement binds: a family now, or (served from the cache) one read when first needed.
    enum Binding {
        case ready(ValueFamily)
        case lazy(@Sendable () -> ValueFamily?)
    }

    /// Runs a statement, or serves it from the cache when its key has an entry. When it runs
    /// as a family, elements of `following` may start in its tail; they come back as the head
    /// start to hand to `following`.
    private func executeCached(
        _ statement: CheckedStatement, in environment: ExecutionEnvironment, cache: StatementCache?,
        before following: CheckedStatement?, headStart: HeadStart?
    ) throws(RunFailure) -> (Binding?, [CellOutput], StatementRecord, HeadStart?) {
        let clock = Stopwatch()
        let line = statement.range.lowerBound.line
        // With a cache, statements run under canonical names (`CanonicalNames`), cached or not,
        // so the names inside values agree whichever statement made them.
        let statement = cache?.plan.names.canonical(statement) ?? statement
        var following = following.map { cache?.plan.names.canonical($0) ?? $0 }
        if let cache, let next = following, let entry = cache.plan.entry(for: next), cache.mayHit(entry) { following = nil }
        let headStart = headStart.flatMap { $0.statementStart == statement.range.lowerBound ? $0 : nil }
        let early = headStart.map { $0.results.count }
        guard let cache, let entry = cache.plan.entry(for: statement) else {
            let (family, shown, started) = try execute(statement, in: environment, before: following, headStart: headStart)
            var record = StatementRecord(line: line, source: .uncached, seconds: clock.seconds)
            record.elementsStartedEarly = early
            return (family.map(Binding.ready), shown, record, started)
        }
        var note: String?
        switch cache.lookup(entry, hasValue: statement.binding != nil) {
        case .hit(let cached, let seconds):
            // What computing would have done besides the value: list the data files read.
            cached.dataFiles.forEach(environment.recordDataFile)
            var binding: Binding?
            if let derivations = cached.derivations {
                let runner = self
                // Weakly: the environment holds this closure among its values, and a strong
                // capture would keep both, every bound value and the locked output folder, alive
                // after the run (a preview runs again and again in one process).
                binding = .lazy { [weak environment] in
                    if let values = cache.values(entry), values.count == derivations.count {
                        return ValueFamily(
                            axes: statement.axes,
                            elements: zip(values, derivations).map { ValueFamily.Element(value: $0, derivation: Derivation(text: $1)) })
                    }
                    // The values' entry went missing or was damaged since the lookup: compute them again.
                    guard let environment else { return nil }
                    return try? runner.execute(statement, in: environment, before: nil, headStart: nil).0
                }
            }
            return (binding, cached.outputs, StatementRecord(line: line, source: .cache, seconds: clock.seconds, savedSeconds: seconds), nil)
        case .corrupt(let reason):
            note = "its cache entry was damaged (\(reason)) and was recomputed"
        case .miss:
            break
        }
        let (family, shown, started) = try execute(statement, in: environment, before: following, headStart: headStart)
        let seconds = clock.seconds
        cache.store(family: family, outputs: shown, entry: entry, seconds: seconds, statement: statementSource(statement))
        var record = StatementRecord(line: line, source: .computed, seconds: seconds, note: note)
        record.elementsStartedEarly = early
        return (family.map(Binding.ready), shown, record, started)
    }

    /// The statement as written: its first line from where it starts, " …" when it goes on.
    func statementText(_ statement: CheckedStatement) -> String { statementSource(statement) }

    private func statementSource(_ statement: CheckedStatement) -> String {
        let start = statement.range.lowerBound
        guard start.line >= 1, start.line <= sourceLines.count else { return "" }
        var text = String(String.UnicodeScalarView(sourceLines[start.line - 1].unicodeScalars.dropFirst(start.column - 1)))
        if let comment = text.firstIndex(of: "#"), !text[..<comment].contains("\"") { text = String(text[..<comment]) }
        while text.last == " " || text.last == "\t" || text.last == "\\" || text.last == "\r" { text.removeLast() }
        return statement.range.upperBound.line > start.line ? text + " …" : text
    }

    /// What the statement's `output=` lets through.
    static func filter(_ outputs: [CellOutput], for statement: CheckedStatement) -> [CellOutput] {
        guard statement.command != nil else { return outputs }
        switch statement[CommonOptions.output] {
        case .full: return outputs
        case .none: return []
        case .summary:
            return outputs.filter { output in
                switch output {
                case .figures, .table, .statement, .notice: true
                case .text, .chart: false
                }
            }
        }
    }

    /// Runs a statement once per element of its family (once when it has no axes). Elements
    /// run in parallel on the run's threads, each on one core, and land in row-major order,
    /// so the values are the same for every thread count; the first failure in that order wins.
    /// `headStart` holds elements already computed in the tail of the statement before; the
    /// elements of `following` that this statement's tail computes are returned likewise.
    private func execute(
        _ statement: CheckedStatement, in environment: ExecutionEnvironment,
        before following: CheckedStatement?, headStart: HeadStart?
    ) throws(RunFailure) -> (ValueFamily?, [CellOutput], HeadStart?) {
        let name: String
        switch statement.action {
        case .show(let shown):
            return (nil, ShowCommand.show(shown, in: environment).outputs, nil)
        case .run(let command):
            name = command
        }
        let command = Self.command(named: name)
        let points = ValueFamily.points(of: statement.axes)

        if points.count == 1 {
            let single = Self.invocation(
                of: statement, at: points[0], in: environment, compute: environment.compute, observer: environment.observer)
            let outcome = try command.run(single)
            let family = outcome.value.map {
                ValueFamily(axes: statement.axes, elements: [ValueFamily.Element(value: $0, derivation: single.derivation)])
            }
            return (family, outcome.outputs, nil)
        }

        let workers = min(environment.compute.threads, points.count)
        let lookahead = workers > 1 ? Self.lookahead(following, after: statement, in: environment) : nil
        let (results, ahead) = FamilySchedule.run(
            count: points.count, done: headStart?.results ?? [:], workers: workers, lookahead: lookahead
        ) { index in
            Self.runElement(command, of: statement, at: points[index], in: environment)
        }
        var outcomes: [CommandOutcome] = []
        var elements: [ValueFamily.Element] = []
        for result in results {
            switch result {
            case .success(let (outcome, derivation)):
                outcomes.append(outcome)
                if let value = outcome.value { elements.append(ValueFamily.Element(value: value, derivation: derivation)) }
            case .failure(let failure): throw failure
            }
        }
        let family = elements.count == points.count ? ValueFamily(axes: statement.axes, elements: elements) : nil
        let label = statement.binding?.name ?? name
        let started = lookahead.flatMap { ahead.isEmpty ? nil : HeadStart(statementStart: $0.statement.range.lowerBound, results: ahead) }
        return (family, FamilySummary.outputs(label: label, axes: statement.axes, points: points, outcomes: outcomes), started)
    }

    private static func command(named name: String) -> any NotebookCommand.Type {
        // The checker accepts only the registry's commands, so every name resolves.
        guard let command = CommandRegistry.command(named: name) else {
            preconditionFailure("`\(name)` passed the checker but is not in the command registry")
        }
        return command
    }

    /// `following`, when each of its elements reads at most one element of `statement`'s
    /// family (the one at its own point) and otherwise only values bound already, so that it
    /// can start in `statement`'s tail.
    static func lookahead(
        _ following: CheckedStatement?, after statement: CheckedStatement, in environment: ExecutionEnvironment
    ) -> Lookahead? {
        guard let following, let name = following.command, case let command = Self.command(named: name), command.mayStartEarly
        else { return nil }
        let bound = statement.binding?.name
        let readsRunning = bound.map(following.dependencies.contains) ?? false
        guard following.dependencies.allSatisfy({ $0 == bound || environment.values.isBound($0) }) else { return nil }
        if readsRunning {
            guard following.selections.isEmpty, statement.axes.allSatisfy(following.axes.contains) else { return nil }
        }
        let points = ValueFamily.points(of: following.axes)
        guard points.count > 1 else { return nil }
        return Lookahead(
            statement: following,
            reads: points.map { readsRunning ? ValueFamily.index(of: $0, in: statement.axes) : nil },
            run: { point, input in
                // An element reads the running family at its own point only: that one element
                // stands in for the family, which is not bound yet.
                let view = input.map { environment.reading(bound!, as: ValueFamily(axes: [], elements: [$0])) } ?? environment
                return runElement(command, of: following, at: points[point], in: view)
            })
    }

    /// One element of a family, on one core, telling no observer (the statement's summary does).
    private static func runElement(
        _ command: any NotebookCommand.Type, of statement: CheckedStatement, at point: [String: Value],
        in environment: ExecutionEnvironment
    ) -> ElementResult {
        let element = invocation(of: statement, at: point, in: environment, compute: .singleThreaded, observer: SilentRunObserver())
        do throws(RunFailure) {
            return .success((try command.run(element), element.derivation))
        } catch {
            return .failure(error)
        }
    }

    private static func invocation(
        of statement: CheckedStatement, at point: [String: Value], in environment: ExecutionEnvironment,
        compute: ComputeContext, observer: RunObserver
    ) -> Invocation {
        let element = statement.element(at: point)
        // Selections (`bpr[seed=3]`) fix axes the statement itself does not run over; lookups of
        // other values at this element use them too (a selected model's own dataset, say).
        let coordinates = point.merging(statement.selections) { own, _ in own }
        let derivation = Derivation.of(element, replicate: statement.replicates.flatMap { _ in point[Axis.seedName] }) { input, selection in
            environment.values[input].map { whole in
                let family = whole.selecting(selection)
                return family.axes.allSatisfy { point[$0.name] != nil } ? family.element(at: point).derivation : family.derivation
            }
        }
        return Invocation(
            statement: element, environment: environment, coordinates: coordinates,
            generator: environment.generator(for: element, derivation: derivation), derivation: derivation,
            compute: compute, observer: observer)
    }
}

/// "Notebooks/adversarial-training.md" → "adversarial-training".
func defaultTitle(for path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    return file.hasSuffix(".md") ? String(file.dropLast(3)) : file
}
