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


    @Argument(help: "The folder to write (created when missing).")
    var folder: String

    @Option(help: ArgumentHelp(
        "Size and shape, after the MovieLens set of that name: \(SyntheticPreset.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "preset"))
    var preset: SyntheticPreset = .ml500

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

extension SyntheticPreset: ExpressibleByArgument {}
