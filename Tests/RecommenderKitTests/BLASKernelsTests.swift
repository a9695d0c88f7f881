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
    /// In a fresh process, where OpenBLAS has just started its pool (one helper per core but
    /// one, unless the environment says otherwise): stopping it ends exactly those threads,
    /// tells child processes to start none, and one-thread products still compute.
    @Test func stoppingThePoolEndsItsHelpersAndProductsStillCompute() async {
        await #expect(processExitsWith: .success) {
            func threadCount() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? -1 }
            let helpers = Int(openblas_get_num_threads()) - 1
            let before = threadCount()
            BLASKernels.stopThreadPool()
            guard threadCount() == before - helpers, getenv("OPENBLAS_NUM_THREADS").map({ String(cString: $0) }) == "1" else { exit(1) }
            // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
            let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
            var c = [Float](repeating: 0, count: 4)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1, a, 2, b, 2, 0, &c, 2)
            exit(c == [19, 22, 43, 50] ? 0 : 2)
        }
    }
    #endif
}
