import Testing
@testable import RecommenderKit
#if canImport(Glibc)
import Glibc
#endif

// Shared fixtures for the evaluation tests: a recommender with a fixed score matrix,
// a tiny dataset builder, and a naive reference evaluator written from the textbook
// definitions (sort every candidate, read metrics off the sorted list).

/// A recommender that returns a fixed score matrix (rows = users).
struct FixedScores: Recommender {
    let rows: [[Float]]
    var userCount: Int { rows.count }
    var itemCount: Int { rows.first?.count ?? 0 }

    func scores(forUsers users: Range<Int>, into buffer: UnsafeMutableBufferPointer<Float>) {
        for (r, u) in users.enumerated() {
            for i in 0..<itemCount { buffer[r * itemCount + i] = rows[u][i] }
        }
    }
}

/// A dataset whose raw ids are the dense indices ("0", "1", ...).
func makeDataset(itemCount: Int, train: [[Int]], test: [[Int]]) -> Dataset {
    precondition(train.count == test.count)
    let users = IDMap(rawIDs: (0..<train.count).map(String.init))
    let items = IDMap(rawIDs: (0..<itemCount).map(String.init))
    func pairs(_ rows: [[Int]]) -> [(user: Int, item: Int)] {
        rows.enumerated().flatMap { u, row in row.map { (user: u, item: $0) } }
    }
    return Dataset(name: "fixture", users: users, items: items,
                   train: InteractionMatrix(userCount: train.count, itemCount: itemCount, pairs: pairs(train)),
                   test: InteractionMatrix(userCount: train.count, itemCount: itemCount, pairs: pairs(test)))
}

/// Reference metrics from a fully sorted candidate list (ties: non-relevant first, then item order).
func referenceMetrics(scores: [Float], train: Set<Int>, relevant: Set<Int>, key: MetricKey) -> Double {
    let candidates = scores.indices.filter { !train.contains($0) || relevant.contains($0) }
    let sorted = candidates.sorted { a, b in
        if scores[a] != scores[b] { return scores[a] > scores[b] }
        let ra = relevant.contains(a), rb = relevant.contains(b)
        if ra != rb { return !ra }
        return a < b
    }
    let isRelevant = sorted.map { relevant.contains($0) }
    let m = relevant.count, negatives = candidates.count - m
    switch key.metric {
    case .auc:
        var wins = 0
        for r in relevant { for n in candidates where !relevant.contains(n) && scores[r] > scores[n] { wins += 1 } }
        return negatives == 0 ? 1 : Double(wins) / Double(m * negatives)
    case .mrr:
        return 1 / Double(isRelevant.firstIndex(of: true)! + 1)
    default:
        let k = key.cutoff!
        let top = Array(isRelevant.prefix(k))
        let hits = top.filter { $0 }.count
        switch key.metric {
        case .hr: return hits > 0 ? 1 : 0
        case .precision: return Double(hits) / Double(k)
        case .recall: return Double(hits) / Double(m)
        case .ndcg:
            var dcg = 0.0, ideal = 0.0
            for (p, rel) in top.enumerated() where rel { dcg += 1 / log2(Double(p) + 2) }
            for p in 0..<min(m, k) { ideal += 1 / log2(Double(p) + 2) }
            return dcg / ideal
        case .map:
            var seen = 0, sum = 0.0
            for (p, rel) in top.enumerated() where rel {
                seen += 1
                sum += Double(seen) / Double(p + 1)
            }
            return sum / Double(min(m, k))
        default: preconditionFailure()
        }
    }
}

/// Random scores drawn from a few levels, so ties are common.
func tiedRandomScores(users: Int, items: Int, levels: Int, seed: UInt64) -> [[Float]] {
    var g = SeededGenerator(seed: seed)
    return (0..<users).map { _ in (0..<items).map { _ in Float(g.nextInt(below: levels)) / Float(levels) } }
}

/// Random disjoint-or-overlapping train/test rows.
func randomInteractions(users: Int, items: Int, trainPerUser: Int, testPerUser: ClosedRange<Int>, seed: UInt64) -> (train: [[Int]], test: [[Int]]) {
    var g = SeededGenerator(seed: seed)
    var train: [[Int]] = [], test: [[Int]] = []
    for _ in 0..<users {
        train.append((0..<trainPerUser).map { _ in g.nextInt(below: items) })
        let count = testPerUser.lowerBound + g.nextInt(below: testPerUser.count)
        test.append((0..<count).map { _ in g.nextInt(below: items) })
    }
    return (train, test)
}

@Test func fixedScoresWritesRequestedRowsOnly() {
    let fixture = FixedScores(rows: [[1, 2], [3, 4], [5, 6]])
    var buffer = [Float](repeating: -1, count: 6)
    buffer.withUnsafeMutableBufferPointer { fixture.scores(forUsers: 1..<3, into: $0) }
    #expect(buffer == [3, 4, 5, 6, -1, -1])
}
