import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecommenderKit

/// `recbook-bench fidelity`: the seed's protocol over several seeds, beside the seed's figures.
struct FidelityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fidelity", abstract: "Run the seed's protocol for seeds 1…N and compare with the seed's TensorFlow figures.")

    @Option(help: "The real ML-500 data (ECIR layout).")
    var data = "../shared/data/movielens-500"
    @Option(help: "Number of seeds (1…N).")
    var seeds = 10
    @Option(help: "APR variants to run: seed, per-batch or both.")
    var variant = "both"
    @Flag(help: "Use the synthetic ML-500-like set instead of the real data.")
    var synthetic = false
    @Option(help: "Threads of the attack and evaluation passes (results do not depend on it).")
    var threads = 2

    func run() throws {
        guard let choice = APRVariantChoice(rawValue: variant) else {
            throw ValidationError("--variant must be seed, per-batch or both, not `\(variant)`")
        }
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }

        let dataset: Dataset
        let origin: String
        if synthetic {
            dataset = try SyntheticDataset.generate(.movielens500Like)
            origin = "synthetic ML-500-like set (SyntheticDatasetConfiguration.movielens500Like)"
        } else {
            guard DatasetLoader.isECIRFolder(data) else {
                log("recbook-bench fidelity: the data folder \(data) is absent (or lacks trainingset.tsv/testset.tsv).")
                log("Pass --data PATH to the seed's MovieLens-500 folder, or --synthetic to use the synthetic ML-500-like set.")
                throw ExitCode(2)
            }
            dataset = try DatasetLoader().loadECIR(folder: data)
            origin = "real data from \(data)"
        }

        print(Machine.header("fidelity"))
        print("- command: recbook-bench fidelity \(synthetic ? "--synthetic" : "--data \(data)") --seeds \(seeds) --variant \(variant) --threads \(threads)")
        print("- data: \(origin); \(grouped(dataset.userCount)) users × \(grouped(dataset.itemCount)) items, \(grouped(dataset.train.count)) training pairs")
        print("- protocol: BPR-MF d 64, Adagrad lr 0.05, batch 512, 5 epochs; FGSM ε 0.5; APR 1 epoch from BPR, ε 0.5, α 1; HR/nDCG/AUC@100, full ranking")
        print("")

        let runner = FidelityProtocol(dataset: dataset, variants: choice, context: ComputeContext(threads: threads))
        var outcomes: [SeedOutcome] = []
        for seed in 1...UInt64(seeds) {
            let outcome = try runner.run(seed: seed)
            log("seed \(seed): BPR HR@100 \(fixed(outcome.bpr.hr, 3)), FGSM \(fixed(outcome.bprFGSM.hr, 3)) (\(duration(outcome.seconds)))")
            outcomes.append(outcome)
        }
        let report = FidelityReport(outcomes: outcomes, variants: choice, synthetic: synthetic)
        print(report.markdown)
    }
}
