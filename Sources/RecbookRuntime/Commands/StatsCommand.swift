import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `stats DATASET`: the dataset's statistics as a table.
enum StatsCommand: NotebookCommand {
    static let data = Subject<BoundName>(0, "DATASET", type: .reference(ReferenceRequirement(kind: .dataset)), doc: "The dataset.")

    static let signature = CommandSignature(
        name: "stats", summary: "Shows a dataset's statistics.", subjects: [data], options: [],
        result: .nothing, example: "stats data")

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let name = invocation[data]
        return CommandOutcome(outputs: [.table(table(for: invocation.dataset(name).dataset, name: name.name))])
    }

    static func table(for dataset: Dataset, name: String) -> Table {
        let s = dataset.statistics
        func count(_ v: Int) -> TableValue { .number(Double(v), .integer) }
        var rows: [[TableValue]] = [
            [.text("Users"), count(s.users)],
            [.text("Items"), count(s.items)],
            [.text("Training interactions"), count(s.trainInteractions)],
            [.text("Test interactions"), count(s.testInteractions)],
            [.text("Density (training)"), .number(s.density, .fixed(5))],
            [.text("Training interactions per user (min–max)"), .text("\(s.minTrainPerUser)–\(s.maxTrainPerUser)")],
            [.text("Item popularity Gini"), .number(s.itemPopularityGini, .fixed(3))],
            [.text("Test users"), count(s.testUsers)],
            [.text("Test users evaluated"), count(s.evaluableUsers)],
            [.text("Test users without training rows (skipped)"), count(s.testUsersWithoutTraining)],
            [.text("Test items unseen in training"), count(s.coldTestItems)],
        ]
        if !dataset.injectedUsers.isEmpty { rows.append([.text("Fake users (injected by `poison`)"), count(dataset.injectedUsers.count)]) }
        if s.duplicatesCollapsed > 0 { rows.append([.text("Duplicate rows collapsed"), count(s.duplicatesCollapsed)]) }
        if s.rowsBelowThreshold > 0 { rows.append([.text("Rows below the rating threshold"), count(s.rowsBelowThreshold)]) }
        if s.testPairsAlsoInTrain > 0 { rows.append([.text("Test pairs also in training"), count(s.testPairsAlsoInTrain)]) }
        return Table(title: "Dataset “\(name)”", columns: ["Statistic", "Value"], rows: rows)
    }
}
