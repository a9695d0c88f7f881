import RecbookResults
import RecommenderKit

/// A value bound to a name in a running notebook. Values are immutable: commands
/// build new values and never change the ones they read.
enum RuntimeValue: Sendable, Codable {
    case dataset(DatasetValue)
    case model(ModelValue)
    case evaluation(EvaluationValue)
    case comparison(ComparisonValue)
    case detection(DetectionValue)
}

struct DatasetValue: Sendable, Codable {
    var dataset: Dataset
}

/// A trained or attacked model, with the name of the dataset it belongs to.
struct ModelValue: Sendable, Codable {
    enum Content: Sendable, Codable {
        case bpr(BPRModel)
        case attacked(PerturbedModel)
        case popularity(PopularityRecommender)
        case random(RandomRecommender)
        case itemKNN(ItemKNN)
        case ease(EASE)
        case implicitALS(ImplicitALSModel)
    }

    var content: Content
    /// The binding of the dataset the model was trained on.
    var datasetName: String
    /// What made it, for `show` ("bprmf, 64 factors, 5 epochs").
    var summary: String

    /// The model as something that scores items.
    var recommender: any Recommender {
        switch content {
        case .bpr(let model): model.factors
        case .attacked(let model): model.factors
        case .popularity(let model): model
        case .random(let model): model
        case .itemKNN(let model): model
        case .ease(let model): model
        case .implicitALS(let model): model.factors
        }
    }

    /// The embeddings, for models that have them.
    var factors: FactorModel? {
        switch content {
        case .bpr(let model): model.factors
        case .attacked(let model): model.factors
        case .implicitALS(let model): model.factors
        case .popularity, .random, .itemKNN, .ease: nil
        }
    }
}

struct EvaluationValue: Sendable, Codable {
    var result: EvaluationResult
    /// The binding of the evaluated model.
    var modelName: String
    var datasetName: String
    /// Negatives per user when candidates were sampled (nil: full ranking).
    var sampledNegatives: Int? = nil
    /// The identity of the negatives' draw (dataset, sampling options, seed), when sampled.
    var negativesDraw: String? = nil
    /// The protocol, for the report: how ties were placed and whether training items were masked.
    var ties: TiePolicy = .pessimistic
    var masksTraining = true
    /// Per target item, for a target-item evaluation (`evaluate … targets=`).
    var targets: [TargetItemRow]? = nil
}

struct ComparisonValue: Sendable, Codable {
    var outputs: [CellOutput]
}
