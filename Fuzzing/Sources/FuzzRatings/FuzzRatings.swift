#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecommenderKit

/// The loader reads files (windows of a file, in parallel pieces), so each input is written to a
/// temporary file and loaded through the same public call `load "file"` makes. The first byte
/// picks the extension, which picks the delimiter rule: `.csv`, `.tsv` or none (sniffed).
let folder: String = {
    var template = Array("/tmp/recbook-fuzz-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { fatalError("cannot make a temporary folder") }
    return String(cString: made)
}()

func fuzzRatings(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    guard size > 0, size <= 1 << 16 else { return 0 }
    let path = folder + "/ratings" + ["", ".csv", ".tsv"][Int(data[0]) % 3]
    guard let file = fopen(path, "wb") else { return 0 }
    _ = fwrite(data + 1, 1, size - 1, file)
    fclose(file)
    _ = try? DatasetLoader().loadRatings(file: path)
    return 0
}

