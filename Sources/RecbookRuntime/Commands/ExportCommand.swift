import RecbookResults
import RecbookFiles
import RecbookLanguage
import RecommenderKit

/// `export MODEL to=FOLDER`: embeddings as NumPy `.npy` (with the raw ids of their rows)
/// and top-N lists as TSV `user item score`, each file written atomically.
enum ExportCommand {
    static func run(_ statement: CheckedStatement, label: String, in environment: ExecutionEnvironment) throws -> CommandOutcome {
        let modelName = statement.subject(0).reference ?? ""
        let model = environment.model(modelName)
        let dataset = environment.dataset(model.datasetName).dataset
        let folder = statement.option("to").string ?? "."
        let what = statement.option("what").word ?? "all"
        let n = statement.option("n").int ?? 100
        // Baselines have no embeddings: `what=all` exports their recommendations only.
        let embeddings = what != "recommendations" ? model.factors : nil
        if what == "embeddings" && embeddings == nil {
            throw RunFailure("`\(modelName)` (\(model.summary)) has no embeddings to export", at: statement.option("what").valueRange)
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
            if what != "embeddings" {
                let users = Array(0..<dataset.userCount)
                let lists = topN(model.recommender, dataset: dataset, users: users, n: n, context: environment.compute)
                try writeTopNTSV(lists, users: users, dataset: dataset, to: folder + "/recommendations.tsv")
                written.append("recommendations.tsv")
            }
        } catch {
            throw RunFailure("\(error)", at: statement.option("to").valueRange)
        }
        return CommandOutcome(outputs: [.text("wrote " + written.map { folder + "/" + $0 }.joined(separator: ", "))])
    }
}
