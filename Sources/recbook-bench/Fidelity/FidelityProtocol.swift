import RecommenderKit

/// The four (or six) evaluations of one seed of the seed's protocol.
struct SeedOutcome {
    var seed: UInt64
    var bpr: Scores
    var bprFGSM: Scores
    var aprSeed: Scores?
    var aprSeedFGSM: Scores?
    var aprBatch: Scores?
    var aprBatchFGSM: Scores?
    var seconds: Double

    struct Scores {
        var hr: Double
        var ndcg: Double
        var auc: Double
    }
}

/// Which APR variants to run beside BPR.
enum APRVariantChoice: String, CaseIterable {
    case seed, perBatch = "per-batch", both
    var runsSeed: Bool { self != .perBatch }
    var runsPerBatch: Bool { self != .seed }
}

/// The seed's protocol with the seed's settings: BPR-MF (d 64, lr 0.05, Adagrad, batch 512,
/// 5 epochs), FGSM ε 0.5, APR one epoch from BPR with ε 0.5 and α 1, evaluation
/// HR/nDCG/AUC@100 over all non-training items.
struct FidelityProtocol {
    var dataset: Dataset
    var variants: APRVariantChoice
    var context: ComputeContext

    static let bprConfiguration = BPRConfiguration(factors: 64, learningRate: 0.05, regularization: 0, epochs: 5, batchSize: 512, optimizer: .adagrad)
    static let epsilon: Float = 0.5
    static let evaluation = EvaluationConfiguration(cutoffs: [100], metrics: [.hr, .ndcg, .auc])

    func run(seed: UInt64) throws -> SeedOutcome {
        let start = monotonicSeconds()
        let root = SeededGenerator(seed: seed)
        let bpr = try BPRTrainer.train(on: dataset, configuration: Self.bprConfiguration, generator: root)
        let attack = FGSMAttack(epsilon: Self.epsilon)
        let bprScores = scores(bpr.factors)
        let bprAttacked = scores(try attack.attack(bpr.factors, on: dataset, generator: root.derived("attack-bpr"), context: context).factors)
        var outcome = SeedOutcome(seed: seed, bpr: bprScores, bprFGSM: bprAttacked, seconds: 0)
        if variants.runsSeed {
            let apr = try AdversarialTrainer.train(
                bpr, on: dataset, configuration: APRConfiguration(epsilon: Self.epsilon, alpha: 1, epochs: 1, variant: .seedFullData),
                context: context)
            outcome.aprSeed = scores(apr.factors)
            outcome.aprSeedFGSM = scores(try attack.attack(apr.factors, on: dataset, generator: root.derived("attack-apr"), context: context).factors)
        }
        if variants.runsPerBatch {
            let apr = try AdversarialTrainer.train(
                bpr, on: dataset, configuration: APRConfiguration(epsilon: Self.epsilon, alpha: 1, epochs: 1, variant: .perBatch),
                context: context)
            outcome.aprBatch = scores(apr.factors)
            outcome.aprBatchFGSM = scores(try attack.attack(apr.factors, on: dataset, generator: root.derived("attack-apr"), context: context).factors)
        }
        outcome.seconds = monotonicSeconds() - start
        return outcome
    }

    private func scores(_ model: FactorModel) -> SeedOutcome.Scores {
        let result = Evaluator.evaluate(model, on: dataset, configuration: Self.evaluation, context: context)
        return .init(hr: result.mean(.hr, at: 100), ndcg: result.mean(.ndcg, at: 100), auc: result.mean(.auc))
    }
}
