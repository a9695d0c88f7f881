import RecbookFiles
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import RecommenderKit

/// A fresh empty folder under /tmp for one test.
func makeTemporaryFolder() -> String {
    var template = Array("/tmp/recbook-data-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(made != nil, "mkdtemp failed")
    return String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
}

/// Writes `text` to `folder/name` and returns the path.
@discardableResult
func writeFile(_ folder: String, _ name: String, _ text: String) throws -> String {
    let path = folder + "/" + name
    try AtomicFile.write(text, to: path)
    return path
}

/// The seed's MovieLens-500 folder next to the repository, when present.
let movieLens500Folder: String = {
    let testFile = #filePath
    var parts = testFile.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/RecommenderKitTests/<file>
    return parts.joined(separator: "/") + "/../shared/data/movielens-500"
}()

let movieLens500Available = DatasetLoader.isECIRFolder(movieLens500Folder)
let movieLens500Absent = Comment(rawValue: "skipped: \(movieLens500Folder) is absent (the seed's MovieLens-500 data is not shipped with recbook)")

/// Raw (user, item) pairs of a matrix, for readable expectations.
func rawPairs(_ matrix: InteractionMatrix, _ dataset: Dataset) -> [String] {
    matrix.pairs.map { "\(dataset.users.rawID(of: $0.user))-\(dataset.items.rawID(of: $0.item))" }
}
