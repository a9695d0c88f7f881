#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a finished child process reported.
struct ChildOutcome {
    var exitStatus: Int32
    /// Peak resident set size of the child (ru_maxrss, in bytes).
    var peakResidentBytes: Double
}

/// Runs this executable again with `arguments` (stdout and stderr shared) and waits for it.
/// Each benchmark size runs in its own process so that its peak memory is its own.
func runSelf(_ arguments: [String]) throws -> ChildOutcome {
    let executable = "/proc/self/exe"
    let argv: [UnsafeMutablePointer<CChar>?] = (["recbook-bench"] + arguments).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, nil, nil, argv, environ)
    guard spawned == 0 else { throw BenchError("cannot start a child process: \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { throw BenchError("waiting for the child failed: \(String(cString: strerror(errno)))") }
    }
    // WIFEXITED / WEXITSTATUS, spelled out (the C macros are not imported).
    let exited = (status & 0x7f) == 0
    let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ChildOutcome(exitStatus: code, peakResidentBytes: Double(usage.ru_maxrss) * 1024)
}

/// Peak resident set size of this process so far, in bytes.
func selfPeakResidentBytes() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) * 1024
}
