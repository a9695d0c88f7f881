import RecbookResults
import RecbookFiles

/// How to run a checked notebook.
public struct RunConfiguration: Sendable {
    /// The seed every random choice derives from (the front matter's, or `--seed`).
    public var seed: UInt64
    /// Threads for parallel numeric work; results do not depend on it.
    public var threads: Int
    /// Where statements that write (`export`) put their files; relative paths resolve inside
    /// it. Without one (the library used directly), they resolve against the current directory.
    public var output: OutputFolder?

    public init(seed: UInt64, threads: Int = 1, output: OutputFolder? = nil) {
        self.seed = seed
        self.threads = max(1, threads)
        self.output = output
    }

    /// The seed used when neither the notebook nor the command line gives one.
    public static let defaultSeed: UInt64 = 42
}
