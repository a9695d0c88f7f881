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
    static let destination = RequiredOption<OutputPath>("to", doc: "Destination folder, inside the output folder.")
    static let content = ValueOption<Content>("what", default: .all, doc: "What to write.")
        .needsEmbeddings(for: Content.embeddings.rawValue)
    static let length = ValueOption<Int>("n", default: 100, bounds: .between(1, 10_000), doc: "Recommendations per user.")

    static let signature = CommandSignature(
        name: "export", summary: "Writes a model's embeddings and/or recommendations to a folder.",
        subjects: [model], options: [destination, content, length], result: .nothing,
        example: #"export bpr to="out/bpr" what=embeddings"#)

    /// Its files are its point: it runs every time.
    static let isCacheable = false

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let statement = invocation.statement
        let modelName = invocation[model].name
        let model = invocation.model(named: modelName)
        let dataset = invocation.dataset(named: model.datasetName).dataset
        let folder = invocation[destination].path
        let what = invocation[content]
        let n = invocation[length]
        // Baselines have no embeddings: `what=all` exports their recommendations only.
        let embeddings = what != .recommendations ? model.factors : nil
        if what == .embeddings && embeddings == nil {
            throw .noEmbeddings(modelName, summary: model.summary, action: "export", at: statement.valueRange(of: content))
        }
        var written: [String] = []
        // Inside the run's output folder (the checker kept the path there unless allowed).
        let output = invocation.environment.output
        func write(_ bytes: [UInt8], _ file: String) throws {
            if let output {
                try output.write(bytes, to: folder + "/" + file)
            } else {
                try AtomicFile.createDirectory(folder)
                try AtomicFile.write(bytes, to: folder + "/" + file)
            }
            written.append(file)
        }
        do {
            if let factors = embeddings {
                try write(npyBytes(factors.userFactors), "user_factors.npy")
                try write(npyBytes(factors.itemFactors), "item_factors.npy")
                try write(Array((dataset.users.rawIDs.joined(separator: "\n") + "\n").utf8), "users.txt")
                try write(Array((dataset.items.rawIDs.joined(separator: "\n") + "\n").utf8), "items.txt")
            }
            if what != .embeddings {
                let users = Array(0..<dataset.userCount)
                let lists = topN(model.recommender, dataset: dataset, users: users, n: n, context: invocation.compute)
                try write(Array(topNTSV(lists, users: users, dataset: dataset).utf8), "recommendations.tsv")
            }
        } catch {
            throw .writeFailed(error, at: statement.valueRange(of: destination))
        }
        return CommandOutcome(outputs: [.text("wrote " + written.map { folder + "/" + $0 }.joined(separator: ", "))])
    }
}
