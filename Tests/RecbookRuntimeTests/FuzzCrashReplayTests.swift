import Foundation
import NotebookDocument
import RecbookLanguage
import RecbookRuntime
import RecommenderKit
import Testing

/// Replays every input in Fuzzing/Crashes/ (docs/fuzzing.md): inputs the fuzzer found crashing,
/// and the bad inputs known before it ran (`known-*`: notebooks that crashed, each an error;
/// ratings files that misread, such as a byte-order mark kept in the first id). Each once crashed recbook; each
/// must now be checked (or loaded) to the end, with diagnostics inside the file or a data error. Exact messages are asserted where each fix was made
/// (CheckerDiagnosticTests, ParserTests); this test is generic over the folder, so a crash input
/// added by `scripts/fuzz.sh` is replayed without editing it.
@Suite struct FuzzCrashReplayTests {
    /// The repository's Fuzzing/Crashes/<target> folder, found from this file's path.
    static func crashInputs(_ target: String) -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Fuzzing/Crashes/\(target)").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }

    /// What `recbook check` reports for `source` (NotebookFrontend.examine, without the printing).
    static func checkDiagnostics(_ source: String, path: String) -> [Diagnostic] {
        let notebook: Notebook
        do {
            notebook = try NotebookParser.parse(path: path, source: source)
        } catch {
            return error.diagnostics
        }
        let warnings = ProseLinkChecker.warnings(for: notebook)
        switch Checker.check(notebook, overrides: [], catalogue: .standard, allowsWritesOutsideOutput: false) {
        case .success: return warnings
        case .failure(let diagnostics): return warnings + diagnostics
        }
    }

    @Test func theKnownCrashingNotebooksAreInTheFolder() {
        let names = Self.crashInputs("check").map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(Set(names).isSuperset(of: [
            "known-empty-k.md", "known-users-int-max.md", "known-items-int-max.md", "known-per-user-1e19.md",
            "known-users-1e8.md", "known-users-222222222225.md", "known-nested-lists-10000.md",
        ]))
    }

    @Test(arguments: crashInputs("notebook") + crashInputs("check"))
    func everyCrashingNotebookNowChecksWithLocatedDiagnostics(path: String) throws {
        let source = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
        let diagnostics = Self.checkDiagnostics(source, path: path)
        // The inputs known before fuzzing are each wrong: each must be reported as an error.
        if URL(fileURLWithPath: path).lastPathComponent.hasPrefix("known-") {
            #expect(diagnostics.contains { $0.severity == .error })
        }
        let lineCount = source.split(separator: "\n", omittingEmptySubsequences: false).count
        for diagnostic in diagnostics {
            #expect(diagnostic.file == path)
            #expect((1...lineCount).contains(diagnostic.range.lowerBound.line))
        }
    }

    @Test func theKnownBadRatingsFilesAreInTheFolder() {
        let names = Self.crashInputs("ratings").map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(Set(names).isSuperset(of: [
            "known-bom-header.csv", "known-bom-first-id.tsv", "known-nul-in-row.tsv", "known-huge-rating.tsv", "known-header-only.csv",
        ]))
    }

    @Test(arguments: crashInputs("ratings"))
    func everyCrashingRatingsFileNowLoadsOrFailsWithADataError(path: String) throws {
        // The fuzz target's convention: the first byte picks the extension, the rest is the file.
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: path)))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recbook-replay-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/ratings" + ["", ".csv", ".tsv"][Int(bytes.first ?? 0) % 3]
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes.dropFirst())))
        do {
            let table = try DatasetLoader().loadRatings(file: file)
            // D14: a byte-order mark is not part of the first id (nor a header's first name).
            #expect(!table.rows.contains { $0.user.hasPrefix("\u{FEFF}") || $0.item.hasPrefix("\u{FEFF}") })
            #expect(table.rows.allSatisfy { $0.rating.isFinite })
        } catch let error as DataError {
            #expect(error.path == file)
        }
    }
}
