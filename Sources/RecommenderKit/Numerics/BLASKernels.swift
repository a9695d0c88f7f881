import COpenBLAS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which of OpenBLAS's kernel sets a process uses.
///
/// Debian's OpenBLAS (0.3.21, built with `DYNAMIC_ARCH`) picks its kernels from the CPU model
/// when the library loads, and the pick varies between machines of one kind: on a Xeon with
/// AVX-512 it fell back to *Prescott*, SSE3 kernels that made EASE's Cholesky inverse 2.5× slower,
/// while on an AMD EPYC it chose *Haswell*. Kernel sets round differently, so recbook asks for the
/// Haswell kernels (AVX2 and FMA) on every CPU that has them: the same notebook then computes the
/// same bits on either machine, and never with the slow fallback. The choice can only be made
/// before the library loads, through `OPENBLAS_CORETYPE`, so a process about to compute
/// re-executes itself once when another set was loaded (`ensurePreferredCore`: `recbook preview`,
/// `recbook-bench`, a `recbook run` that cannot start a worker), and `recbook run` starts its
/// worker with the variable set (`coreForChildren`). Commands that do not compute keep what loaded. A user's own
/// `OPENBLAS_CORETYPE` always wins.
public enum BLASKernels {
    /// The kernel set recbook asks for on CPUs that have AVX2 and FMA.
    public static let preferredCore = "Haswell"

    /// The kernels OpenBLAS loaded in this process.
    public static var currentCore: String { String(cString: openblas_get_corename()) }

    /// "OpenBLAS 0.3.21, Haswell kernels": for run manifests, since the kernels decide rounding.
    public static var description: String {
        let version = String(cString: openblas_get_config()).split(separator: " ").prefix(2).joined(separator: " ")
        return "\(version), \(currentCore) kernels"
    }

    /// The core to ask for, or nil to keep the loaded one: Haswell, when another set is loaded,
    /// the CPU has AVX2 and FMA, and the user has not chosen (an empty variable is no choice).
    public static func coreToRequest(loaded: String, cpuFlags: Set<String>, userChoice: String?) -> String? {
        guard userChoice?.isEmpty ?? true, loaded.lowercased() != preferredCore.lowercased(),
            cpuFlags.isSuperset(of: ["avx2", "fma"])
        else { return nil }
        return preferredCore
    }

    /// Stops the thread pool OpenBLAS starts when it loads, and keeps the processes this one
    /// starts (a re-execution, the run's worker) from starting theirs.
    ///
    /// recbook computes on one OpenBLAS thread (parallelism comes from `ComputeContext`), but
    /// the library starts one helper per core but one before `main` runs, and each helper spins,
    /// calling `sched_yield`, for about 2²⁸ cycles before it sleeps: some 0.1 s of a core in
    /// every process, taken from the run's own threads on a two-core machine (3,392 yields and
    /// 77,150 context switches in one short run; docs/performance.md, "Families").
    public static func stopThreadPool() {
        setenv(threadCountVariable, "1", 1)
        useOneThread()
        #if os(Linux)
        // Only OpenBLAS's pthread build has a pool to stop (Debian's default).
        _ = recbook_blas_thread_shutdown()
        #endif
    }

    /// Makes OpenBLAS compute on the calling thread alone. Asks only when it uses more: asking
    /// again would start the pool that `stopThreadPool` stopped.
    public static func useOneThread() {
        if openblas_get_num_threads() != 1 { openblas_set_num_threads(1) }
    }

    static let threadCountVariable = "OPENBLAS_NUM_THREADS"

    /// Set once the process has re-executed itself, so it never loops.
    static let reexecutedMarker = "RECBOOK_BLAS_CORE_CHOSEN"

    /// Re-executes the running program with `OPENBLAS_CORETYPE=Haswell` when `coreToRequest`
    /// says so, before it computes anything (so before OpenBLAS is first called); returns when
    /// nothing is to be done or the re-execution is impossible (the process then keeps the
    /// kernels it has).
    public static func ensurePreferredCore() {
        #if os(Linux) && arch(x86_64)
        guard let core = coreForChildren() else { return }
        setenv(coreTypeVariable, core, 1)
        setenv(reexecutedMarker, "1", 1)
        let arguments = CommandLine.unsafeArgv
        execv("/proc/self/exe", arguments)
        // execv returns only on failure: carry on with the loaded kernels.
        unsetenv(coreTypeVariable)
        #endif
    }

    /// The `OPENBLAS_CORETYPE` a process started from this one should have so that it loads
    /// the preferred kernels without re-executing itself (`coreToRequest` for this process and
    /// CPU); nil when nothing needs setting, and in a process that has re-executed already
    /// (whose children then load what it loaded, so every process of a run computes alike).
    public static func coreForChildren() -> String? {
        #if os(Linux) && arch(x86_64)
        guard getenv(reexecutedMarker) == nil, let flags = cpuFlags() else { return nil }
        return coreToRequest(loaded: currentCore, cpuFlags: flags, userChoice: getenv(coreTypeVariable).map { String(cString: $0) })
        #else
        return nil
        #endif
    }

    public static let coreTypeVariable = "OPENBLAS_CORETYPE"

    /// The CPU's feature flags as the kernel reports them (`/proc/cpuinfo`), or nil when
    /// unreadable; read once (the start-up checks ask twice).
    public static func cpuFlags() -> Set<String>? { cpuFlagsRead }

    private static let cpuFlagsRead: Set<String>? = readCPUFlags()

    private static func readCPUFlags() -> Set<String>? {
        #if os(Linux)
        guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            guard text.hasPrefix("flags") else { continue }
            return Set(text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init))
        }
        #endif
        return nil
    }
}
