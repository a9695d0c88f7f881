import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `load PATH` / `load synthetic`: reads an ECIR folder, a train/test pair or a ratings
/// file (split as asked), or generates a synthetic dataset.
enum LoadCommand {
    static func run(_ statement: CheckedStatement, label: String, in environment: ExecutionEnvironment) throws -> CommandOutcome {
        let subject = statement.subject(0)
        let generator = environment.generator(for: statement, label: label)
        let dataset: Dataset
        if subject.word == "synthetic" {
            dataset = try synthetic(statement, generator: generator)
        } else {
            dataset = try fromFiles(statement, generator: generator)
            for file in dataset.sourceFiles {
                do { try environment.recordDataFile(file) } catch { throw RunFailure("\(error)", at: subject.range) }
            }
        }
        let stats = dataset.statistics
        var outputs: [CellOutput] = [.text(DatasetSummary.line(for: dataset, statistics: stats))]
        if stats.testUsersWithoutTraining > 0 {
            outputs.append(.text("note: \(stats.testUsersWithoutTraining) test users have no training rows; evaluation leaves them out"))
        }
        if stats.duplicatesCollapsed > 0 {
            outputs.append(.text("note: \(stats.duplicatesCollapsed) duplicate (user, item) rows were collapsed"))
        }
        return CommandOutcome(value: .dataset(DatasetValue(dataset: dataset)), outputs: outputs)
    }

    private static func fromFiles(_ statement: CheckedStatement, generator: SeededGenerator) throws -> Dataset {
        let subject = statement.subject(0)
        let path = subject.string ?? ""
        let loader = DatasetLoader(minRating: statement.option("min-rating").double)
        do {
            if let test = statement.option("test").string {
                return try loader.loadECIR(train: path, test: test)
            }
            if DatasetLoader.isFolder(path) {
                for name in ["split", "ratio"] where statement.option(name).isExplicit {
                    throw RunFailure("option `\(name)` applies to a single ratings file, but `\(path)` is a folder (ECIR layout: it is already split)",
                                     at: statement.option(name).range)
                }
                return try loader.loadECIR(folder: path)
            }
            let split: Split = statement.option("split").word == "holdout"
                ? .holdout(ratio: statement.option("ratio").double ?? 0.2) : .leaveOneOut
            if case .leaveOneOut = split, statement.option("ratio").isExplicit {
                throw RunFailure("option `ratio` applies to `split=holdout` only", at: statement.option("ratio").range)
            }
            var stream = generator.derived("split")
            return try loader.load(path, split: split, generator: &stream)
        } catch let error as DataError {
            throw RunFailure("cannot load `\(path)`: \(error.location): \(error.message)", at: subject.range)
        }
    }

    private static func synthetic(_ statement: CheckedStatement, generator: SeededGenerator) throws -> Dataset {
        var configuration: SyntheticDatasetConfiguration
        switch statement.option("preset").word {
        case "ml-1m": configuration = .movielens1MLike
        case "ml-20m": configuration = .movielens20MLike
        default: configuration = .movielens500Like
        }
        if let users = statement.option("users").int { configuration.users = users }
        if let items = statement.option("items").int { configuration.items = items }
        if let perUser = statement.option("per-user").double { configuration.meanInteractionsPerUser = perUser }
        // Small custom sizes lower the floor of interactions per user with them.
        configuration.minInteractionsPerUser = min(
            configuration.minInteractionsPerUser,
            max(2, Int(configuration.meanInteractionsPerUser / 2)), max(2, configuration.items / 2))
        var stream = generator.derived("synthetic")
        configuration.seed = stream.next()
        if let problem = configuration.problems.first {
            let text = problem
                .replacing("meanInteractionsPerUser", with: "`per-user`")
                .replacing("minInteractionsPerUser", with: "the minimum interactions per user")
            throw RunFailure("cannot generate this dataset: \(text)", at: statement.range)
        }
        do {
            var dataset = try SyntheticDataset.generate(configuration)
            dataset.name = statement.binding?.name ?? "synthetic"
            return dataset
        } catch {
            throw RunFailure("cannot generate this dataset: \(error)", at: statement.range)
        }
    }
}

/// Shared wording for datasets in outputs.
enum DatasetSummary {
    static func line(for dataset: Dataset, statistics: DatasetStatistics? = nil) -> String {
        let s = statistics ?? dataset.statistics
        let n = NumberFormat.integer
        return "\(dataset.name): \(n.format(Double(s.users))) users, \(n.format(Double(s.items))) items, "
            + "\(n.format(Double(s.trainInteractions))) training and \(n.format(Double(s.testInteractions))) test interactions"
    }
}
