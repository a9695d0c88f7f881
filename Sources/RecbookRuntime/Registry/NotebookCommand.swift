import RecbookLanguage
import RecbookResults
import RecommenderKit

/// A command of the language: its one declaration (signature, typed arguments, defaults)
/// and its implementation. The checker, `help`, docs/language.md and the runner all read
/// `signature`; the implementation reads its arguments through the same declarations.
protocol NotebookCommand: Sendable {
    static var signature: CommandSignature { get }
    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome
    /// Whether a value and outputs computed once can be served from the cache. Commands
    /// whose point is a side effect (writing files) are not.
    static var isCacheable: Bool { get }
    /// Whether its elements may start in the tail of the statement before (`FamilySchedule`):
    /// only commands that compute from their inputs alone, read and write no files, and read
    /// no whole families.
    static var mayStartEarly: Bool { get }
    /// The data files the statement reads, whose contents its cache key includes.
    static func inputFiles(of statement: CheckedStatement) -> [String]
}

extension NotebookCommand {
    static var isCacheable: Bool { true }
    static var mayStartEarly: Bool { false }
    static func inputFiles(of statement: CheckedStatement) -> [String] { [] }
}

/// Every command, in the order `help` lists them. `CommandRegistryTests` proves each
/// name is unique and each command's example checks and runs.
enum CommandRegistry {
    static let commands: [any NotebookCommand.Type] = [
        LoadCommand.self, TrainCommand.self, EvaluateCommand.self, AttackCommand.self, AdvTrainCommand.self,
        CompareCommand.self, PlotCommand.self, HeatmapCommand.self, TableCommand.self, StatsCommand.self, RecommendCommand.self, ExportCommand.self,
        SplitCommand.self,
    ] + poisoningCommands
    /// Data poisoning and its defences (Commands/PoisonCommand.swift, DetectCommand.swift, RemoveCommand.swift).
    static let poisoningCommands: [any NotebookCommand.Type] = [PoisonCommand.self, DetectCommand.self, RemoveCommand.self]

    private static let byName: [String: any NotebookCommand.Type] = Dictionary(
        uniqueKeysWithValues: commands.map { ($0.signature.name, $0) })

    static func command(named name: String) -> (any NotebookCommand.Type)? { byName[name] }
}

extension CommandCatalogue {
    /// The language's commands, as the checker and the reference see them.
    /// Every command also takes the options every statement has (`output=`).
    public static let standard = CommandCatalogue(
        commands: CommandRegistry.commands.map { command in
            var signature = command.signature
            signature.options += CommonOptions.everyStatement.map(\.signature)
            return signature
        },
        citations: CitationEvaluator.vocabulary)
}

/// How much of what a statement computes its cell shows.
enum OutputLevel: String, WordArgument {
    /// Everything: logs, figures, tables, charts.
    case full
    /// Figures and tables only: no logs (per-epoch lines) and no charts.
    case summary
    /// Nothing; the statement's value is still bound.
    case none
}

/// Options several commands share, declared once.
enum CommonOptions {
    static let output = ValueOption<OutputLevel>(
        "output", default: .full,
        doc: "What the cell shows of this statement: `full`, `summary` (figures and tables, no logs or charts) or `none`.",
        affectsValue: false)
    /// Options of every statement, added to each command's signature in the catalogue.
    static let everyStatement: [any OptionDeclaration] = [output]

    /// `seed=N`, for every form of the command or (`when`) some of them.
    static func seed(when condition: OptionCondition? = nil) -> OptionalOption<Int> {
        OptionalOption<Int>(
            "seed", bounds: .atLeast(0), absent: "derived from the notebook's seed and the statement's derivation",
            doc: "Seed of this command's random choices.", when: condition)
    }
    static let seed = seed()

    /// `seeds=N`, likewise.
    static func seeds(when condition: OptionCondition? = nil) -> ReplicateOption {
        ReplicateOption(
            maximum: Checker.maximumFamilySize,
            doc: "Repeat the statement, and everything computed from it, over this many seeds (axis `seed`).",
            when: condition)
    }
    static let seeds = seeds()
}

/// Options of the commands that draw a metric of evaluation families (`plot`, `heatmap`).
enum ChartOptions {
    static let metric = ValueOption<Metric>("metric", default: .hr, doc: "The metric drawn.")
    static let cutoff = OptionalOption<Int>(
        "k", bounds: .between(1, 100_000), type: .cutoff, absent: "the largest cut-off the evaluations computed", doc: "The metric's cut-off.")
    static let title = OptionalOption<String>("title", absent: "the metric and the axes", doc: "The chart's title.")
}

/// One run of a command, for one element of its family: the checked statement (a swept
/// option holds this element's value), where the element stands on the axes, its random
/// stream, and the cores it may use.
struct Invocation: @unchecked Sendable {
    let statement: CheckedStatement
    let environment: ExecutionEnvironment
    /// This element's coordinate on each axis of the statement (empty for a single value).
    let coordinates: [String: Value]
    /// The element's stream: `seed=` when written, else derived from the notebook's seed
    /// and the element's derivation.
    let generator: SeededGenerator
    let derivation: Derivation
    let compute: ComputeContext
    let observer: RunObserver

    var binding: String? { statement.binding?.name }

    subscript<Wrapped>(option: ValueOption<Wrapped>) -> Wrapped { statement[option] }
    subscript<Wrapped>(option: OptionalOption<Wrapped>) -> Wrapped? { statement[option] }
    subscript<Wrapped>(option: RequiredOption<Wrapped>) -> Wrapped { statement[option] }
    subscript<Wrapped>(subject: Subject<Wrapped>) -> Wrapped { statement[subject] }
    subscript<Wrapped>(subject: RepeatedSubject<Wrapped>) -> [Wrapped] { statement[subject] }

    // Every name is read at this element's coordinates (a value's axes are a subset of the
    // axes of every statement that reads it).
    func dataset(_ name: BoundName) -> DatasetValue { environment.dataset(name.name, at: at(name)) }
    func model(_ name: BoundName) -> ModelValue { environment.model(name.name, at: at(name)) }
    func evaluation(_ name: BoundName) -> EvaluationValue { environment.evaluation(name.name, at: at(name)) }
    /// This element's coordinates, with a selection's own axes fixed as written.
    private func at(_ name: BoundName) -> [String: Value] {
        coordinates.merging(name.selection.map { ($0.axis, $0.value) }) { _, selected in selected }
    }
    func dataset(named name: String) -> DatasetValue { environment.dataset(name, at: coordinates) }
    func model(named name: String) -> ModelValue { environment.model(name, at: coordinates) }
    func evaluation(named name: String) -> EvaluationValue { environment.evaluation(name, at: coordinates) }
    /// A whole family (less any selected axes), for commands that aggregate over axes.
    func family(of name: BoundName) -> ValueFamily {
        guard let family = environment.values[name.name] else { preconditionFailure("`\(name.name)` is not bound") }
        return family.selecting(name.selection)
    }
}
