import RecbookFiles
import ArgumentParser
import RecommenderKit

/// `recbook generate`: writes a seeded synthetic dataset in the ECIR layout.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a seeded synthetic dataset (ECIR layout: trainingset.tsv, testset.tsv).",
        discussion: """
            The bundled Data/synthetic-500 was made with:
              recbook generate Data/synthetic-500 --preset ml-500 --seed 42
            """
    )

    enum Preset: String, ExpressibleByArgument, CaseIterable {
        case ml500 = "ml-500", ml1m = "ml-1m", ml20m = "ml-20m"
        var configuration: SyntheticDatasetConfiguration {
            switch self {
            case .ml500: .movielens500Like
            case .ml1m: .movielens1MLike
            case .ml20m: .movielens20MLike
            }
        }
    }

    @Argument(help: "The folder to write (created when missing).")
    var folder: String

    @Option(help: "Size and shape: ml-500, ml-1m or ml-20m (shaped like those MovieLens sets).")
    var preset: Preset = .ml500

    @Option(help: "The generator's seed.")
    var seed: UInt64 = 42

    @Option(help: "Override the number of users.")
    var users: Int?

    @Option(help: "Override the number of items.")
    var items: Int?

    func run() throws {
        var configuration = preset.configuration
        configuration.seed = seed
        if let users { configuration.users = users }
        if let items { configuration.items = items }
        if let problem = configuration.problems.first {
            throw ValidationError(problem)
        }
        let terminal = Terminal()
        do {
            let dataset = try SyntheticDataset.generate(configuration)
            try AtomicFile.createDirectory(folder)
            try writeECIR(dataset, to: folder)
            let stats = dataset.statistics
            terminal.line("wrote \(folder): \(stats.users) users, \(stats.items) items, \(stats.trainInteractions) training and \(stats.testInteractions) test interactions")
        } catch {
            terminal.line("\(terminal.styled("error:", .red)) \(error)")
            throw RecbookExit.usage
        }
    }
}
