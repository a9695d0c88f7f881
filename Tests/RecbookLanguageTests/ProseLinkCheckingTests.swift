import Foundation
import Testing
import NotebookDocument
@testable import RecbookLanguage

@Suite struct ProseLinkCheckingTests {
    @Test func missingAndUninlinableTargetsAreLocatedWarnings() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recbook-links-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/figures", withIntermediateDirectories: true)
        try "not an image".write(toFile: folder + "/figures/fake.png", atomically: true, encoding: .utf8)
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).write(to: URL(fileURLWithPath: folder + "/figures/ok.png"))
        // A sparse file just over the cap.
        #expect(FileManager.default.createFile(atPath: folder + "/figures/huge.png", contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/figures/huge.png"))
        try handle.truncate(atOffset: UInt64(ProseImageType.maximumBytes + 1))
        try handle.close()
        let path = folder + "/notes.md"
        try """
            # Notes

            See [the guide](../docs/missing.md#intro) and [fine](figures/ok.png), [web](https://example.org), [here](#top).
            - é ![Plot](figures/plot%201.png)

            ![Fake](figures/fake.png) ![Huge](figures/huge.png) ![OK](figures/ok.png)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let warnings = ProseLinkChecker.warnings(for: try Notebook.parse(path: path)).map(\.headline)
        #expect(warnings == [
            "\(path):3:5: warning: link target '../docs/missing.md' does not exist (relative to the notebook); the link will not resolve in the reports",
            "\(path):4:5: warning: image 'figures/plot 1.png' does not exist (relative to the notebook); the reports will show it broken",
            "\(path):6:1: warning: image 'figures/fake.png' is not PNG, JPEG, GIF, WebP or SVG; the HTML report will not inline it",
            "\(path):6:27: warning: image 'figures/huge.png' is larger than 5 MB; the HTML report will not inline it",
        ])
    }
}
