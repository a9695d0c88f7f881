import RecbookRuntime
#if canImport(Glibc)
import RecbookResults
import Glibc
#endif
import NotebookDocument
import RecbookLanguage
import RecbookFiles
@testable import RecbookRuntime

/// Parses, checks and runs a notebook given as text; fails the test on parse or check errors.
/// `output`, when given, is the run's output folder (where `export` writes).
func runNotebook(
    _ source: String, path: String = "test.md", seed: UInt64 = 7, threads: Int = 1, overrides: [String] = [], output: String? = nil
) throws -> RunResult {
    let notebook = try NotebookParser.parse(path: path, source: source)
    switch Checker.check(notebook, overrides: overrides, catalogue: .standard) {
    case .failure(let diagnostics):
        throw CheckFailed(headlines: diagnostics.map(\.headline))
    case .success(let program):
        let folder = try output.map { try OutputFolder($0) }
        return NotebookRunner(
            notebook: notebook, program: program, configuration: RunConfiguration(seed: seed, threads: threads, output: folder)
        ).run()
    }
}

struct CheckFailed: Error, CustomStringConvertible {
    var headlines: [String]
    var description: String { headlines.joined(separator: "\n") }
}

/// A small synthetic dataset, quick to train on in debug builds.
let tinyData = #"data = load synthetic users=40 items=60 per-user=10"#

/// A tiny BPR-MF training statement.
let tinyTrain = "bpr = train bprmf data factors=8 epochs=2 batch=32"

extension RunResult {
    /// All figures of a cell, by label.
    func figures(ofCell index: Int) -> [String: Double] {
        var out: [String: Double] = [:]
        for case .figures(let figures) in cells[index].outputs {
            for f in figures { out[f.label] = f.value }
        }
        return out
    }

    /// All text outputs of a cell, joined by newlines.
    func text(ofCell index: Int) -> String {
        cells[index].outputs.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined(separator: "\n")
    }

    func tables(ofCell index: Int) -> [Table] {
        cells[index].outputs.compactMap { if case .table(let t) = $0 { t } else { nil } }
    }
}

/// A fresh temporary directory.
func temporaryDirectory() -> String {
    var template = Array("/tmp/recbook-test-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

struct FileError: Error { var path: String }

func writeFile(_ path: String, _ text: String) throws {
    guard let file = fopen(path, "w") else { throw FileError(path: path) }
    fputs(text, file)
    fclose(file)
}

func readFile(_ path: String) throws -> String {
    guard let file = fopen(path, "r") else { throw FileError(path: path) }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n == 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}
