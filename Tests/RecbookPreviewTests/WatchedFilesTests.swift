import Foundation
import Testing
import RecbookPreview

@Suite struct WatchedFilesTests {
    let folder: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recbook-watch-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    @Test func noticesAWriteARenameOverAndADeletion() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/nb.md"
        try "one".write(toFile: path, atomically: false, encoding: .utf8)
        var watched = WatchedFiles([path])
        #expect(watched.changes().isEmpty)

        try "two!".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(watched.changes() == [path])
        #expect(watched.changes().isEmpty)

        // Editors often save by writing a new file and renaming it over the old one: same size,
        // perhaps the same second, but a new inode.
        let inode = FileStamp.of(path).inode
        try "two?".write(toFile: folder + "/nb.md.tmp", atomically: false, encoding: .utf8)
        _ = rename(folder + "/nb.md.tmp", path)
        #expect(FileStamp.of(path).inode != inode)
        #expect(watched.changes() == [path])

        try FileManager.default.removeItem(atPath: path)
        #expect(watched.changes() == [path])
        #expect(watched.stamps[path] == .missing)
    }

    @Test func watchingNewPathsKeepsTheStampsOfOldOnes() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notebook = folder + "/nb.md", data = folder + "/data.tsv"
        try "nb".write(toFile: notebook, atomically: false, encoding: .utf8)
        var watched = WatchedFiles([notebook])
        try "nb changed".write(toFile: notebook, atomically: false, encoding: .utf8)
        watched.watch([notebook, data])
        // The notebook's change is still seen; the data file, missing, is watched for appearing.
        #expect(watched.changes() == [notebook])
        try "1\t2\n".write(toFile: data, atomically: false, encoding: .utf8)
        #expect(watched.changes() == [data])
        watched.watch([data])
        #expect(watched.paths == [data])
    }
}
