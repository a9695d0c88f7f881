import RecbookLanguage
import RecbookResults
import RecommenderKit

/// `load PATH` / `load synthetic`: reads an ECIR folder, a train/test pair or a ratings
/// file (split as asked), or generates a synthetic dataset.
enum LoadCommand: NotebookCommand {
    static let path = Subject<PathOrWord>(
        0, "PATH", type: .stringOrWord(["synthetic"]),
        doc: "A folder in the ECIR layout (trainingset.tsv + testset.tsv), a ratings file, or `synthetic`.")

    static let test = OptionalOption<String>(
        "test", absent: "none: PATH is a folder or a ratings file to split",
        doc: "Test file; PATH is then the training file.", when: .subjectIsString(0))
    static let split = ValueOption<SplitMethod>(
        "split", default: .leaveOneOut,
        doc: "How a single ratings file is split: leave-one-out or random holdout.", when: .subjectIsString(0))
    static let ratio = ValueOption<Double>(
        "ratio", default: 0.2, bounds: .openInterval(0, 1),
        doc: "Share of each user's interactions held out (holdout split).", when: .subjectIsString(0))
    static let minRating = OptionalOption<Double>(
        "min-rating", absent: "none: every row is a positive",
        doc: "Rows rated below this are dropped.", when: .subjectIsString(0))
    static let preset = ValueOption<SyntheticPreset>(
        "preset", default: .ml500, doc: "Size and shape to imitate.", when: .subject(0, is: "synthetic"))
    static let users = OptionalOption<Int>(
        "users", bounds: .between(2, Double(SyntheticDatasetConfiguration.maximumUsers)), absent: "the preset's",
        doc: "Number of users.", when: .subject(0, is: "synthetic")
    ).itemCount(.statesUsers)
    static let items = OptionalOption<Int>(
        "items", bounds: .between(4, Double(SyntheticDatasetConfiguration.maximumItems)), absent: "the preset's",
        doc: "Number of items.", when: .subject(0, is: "synthetic")
    ).itemCount(.states)
    static let perUser = OptionalOption<Double>(
        "per-user", bounds: NumericBounds(lower: 0, lowerInclusive: false, upper: 100_000), absent: "the preset's",
        doc: "Mean number of interactions per user.", when: .subject(0, is: "synthetic"))

    static let signature = CommandSignature(
        name: "load",
        summary: "Loads a dataset from disk, or generates a synthetic one.",
        subjects: [path],
        options: [test, split, ratio, minRating, preset, users, items, perUser, CommonOptions.seed, CommonOptions.seeds],
        result: .value(.dataset),
        example: #"data = load "Data/movielens-500""#, isRandom: true)

    static func inputFiles(of statement: CheckedStatement) -> [String] {
        guard case .path(let path) = statement[Self.path] else { return [] }
        if let test = statement[Self.test] { return [path, test] }
        if DatasetLoader.isFolder(path) {
            return DatasetLoader.ecirFiles(in: path)
        }
        return [path]
    }

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let dataset: Dataset
        switch invocation[path] {
        case .word:
            dataset = try synthetic(invocation)
        case .path(let path):
            dataset = try fromFiles(path, invocation)
            for digest in dataset.sourceDigests { invocation.environment.recordDataFile(digest) }
        }
        let stats = dataset.statistics
        var outputs: [CellOutput] = [.text(DatasetSummary.line(for: dataset, statistics: stats))]
        if stats.testUsersWithoutTraining > 0 {
            let count = stats.testUsersWithoutTraining
            outputs.append(.text("note: \(count) test user\(count == 1 ? " has" : "s have") no training rows; evaluation leaves \(count == 1 ? "it" : "them") out"))
        }
        if stats.duplicatesCollapsed > 0 {
            outputs.append(.text("note: \(stats.duplicatesCollapsed) duplicate (user, item) rows were collapsed"))
        }
        return CommandOutcome(value: .dataset(DatasetValue(dataset: dataset)), outputs: outputs)
    }

    private static func fromFiles(_ path: String, _ invocation: Invocation) throws(RunFailure) -> Dataset {
        let statement = invocation.statement
        let loader = DatasetLoader(minRating: invocation[minRating], context: invocation.compute)
        do {
            if let test = invocation[test] {
                return try loader.loadECIR(train: path, test: test)
            }
            if DatasetLoader.isFolder(path) {
                for option in [split, ratio] as [any OptionDeclaration] where statement.wrote(option) {
                    throw RunFailure.splitOptionOnFolder(option.signature.name, path: path, at: statement.range(of: option))
                }
                return try loader.loadECIR(folder: path)
            }
            let method: Split
            switch invocation[split] {
            case .holdout: method = .holdout(ratio: invocation[ratio])
            case .leaveOneOut:
                if statement.wrote(ratio) { throw RunFailure.ratioWithoutHoldout(at: statement.range(of: ratio)) }
                method = .leaveOneOut
            }
            var stream = invocation.generator.derived("split")
            return try loader.load(path, split: method, generator: &stream)
        } catch let error as DataError {
            throw .dataUnreadable(path, location: error.location, reason: error.message, at: statement.range(of: Self.path))
        } catch let failure as RunFailure {
            throw failure
        } catch {
            throw .dataFileUnreadable("\(error)", at: statement.range(of: Self.path))
        }
    }

    private static func synthetic(_ invocation: Invocation) throws(RunFailure) -> Dataset {
        var configuration = invocation[preset].configuration
        if let users = invocation[users] { configuration.users = users }
        if let items = invocation[items] { configuration.items = items }
        if let perUser = invocation[perUser] { configuration.meanInteractionsPerUser = perUser }
        // Small custom sizes lower the floor of interactions per user with them.
        configuration.minInteractionsPerUser = min(
            configuration.minInteractionsPerUser,
            max(2, Int(configuration.meanInteractionsPerUser / 2)), max(2, configuration.items / 2))
        var stream = invocation.generator.derived("synthetic")
        configuration.seed = stream.next()
        let range = invocation.statement.range
        if let problem = configuration.problems.first {
            let text = problem
                .replacing("meanInteractionsPerUser", with: "`per-user`")
                .replacing("minInteractionsPerUser", with: "the minimum interactions per user")
            throw .syntheticInvalid(text, at: range)
        }
        do {
            var dataset = try SyntheticDataset.generate(configuration)
            dataset.name = invocation.binding ?? "synthetic"
            return dataset
        } catch {
            throw .syntheticInvalid("\(error)", at: range)
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
