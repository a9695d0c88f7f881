import NotebookDocument

/// One fuzz input: the bytes of a notebook file, parsed as `recbook check` reads it. Parse
/// errors are expected outcomes; only a crash (or a sanitizer report) is a finding.
func fuzzNotebook(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? NotebookParser.parse(path: "fuzz.md", source: source)
    return 0
}

