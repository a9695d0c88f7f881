import COpenBLAS
import Foundation
import Testing
@testable import RecommenderKit

/// The OpenBLAS kernel choice (`BLASKernels`): Haswell wherever the CPU allows, unless the user chose.
struct BLASKernelsTests {
    let avx2Machine: Set<String> = ["sse3", "avx", "avx2", "fma", "avx512f"]

    @Test func theSSE3FallbackIsReplacedByHaswellOnAnAVX2Machine() {
        #expect(BLASKernels.coreToRequest(loaded: "Prescott", cpuFlags: avx2Machine, userChoice: nil) == "Haswell")
    }

    @Test func otherDetectedSetsAreReplacedTooSoEveryMachineRoundsAlike() {
        #expect(BLASKernels.coreToRequest(loaded: "SkylakeX", cpuFlags: avx2Machine, userChoice: nil) == "Haswell")
        #expect(BLASKernels.coreToRequest(loaded: "Zen", cpuFlags: avx2Machine, userChoice: nil) == "Haswell")
    }

    @Test func haswellIsKeptWithoutReexecuting() {
        #expect(BLASKernels.coreToRequest(loaded: "Haswell", cpuFlags: avx2Machine, userChoice: nil) == nil)
    }

    @Test func aCPUWithoutAVX2OrFMAKeepsWhatOpenBLASChose() {
        #expect(BLASKernels.coreToRequest(loaded: "Prescott", cpuFlags: ["sse3", "avx"], userChoice: nil) == nil)
        #expect(BLASKernels.coreToRequest(loaded: "Prescott", cpuFlags: ["sse3", "avx", "avx2"], userChoice: nil) == nil)
    }

    @Test func theUsersOwnCoreTypeAlwaysWins() {
        #expect(BLASKernels.coreToRequest(loaded: "Prescott", cpuFlags: avx2Machine, userChoice: "Prescott") == nil)
        #expect(BLASKernels.coreToRequest(loaded: "Prescott", cpuFlags: avx2Machine, userChoice: "SkylakeX") == nil)
        #expect(BLASKernels.coreToRequest(loaded: "Prescott", cpuFlags: avx2Machine, userChoice: "") == "Haswell")
    }

    #if os(Linux)
    /// Whether a fresh process of this test run starts OpenBLAS helpers to stop: only a pthread
    /// build has them (`openblas_get_parallel` 1), not on one core, nor when the environment
    /// asks for one thread (OpenBLAS reads these three variables; the first positive one wins).
    static let freshProcessesStartAPool = openblas_get_parallel() == 1 && ProcessInfo.processInfo.activeProcessorCount > 1
        && ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"]
            .lazy.compactMap { ProcessInfo.processInfo.environment[$0].flatMap { Int($0) } }.first { $0 > 0 }.map { $0 != 1 } ?? true

    /// In a fresh process, where OpenBLAS has just started its pool (one helper per core but
    /// one): stopping it ends exactly those threads and tells child processes to start none;
    /// asking for one thread again, as the scoring and the baselines do on first use, does not
    /// start it again (OpenBLAS restarts a stopped pool on any `openblas_set_num_threads`), and
    /// products large enough to be split still compute, on the calling thread.
    @Test(.enabled(if: freshProcessesStartAPool, "needs OpenBLAS's threaded build, free to use two cores"))
    func stoppingThePoolEndsItsHelpersForGood() async {
        await #expect(processExitsWith: .success) {
            func threadCount() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? -1 }
            /// The thread count once it settles at `expected` (an ended thread can linger in
            /// /proc for a moment), or where it stood after half a second.
            func threadCount(settlingAt expected: Int) -> Int {
                for _ in 0..<50 where threadCount() != expected { usleep(10_000) }
                return threadCount()
            }
            let helpers = Int(openblas_get_num_threads()) - 1
            guard helpers > 0 else { exit(3) }
            let before = threadCount()
            BLASKernels.stopThreadPool()
            let stopped = before - helpers
            guard threadCount(settlingAt: stopped) == stopped, getenv("OPENBLAS_NUM_THREADS").map({ String(cString: $0) }) == "1" else { exit(1) }
            BLASKernels.useOneThread()
            // A · I = A for a 256 × 256 A: big enough that OpenBLAS splits it when it has threads.
            let n = 256
            let a = (0..<(n * n)).map { Float($0 % 17) }
            var identity = [Float](repeating: 0, count: n * n)
            for i in 0..<n { identity[i * n + i] = 1 }
            var c = [Float](repeating: -1, count: n * n)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, a, Int32(n), identity, Int32(n), 0, &c, Int32(n))
            guard c == a else { exit(2) }
            usleep(50_000)
            exit(threadCount() == stopped ? 0 : 4)
        }
    }

    /// A process that has re-executed itself for the kernels starts its children with what it
    /// loaded, so `run --plan` (which re-executes) and `run`'s worker agree.
    @Test(.enabled(if: BLASKernels.coreForChildren() != nil, "needs a CPU whose kernels recbook would change"))
    func aReexecutedProcessAsksNothingForItsChildren() async {
        await #expect(processExitsWith: .success) {
            setenv("RECBOOK_BLAS_CORE_CHOSEN", "1", 1)
            exit(BLASKernels.coreForChildren() == nil ? 0 : 1)
        }
    }
    #endif
}
