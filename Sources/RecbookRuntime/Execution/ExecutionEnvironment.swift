import RecbookResults
import NotebookDocument
import RecbookLanguage
import RecommenderKit

/// The state of a running notebook: bound values, the seed's generator, parallelism,
/// the data files read so far, and who to tell about progress.
final class ExecutionEnvironment {
    let notebookPath: String
    let root: SeededGenerator
    let compute: ComputeContext
    let observer: RunObserver
    private(set) var values: [String: RuntimeValue] = [:]
    /// What each bound value was derived from (its identity; see `Derivation`).
    private(set) var derivations: [String: Derivation] = [:]
    /// Data files read, in reading order, each once.
    private(set) var dataFiles: [RunManifest.DataFile] = []

    init(notebookPath: String, configuration: RunConfiguration, observer: RunObserver) {
        self.notebookPath = notebookPath
        self.root = SeededGenerator(seed: configuration.seed)
        self.compute = ComputeContext(threads: configuration.threads)
        self.observer = observer
    }

    func bind(_ name: String, to value: RuntimeValue, derivation: Derivation) {
        values[name] = value
        derivations[name] = derivation
    }

    /// The generator of one statement: `seed=` when given, otherwise a stream derived from
    /// the notebook's seed and the statement's derivation, so that a statement draws the
    /// same numbers whatever it is called and wherever it stands.
    func generator(for statement: CheckedStatement, derivation: Derivation) -> SeededGenerator {
        if case .integer(let seed)? = statement.option("seed").value {
            return SeededGenerator(seed: UInt64(seed))
        }
        return root.derived(derivation.streamLabel)
    }

    /// Records a data file for the manifest (size and SHA-256), once per path.
    func recordDataFile(_ path: String) throws {
        guard !dataFiles.contains(where: { $0.path == path }) else { return }
        dataFiles.append(try FileDigest.dataFile(at: path))
    }

    // MARK: Looking up values; the checker guarantees kinds, so a mismatch is a bug.

    func dataset(_ name: String) -> DatasetValue {
        guard case .dataset(let v)? = values[name] else { fatalError("`\(name)` is not a dataset") }
        return v
    }

    func model(_ name: String) -> ModelValue {
        guard case .model(let v)? = values[name] else { fatalError("`\(name)` is not a model") }
        return v
    }

    func evaluation(_ name: String) -> EvaluationValue {
        guard case .evaluation(let v)? = values[name] else { fatalError("`\(name)` is not an evaluation") }
        return v
    }
}

/// What a command produced: the value to bind (if any) and what to show.
struct CommandOutcome {
    var value: RuntimeValue?
    var outputs: [CellOutput]

    init(value: RuntimeValue? = nil, outputs: [CellOutput] = []) {
        self.value = value
        self.outputs = outputs
    }
}
