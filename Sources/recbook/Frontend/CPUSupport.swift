#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecommenderKit

/// The release build's numeric core uses x86-64-v3 instructions (AVX2, FMA, …; see
/// Package.swift). Running it on an older CPU would crash with an illegal instruction
/// somewhere in training, so the front end checks first and says how to rebuild.
enum CPUSupport {
    /// The `/proc/cpuinfo` flags x86-64-v3 code may use.
    static let requiredFlags = ["avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "movbe", "abm"]

    /// The missing flags, or nil when they cannot be read (then nothing is claimed).
    static func missingFlags() -> [String]? {
        guard let flags = BLASKernels.cpuFlags() else { return nil }
        return requiredFlags.filter { !flags.contains($0) }
    }

    /// Exits with a clear message when this build cannot run on this CPU.
    static func checkOrExit() {
        #if RECBOOK_REQUIRES_X86_64_V3
        guard let missing = missingFlags(), !missing.isEmpty else { return }
        Terminal().write("""
            recbook: this build uses x86-64-v3 instructions (AVX2, FMA), but this CPU lacks \(missing.joined(separator: ", ")).
            Rebuild for any x86-64 CPU with:  RECBOOK_TARGET_CPU=x86-64 swift build -c release

            """)
        exit(RecbookExit.unsupportedCPU.rawValue)
        #endif
    }
}
