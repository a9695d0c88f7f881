import RecbookLanguage
import RecbookResults
import RecommenderKit

/// A command of the language: its one declaration (signature, typed arguments, defaults)
/// and its implementation. The checker, `help`, docs/language.md and the runner all read
/// `signature`; the implementation reads its arguments through the same declarations.
protocol NotebookCommand {
    static var signature: CommandSignature { get }
    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome
}

/// Every command, in the order `help` lists them. `CommandRegistryTests` proves each
/// name is unique and each command's example checks and runs.
enum CommandRegistry {
    static let commands: [any NotebookCommand.Type] = [
        LoadCommand.self, TrainCommand.self, EvaluateCommand.self, AttackCommand.self, AdvTrainCommand.self,
        CompareCommand.self, StatsCommand.self, RecommendCommand.self, ExportCommand.self,
    ]

    private static let byName: [String: any NotebookCommand.Type] = Dictionary(
        uniqueKeysWithValues: commands.map { ($0.signature.name, $0) })

    static func command(named name: String) -> (any NotebookCommand.Type)? { byName[name] }
}

extension CommandCatalogue {
    /// The language's commands, as the checker and the reference see them.
    public static let standard = CommandCatalogue(commands: CommandRegistry.commands.map { $0.signature })
}

/// Options several commands share, declared once.
enum CommonOptions {
    static let seed = OptionalOption<Int>(
        "seed", bounds: .atLeast(0), absent: "derived from the notebook's seed and the statement's derivation",
        doc: "Seed of this command's random choices.")

    static func seed(when condition: OptionCondition) -> OptionalOption<Int> {
        OptionalOption<Int>(
            "seed", bounds: .atLeast(0), absent: "derived from the notebook's seed and the statement's derivation",
            doc: "Seed of this command's random choices.", when: condition)
    }
}

/// One run of a command: the checked statement, the values it reads, its random stream.
struct Invocation {
    let statement: CheckedStatement
    let environment: ExecutionEnvironment
    /// The statement's stream: `seed=` when written, else derived from the notebook's seed
    /// and the statement's derivation.
    let generator: SeededGenerator
    let derivation: Derivation

    var compute: ComputeContext { environment.compute }
    var observer: RunObserver { environment.observer }
    var binding: String? { statement.binding?.name }

    subscript<Wrapped>(option: ValueOption<Wrapped>) -> Wrapped { statement[option] }
    subscript<Wrapped>(option: OptionalOption<Wrapped>) -> Wrapped? { statement[option] }
    subscript<Wrapped>(option: RequiredOption<Wrapped>) -> Wrapped { statement[option] }
    subscript<Wrapped>(subject: Subject<Wrapped>) -> Wrapped { statement[subject] }
    subscript<Wrapped>(subject: RepeatedSubject<Wrapped>) -> [Wrapped] { statement[subject] }

    func dataset(_ name: BoundName) -> DatasetValue { environment.dataset(name.name) }
    func model(_ name: BoundName) -> ModelValue { environment.model(name.name) }
    func evaluation(_ name: BoundName) -> EvaluationValue { environment.evaluation(name.name) }
}
