import Testing
@testable import RecommenderKit
#if canImport(Glibc)
import Glibc
#endif

// Item 1 is a training item; items 0 and 2 tie; item 4 scores NaN.
private let rows: [[Float]] = [
    [0.5, 0.9, 0.5, 0.7, .nan],
    [0.1, 0.2, 0.3, 0.4, 0.5],
    [1.0, 1.0, 1.0, 1.0, 1.0],
]
private let data = makeDataset(itemCount: 5, train: [[1], [4], []], test: [[0], [0], [0]])

@Test func topNOrdersByScoreThenItemAndExcludesTraining() {
    let lists = topN(FixedScores(rows: rows), dataset: data, n: 3)
    #expect(lists[0] == [RankedItem(item: 3, score: 0.7), RankedItem(item: 0, score: 0.5), RankedItem(item: 2, score: 0.5)])
    #expect(lists[1].map(\.item) == [3, 2, 1])
    #expect(lists[2].map(\.item) == [0, 1, 2])
}

@Test func topNCanKeepTrainingItems() {
    let lists = topN(FixedScores(rows: rows), dataset: data, n: 2, excludeTraining: false)
    #expect(lists[0].map(\.item) == [1, 3])
    #expect(lists[1].map(\.item) == [4, 3])
}

@Test func topNListsAreShorterWhenFewItemsQualify() {
    // User 0 has 5 items: one in training, one NaN.
    let lists = topN(FixedScores(rows: rows), dataset: data, users: [0], n: 10)
    #expect(lists[0].map(\.item) == [3, 0, 2])
    #expect(topN(FixedScores(rows: rows), dataset: data, n: 0).allSatisfy { $0.isEmpty })
}

@Test func topNFollowsTheRequestedUserOrder() {
    let lists = topN(FixedScores(rows: rows), dataset: data, users: [2, 0, 2], n: 1)
    #expect(lists.map { $0.map(\.item) } == [[0], [3], [0]])
}

@Test(arguments: [1, 2, 3])
func topNMatchesFullSortForAnyThreadCount(threads: Int) {
    let scores = tiedRandomScores(users: 19, items: 300, levels: 40, seed: 8)
    let (train, test) = randomInteractions(users: 19, items: 300, trainPerUser: 30, testPerUser: 1...1, seed: 9)
    let d = makeDataset(itemCount: 300, train: train, test: test)
    let lists = topN(FixedScores(rows: scores), dataset: d, n: 25, context: ComputeContext(threads: threads))
    for u in 0..<19 {
        let expected = (0..<300).filter { !train[u].contains($0) }
            .sorted { scores[u][$0] != scores[u][$1] ? scores[u][$0] > scores[u][$1] : $0 < $1 }
            .prefix(25)
        #expect(lists[u].map(\.item) == Array(expected), "user \(u)")
    }
}

@Test func topNTSVUsesRawIDs() throws {
    let users = IDMap(rawIDs: ["7", "42"])
    let items = IDMap(rawIDs: ["100", "200", "300"])
    let empty = InteractionMatrix(userCount: 2, itemCount: 3, pairs: [])
    let d = Dataset(name: "ids", users: users, items: items, train: InteractionMatrix(userCount: 2, itemCount: 3, pairs: [(1, 0)]), test: empty)
    let model = FixedScores(rows: [[0.25, 0.5, 0.125], [3, 2, 1]])
    let lists = topN(model, dataset: d, n: 2)
    let path = "/tmp/recbook-topn-\(getpid()).tsv"
    defer { unlink(path) }
    try writeTopNTSV(lists, users: [0, 1], dataset: d, to: path)
    let text = try #require(readText(path))
    #expect(text == "7\t200\t0.5\n7\t100\t0.25\n42\t200\t2.0\n42\t300\t1.0\n")
}

func readText(_ path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n == 0 { break }
        bytes += chunk[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}
