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
}
