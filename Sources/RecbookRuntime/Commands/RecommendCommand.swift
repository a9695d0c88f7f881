import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `recommend MODEL user=ID`: one user's top-N list, training items excluded.
enum RecommendCommand {
    static func run(_ statement: CheckedStatement, label: String, in environment: ExecutionEnvironment) throws -> CommandOutcome {
        let modelName = statement.subject(0).reference ?? ""
        let model = environment.model(modelName)
        let dataset = environment.dataset(model.datasetName).dataset
        let rawUser = statement.option("user").string ?? ""
        guard let user = dataset.users.index(of: rawUser) else {
            let examples = dataset.users.rawIDs.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
            throw RunFailure("no user \"\(rawUser)\" in `\(model.datasetName)` (its ids look like \(examples))",
                             at: statement.option("user").valueRange)
        }
        let n = statement.option("n").int ?? 10
        let list = topN(model.recommender, dataset: dataset, users: [user], n: n, context: environment.compute)[0]
        let heldOut = Set(dataset.test.items(of: user).map(Int.init))
        let rows: [[TableValue]] = list.enumerated().map { rank, entry in
            [.number(Double(rank + 1), .integer), .text(dataset.items.rawID(of: entry.item)),
             .number(Double(entry.score), .fixed(4)), .text(heldOut.contains(entry.item) ? "✓" : "")]
        }
        let seen = dataset.train.items(of: user).count
        return CommandOutcome(outputs: [
            .table(Table(title: "Top \(n) for user \"\(rawUser)\" from “\(modelName)”", columns: ["Rank", "Item", "Score", "Held out"], rows: rows)),
            .text("user \"\(rawUser)\" has \(seen) training items (excluded) and \(heldOut.count) held-out test item\(heldOut.count == 1 ? "" : "s")"),
        ])
    }
}
