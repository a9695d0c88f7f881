import RecbookResults
import NotebookDocument
import RecbookLanguage
import RecommenderKit

/// Runs a checked notebook cell by cell and records every cell's outputs and timing.
///
/// When a statement fails, its cell is marked failed with the error's notebook location,
/// the remaining cells are marked not run, and the result is still complete enough to
/// render reports.
public struct NotebookRunner {
    public var notebook: Notebook
    public var program: CheckedProgram
    public var configuration: RunConfiguration

    public init(notebook: Notebook, program: CheckedProgram, configuration: RunConfiguration) {
        self.notebook = notebook
        self.program = program
        self.configuration = configuration
    }

    public func run(observer: RunObserver = SilentRunObserver()) -> RunResult {
        let startedAt = currentUTCTimestamp()
        let total = Stopwatch()
        let environment = ExecutionEnvironment(notebookPath: notebook.path, configuration: configuration, observer: observer)
        let cells = notebook.cells
        var results: [CellResult] = []
        var failed = false

        for cell in cells {
            let result: CellResult
            if failed {
                result = CellResult(index: cell.index, range: cell.range, status: .notRun, seconds: 0, outputs: [])
            } else {
                observer.cellWillRun(index: cell.index, count: cells.count, cell: cell)
                result = run(cell, in: environment)
                failed = result.status == .failed
            }
            observer.cellDidFinish(result, cell: cell)
            results.append(result)
        }

        let manifest = RunManifest(
            recbookVersion: RecbookVersion.current, seed: configuration.seed,
            parameters: program.parameters.map { RunManifest.Parameter(name: $0.name, value: $0.text) },
            threads: configuration.threads, startedAt: startedAt, totalSeconds: total.seconds,
            dataFiles: environment.dataFiles)
        return RunResult(
            notebookPath: notebook.path, title: notebook.frontMatter.title ?? defaultTitle(for: notebook.path),
            author: notebook.frontMatter.author, manifest: manifest, cells: results)
    }

    /// Runs one cell's statements in order; the first failure ends the cell.
    private func run(_ cell: Cell, in environment: ExecutionEnvironment) -> CellResult {
        let statements = program.cells.first { $0.index == cell.index }?.statements ?? []
        let clock = Stopwatch()
        var outputs: [CellOutput] = []
        for statement in statements {
            do throws(RunFailure) {
                let derivation = Derivation.of(statement) { environment.derivations[$0] }
                let outcome = try execute(statement, derivation: derivation, in: environment)
                outputs += outcome.outputs
                if let binding = statement.binding, let value = outcome.value {
                    environment.bind(binding.name, to: value, derivation: derivation)
                }
            } catch {
                let location = error.range?.lowerBound ?? statement.range.lowerBound
                return CellResult(
                    index: cell.index, range: cell.range, status: .failed, seconds: clock.seconds, outputs: outputs,
                    error: RunError(file: notebook.path, location: location, identifier: error.identifier, message: error.message))
            }
        }
        return CellResult(index: cell.index, range: cell.range, status: .succeeded, seconds: clock.seconds, outputs: outputs)
    }

    private func execute(
        _ statement: CheckedStatement, derivation: Derivation, in environment: ExecutionEnvironment
    ) throws(RunFailure) -> CommandOutcome {
        switch statement.action {
        case .show(let name):
            return ShowCommand.show(name, in: environment)
        case .run(let name):
            // The checker accepts only the registry's commands, so every name resolves.
            guard let command = CommandRegistry.command(named: name) else {
                preconditionFailure("`\(name)` passed the checker but is not in the command registry")
            }
            let invocation = Invocation(
                statement: statement, environment: environment,
                generator: environment.generator(for: statement, derivation: derivation), derivation: derivation)
            return try command.run(invocation)
        }
    }
}

/// "Notebooks/adversarial-training.md" → "adversarial-training".
func defaultTitle(for path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    return file.hasSuffix(".md") ? String(file.dropLast(3)) : file
}
