import ArgumentParser
import RecommenderKit

/// Release-mode benchmarks and the fidelity check against the seed's TensorFlow figures
/// (docs/performance.md, docs/fidelity.md).
@main
struct RecbookBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recbook-bench",
        abstract: "Measure recbook's speed and its fidelity to the seed notebook.",
        subcommands: [CoreCommand.self, FidelityCommand.self, NotebookCommand.self, TrainingThreadsCommand.self, BaselinesCommand.self])

    /// The same OpenBLAS kernels as `recbook` itself (`BLASKernels`), so figures compare.
    static func main() {
        BLASKernels.ensurePreferredCore()
        main(nil)
    }
}
