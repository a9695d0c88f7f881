import RecbookResults
import NotebookDocument
import RecbookLanguage
import RecommenderKit
import RecbookFiles

/// The state of a running notebook: bound values, the seed's generator, parallelism,
/// the data files read so far, and who to tell about progress.
final class ExecutionEnvironment: @unchecked Sendable {
    let notebookPath: String
    let root: SeededGenerator
    let compute: ComputeContext
    let observer: RunObserver
    /// Where writing statements put their files (nil: relative to the current directory).
    let output: OutputFolder?
    /// Bound values; written only between statements, read by the elements of one statement.
    let values: BoundValues
    /// Data files read, in reading order, each once. Elements of a family may load in parallel.
    private let dataFileLog: Locked<[RunManifest.DataFile]>

    init(notebookPath: String, configuration: RunConfiguration, observer: RunObserver) {
        self.notebookPath = notebookPath
        self.root = SeededGenerator(seed: configuration.seed)
        self.compute = ComputeContext(threads: configuration.threads)
        self.observer = observer
        self.output = configuration.output
        values = BoundValues()
        dataFileLog = Locked([])
    }

    private init(_ base: ExecutionEnvironment, values: BoundValues) {
        notebookPath = base.notebookPath
        root = base.root
        compute = base.compute
        observer = base.observer
        output = base.output
        self.values = values
        dataFileLog = base.dataFileLog
    }

    /// This environment, except that `name` reads as `family`: an element of the statement
    /// after a family, started before that family is bound, sees the one element it reads.
    func reading(_ name: String, as family: ValueFamily) -> ExecutionEnvironment {
        ExecutionEnvironment(self, values: BoundValues(name, as: family, over: values))
    }

    var dataFiles: [RunManifest.DataFile] { dataFileLog.read { $0 } }

    func bind(_ name: String, to family: ValueFamily) {
        values.bind(name, to: family)
    }

    /// The generator of one element: `seed=` when given, otherwise a stream derived from
    /// the notebook's seed and the element's derivation, so that a statement draws the
    /// same numbers whatever it is called and wherever it stands.
    func generator(for statement: CheckedStatement, derivation: Derivation) -> SeededGenerator {
        if case .integer(let seed)? = statement.option("seed").value {
            return SeededGenerator(seed: UInt64(seed))
        }
        return root.derived(derivation.streamLabel)
    }

    /// Records a data file for the manifest (size and SHA-256 of the bytes loaded), once per path.
    func recordDataFile(_ digest: DataFileDigest) {
        let shown = PathDisplay.relativeToWorkingDirectory(digest.path)
        let file = RunManifest.DataFile(path: shown, bytes: digest.bytes, sha256: digest.sha256)
        output?.protect(digest.path)
        dataFileLog.modify { files in
            if !files.contains(where: { $0.path == shown }) { files.append(file) }
        }
    }

    // MARK: Looking up values; the checker guarantees kinds, so a mismatch is a bug.

    func element(_ name: String, at coordinates: [String: Value]) -> ValueFamily.Element {
        guard let family = values[name] else { preconditionFailure("`\(name)` is not bound") }
        return family.element(at: coordinates)
    }

    func dataset(_ name: String, at coordinates: [String: Value] = [:]) -> DatasetValue {
        guard case .dataset(let v) = element(name, at: coordinates).value else { fatalError("`\(name)` is not a dataset") }
        return v
    }

    func model(_ name: String, at coordinates: [String: Value] = [:]) -> ModelValue {
        guard case .model(let v) = element(name, at: coordinates).value else { fatalError("`\(name)` is not a model") }
        return v
    }

    func evaluation(_ name: String, at coordinates: [String: Value] = [:]) -> EvaluationValue {
        guard case .evaluation(let v) = element(name, at: coordinates).value else { fatalError("`\(name)` is not an evaluation") }
        return v
    }
}

/// What a command produced: the value to bind (if any) and what to show.
struct CommandOutcome {
    var value: RuntimeValue?
    var outputs: [CellOutput]
    /// Tables (also among `outputs`) that a statement over seeds shows averaged cell by cell,
    /// with 95 % t intervals, instead of dropping them with the other per-element outputs.
    var seedAveragedTables: [Table] = []

    init(value: RuntimeValue? = nil, outputs: [CellOutput] = []) {
        self.value = value
        self.outputs = outputs
    }
}
