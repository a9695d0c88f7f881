import RecbookResults
/// How to run a checked notebook.
public struct RunConfiguration: Sendable {
    /// The seed every random choice derives from (the front matter's, or `--seed`).
    public var seed: UInt64
    /// Threads for parallel numeric work; results do not depend on it.
    public var threads: Int

    public init(seed: UInt64, threads: Int = 1) {
        self.seed = seed
        self.threads = max(1, threads)
    }

    /// The seed used when neither the notebook nor the command line gives one.
    public static let defaultSeed: UInt64 = 42
}
