import NotebookDocument
import RecbookLanguage
import RecbookRuntime

/// One fuzz input: a notebook checked exactly as `recbook check` does (NotebookFrontend.examine):
/// parse, prose-link warnings, then the checker with the standard command catalogue. Diagnostics
/// are expected outcomes; only a crash (or a sanitizer report) is a finding.
func fuzzCheck(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let notebook = try? NotebookParser.parse(path: "fuzz.md", source: source) else { return 0 }
    _ = ProseLinkChecker.warnings(for: notebook)
    _ = Checker.check(notebook, overrides: [], catalogue: .standard, allowsWritesOutsideOutput: false)
    return 0
}

