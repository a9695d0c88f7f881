import RecbookRuntime
import Testing
#if canImport(Glibc)
import Glibc
#endif
import RecbookResults
import RecbookFiles
@testable import RecbookReports

@Suite struct ReportWriterTests {
    @Test func writesEveryFormatAtomically() throws {
        // Set RECBOOK_REPORT_SAMPLE_DIR to keep the sample reports for a look in a browser.
        let keep = getenv("RECBOOK_REPORT_SAMPLE_DIR").map { String(cString: $0) }
        let folder = keep ?? "/tmp/recbook-report-writer-\(getpid())-\(UInt32.random(in: 0...UInt32.max))/out"
        defer { if keep == nil { removeTree(String(folder.dropLast(4))) } }

        let writer = try ReportWriter(outputDirectory: folder, name: ReportWriter.defaultName(forNotebookPath: "docs/tutorial.md"), catalogue: .standard)
        let written = try writer.write(notebook: try SampleRun.notebook(), result: SampleRun.result(), formats: [.json, .md, .html])
        #expect(written == [
            "\(folder)/tutorial.html", "\(folder)/tutorial.md",
            "\(folder)/tutorial_files/chart-1.svg", "\(folder)/tutorial_files/chart-2.svg",
            "\(folder)/tutorial.json",
        ])
        // The reports, and the folder's lock and record of what recbook wrote; no temporary files.
        #expect(listFolder(folder).sorted() == [".recbook-files", ".recbook.lock", "tutorial.html", "tutorial.json", "tutorial.md", "tutorial_files"])
        #expect(readText(folder + "/.recbook-files") == "tutorial.html\ntutorial.json\ntutorial.md\ntutorial_files/chart-1.svg\ntutorial_files/chart-2.svg\n")
        #expect(listFolder(folder + "/tutorial_files").sorted() == ["chart-1.svg", "chart-2.svg"])
        let svg = try #require(readText(folder + "/tutorial_files/chart-1.svg"))
        #expect(svg.contains("<title id=\"chart-1-title\">Training loss</title>"))
        #expect(try #require(readText(folder + "/tutorial.html")).hasPrefix("<!DOCTYPE html>"))
    }

    @Test func writesOnlyRequestedFormats() throws {
        let folder = "/tmp/recbook-report-writer-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { removeTree(folder) }
        let written = try ReportWriter(outputDirectory: folder + "/", name: "nb", catalogue: .standard)
            .write(notebook: try SampleRun.notebook(), result: SampleRun.result(), formats: [.json])
        #expect(written == ["\(folder)/nb.json"])
        #expect(listFolder(folder).filter { !$0.hasPrefix(".") } == ["nb.json"])
    }

    @Test func unwritableFolderIsAnErrorBeforeAnythingIsWritten() throws {
        let error = try #require(throws: OutputFolder.Failure.self) {
            try OutputFolder("/proc/recbook-cannot-write-here")
        }
        #expect(error.message.hasPrefix("cannot create the output folder: cannot write /proc/recbook-cannot-write-here: "))
        let empty = try #require(throws: OutputFolder.Failure.self) { try OutputFolder("") }
        #expect(empty.message == "the output folder is an empty path; give a folder, e.g. -o Output")
    }

    @Test func defaultNames() {
        #expect(ReportWriter.defaultName(forNotebookPath: "a/b/tutorial.md") == "tutorial")
        #expect(ReportWriter.defaultName(forNotebookPath: "notes") == "notes")
        #expect(ReportWriter.defaultName(forNotebookPath: "x.y.md") == "x.y")
    }
}

func listFolder(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

func readText(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n == 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
}

func removeTree(_ path: String) {
    for name in listFolder(path) {
        let child = path + "/" + name
        var info = stat()
        if lstat(child, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { removeTree(child) } else { unlink(child) }
    }
    rmdir(path)
}
