import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `recommend MODEL user=ID`: one user's top-N list, training items excluded.
enum RecommendCommand: NotebookCommand {
    static let model = Subject<BoundName>(0, "MODEL", type: .reference(ReferenceRequirement(kind: .model)), doc: "The model.")
    static let user = RequiredOption<String>("user", doc: "The user's raw id, as in the data files.")
    static let length = ValueOption<Int>("n", default: 10, bounds: .between(1, 1000), doc: "List length.")

    static let signature = CommandSignature(
        name: "recommend", summary: "Shows a user's top-N recommendations (training items excluded).",
        subjects: [model], options: [user, length], result: .nothing, example: #"recommend bpr user="42" n=10"#)

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let modelName = invocation[model].name
        let model = invocation.model(named: modelName)
        let dataset = invocation.dataset(named: model.datasetName).dataset
        let rawUser = invocation[user]
        guard let user = dataset.users.index(of: rawUser) else {
            let examples = dataset.users.rawIDs.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
            throw .unknownUser(rawUser, dataset: model.datasetName, examples: examples, at: invocation.statement.valueRange(of: user))
        }
        let n = invocation[length]
        let list = topN(model.recommender, dataset: dataset, users: [user], n: n, context: invocation.compute)[0]
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
