import RecbookResults
import RecbookFiles
import RecommenderKit

/// How to run a checked notebook.
public struct RunConfiguration: Sendable {
    /// The seed every random choice derives from (the front matter's, or `--seed`).
    public var seed: UInt64
    /// Threads for parallel numeric work; results do not depend on it.
    public var threads: Int
    /// Where statements that write (`export`) put their files; relative paths resolve inside
    /// it. Without one (the library used directly), they resolve against the current directory.
    public var output: OutputFolder?

    /// The value cache; nil runs every statement.
    public var cache: CacheSettings?

    public init(seed: UInt64, threads: Int = 1, output: OutputFolder? = nil, cache: CacheSettings? = nil) {
        self.seed = seed
        self.threads = max(1, threads)
        self.output = output
        self.cache = cache
    }

    /// The seed used when neither the notebook nor the command line gives one.
    public static let defaultSeed: UInt64 = 42
}

/// Where the value cache lives and how a run uses it.
public struct CacheSettings: Sendable {
    public var folder: String
    public var capacityBytes: Int
    /// Recompute every statement and overwrite its entry (`--refresh`).
    public var refresh: Bool
    /// The code that computes values, part of every key: recbook's version, the build ID of the
    /// running executable and OpenBLAS's kernel set, so a rebuilt recbook never serves what an
    /// older build computed, nor one kernel set what another rounded differently.
    public var codeIdentity: String

    public init(
        folder: String, capacityBytes: Int = CacheSettings.defaultCapacity, refresh: Bool = false,
        codeIdentity: String = CacheSettings.runningCode
    ) {
        self.folder = folder
        self.capacityBytes = capacityBytes
        self.refresh = refresh
        self.codeIdentity = codeIdentity
    }

    /// recbook's version, the identity of the running executable (`BuildIdentity`) and the kernels.
    public static var runningCode: String { RecbookVersion.current + "+" + BuildIdentity.current + "+" + BLASKernels.description }

    /// 4 GiB: a few hundred ML-1M-sized models.
    public static let defaultCapacity = 4 << 30
    /// The folder name, beside the notebook (git-ignore it).
    public static let defaultFolderName = ".recbook-cache"

    /// `.recbook-cache` in the notebook's folder.
    public static func defaultFolder(forNotebook path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return defaultFolderName }
        return String(path[..<slash]) + "/" + defaultFolderName
    }
}
