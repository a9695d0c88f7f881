import RecbookResults
import RecbookFiles
import RecbookLanguage
import RecommenderKit

/// `export MODEL to=FOLDER`: embeddings as NumPy `.npy` (with the raw ids of their rows)
/// and top-N lists as TSV `user item score`, each file written atomically.
enum ExportCommand: NotebookCommand {
    /// What `export` writes.
    enum Content: String, WordArgument {
        case embeddings, recommendations, all
    }

    static let model = Subject<BoundName>(0, "MODEL", type: .reference(ReferenceRequirement(kind: .model)), doc: "The model.")
    static let destination = RequiredOption<String>("to", doc: "Destination folder.")
    static let content = ValueOption<Content>("what", default: .all, doc: "What to write.")
    static let length = ValueOption<Int>("n", default: 100, bounds: .between(1, 10_000), doc: "Recommendations per user.")

    static let signature = CommandSignature(
        name: "export", summary: "Writes a model's embeddings and/or recommendations to a folder.",
        subjects: [model], options: [destination, content, length], result: .nothing,
        example: #"export bpr to="out/bpr" what=embeddings"#)

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let statement = invocation.statement
        let modelName = invocation[model].name
        let model = invocation.model(named: modelName)
        let dataset = invocation.dataset(named: model.datasetName).dataset
        let folder = invocation[destination]
        let what = invocation[content]
        let n = invocation[length]
        // Baselines have no embeddings: `what=all` exports their recommendations only.
        let embeddings = what != .recommendations ? model.factors : nil
        if what == .embeddings && embeddings == nil {
            throw .noEmbeddings(modelName, summary: model.summary, action: "export", at: statement.valueRange(of: content))
        }
        var written: [String] = []
        do {
            try AtomicFile.createDirectory(folder)
            if let factors = embeddings {
                try writeNPY(factors.userFactors, to: folder + "/user_factors.npy")
                try writeNPY(factors.itemFactors, to: folder + "/item_factors.npy")
                try AtomicFile.write(dataset.users.rawIDs.joined(separator: "\n") + "\n", to: folder + "/users.txt")
                try AtomicFile.write(dataset.items.rawIDs.joined(separator: "\n") + "\n", to: folder + "/items.txt")
                written += ["user_factors.npy", "item_factors.npy", "users.txt", "items.txt"]
            }
            if what != .embeddings {
                let users = Array(0..<dataset.userCount)
                let lists = topN(model.recommender, dataset: dataset, users: users, n: n, context: invocation.compute)
                try writeTopNTSV(lists, users: users, dataset: dataset, to: folder + "/recommendations.tsv")
                written.append("recommendations.tsv")
            }
        } catch {
            throw .writeFailed(error, at: statement.valueRange(of: destination))
        }
        return CommandOutcome(outputs: [.text("wrote " + written.map { folder + "/" + $0 }.joined(separator: ", "))])
    }
}
