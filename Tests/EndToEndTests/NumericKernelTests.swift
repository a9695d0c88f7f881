import Foundation
import Testing

/// Which OpenBLAS kernels a run computes with, and that its manifest says so.
struct NumericKernelTests {
    static let notebook = """
        # Kernels

        ```recbook
        data = load synthetic users=30 items=20 per-user=4 seed=1
        ```

        """

    private func manifestKernels(environment: [String: String?]) throws -> String? {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.notebook.write(toFile: folder + "/k.md", atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(["run", "k.md", "-o", "out", "--no-cache", "--quiet"], in: folder, environment: environment)
        #expect(run.status == 0, "\(run.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/k.json"))) as? [String: Any]
        let manifest = json?["manifest"] as? [String: Any]
        let markdown = try read(folder + "/out/k.md")
        let kernels = manifest?["numericKernels"] as? String
        if let kernels { #expect(markdown.contains("| Numeric kernels | \(kernels) |")) }
        return kernels
    }

    @Test func theUsersOpenBLASCoreTypeIsKeptAndNamedInTheManifest() throws {
        let kernels = try manifestKernels(environment: ["OPENBLAS_CORETYPE": "Prescott"])
        #expect(kernels?.hasPrefix("OpenBLAS ") == true)
        #expect(kernels?.hasSuffix(", Prescott kernels") == true)
    }

    @Test func withoutAChoiceAnAVX2MachineComputesWithHaswellKernels() throws {
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? []
        guard flags.contains("avx2"), flags.contains("fma") else {
            print("NumericKernelTests: this CPU lacks AVX2 or FMA, so OpenBLAS's own choice stands; not checked")
            return
        }
        let kernels = try manifestKernels(environment: ["OPENBLAS_CORETYPE": nil])
        #expect(kernels?.hasSuffix(", Haswell kernels") == true)
    }
}
