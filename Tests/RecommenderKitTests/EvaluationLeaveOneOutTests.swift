import Testing
@testable import RecommenderKit
#if canImport(Glibc)
import Glibc
#endif

// Leave-one-out metrics on a hand-computed score matrix (see docs/evaluation.md).
//   user 0: test 2 scores 0.7; item 0 (0.9) is a training item and is masked -> position 0
//   user 1: test 1 scores 0.4; item 2 ties at 0.4 and counts against the model -> position 1
//   user 2: test 0 scores 0.5; items 1, 2 score higher -> position 2, no negative below it
//   user 3: test 1 is also a training item: it stays a candidate; item 2 is masked -> position 0
//   user 4: a test item but no training rows -> skipped
//   user 5: training rows but no test item -> not a test user at all
private let scores: [[Float]] = [
    [0.9, 0.5, 0.7, 0.1, 0.3],
    [0.2, 0.4, 0.4, 0.8, 0.1],
    [0.5, 0.6, 0.7, 0.8, 0.9],
    [0.1, 0.9, 0.2, 0.3, 0.4],
    [0.1, 0.2, 0.3, 0.4, 0.5],
    [0.1, 0.2, 0.3, 0.4, 0.5],
]
private let dataset = makeDataset(
    itemCount: 5,
    train: [[0], [3], [4, 3], [1, 2], [], [0]],
    test: [[2], [1], [0], [1], [0], []])
private let all = EvaluationConfiguration(cutoffs: [3, 1, 2], metrics: Set(Metric.ranking))

@Test func evaluatedAndSkippedUsersAreCounted() {
    let result = Evaluator.evaluate(FixedScores(rows: scores), on: dataset, configuration: all)
    #expect(result.users == [0, 1, 2, 3])
    #expect(result.skippedUsers == [4])
    #expect(result.evaluatedUserCount == 4 && result.skippedUserCount == 1)
    #expect(result.cutoffs == [1, 2, 3])
}

@Test(arguments: [
    (Metric.hr, 1, [1.0, 0, 0, 1]),
    (.hr, 2, [1, 1, 0, 1]),
    (.hr, 3, [1, 1, 1, 1]),
    (.ndcg, 1, [1, 0, 0, 1]),
    (.ndcg, 2, [1, 1 / log2(3.0), 0, 1]),
    (.ndcg, 3, [1, 1 / log2(3.0), 0.5, 1]),
    (.recall, 2, [1, 1, 0, 1]),
    (.precision, 2, [0.5, 0.5, 0, 0.5]),
    (.map, 3, [1, 0.5, 1.0 / 3, 1]),
] as [(Metric, Int, [Double])])
func cutoffMetricsPerUser(metric: Metric, k: Int, expected: [Double]) {
    let result = Evaluator.evaluate(FixedScores(rows: scores), on: dataset, configuration: all)
    let values = result.perUser(metric, at: k)
    #expect(values.count == expected.count)
    for (v, e) in zip(values, expected) { #expect(abs(v - e) < 1e-12, "\(metric)@\(k): \(values)") }
    #expect(abs(result.mean(metric, at: k) - expected.reduce(0, +) / 4) < 1e-12)
}

@Test func aucAndMRRPerUser() {
    let result = Evaluator.evaluate(FixedScores(rows: scores), on: dataset, configuration: all)
    // AUC = 1 − position / #negatives: negatives are 3, 3, 2 and 3 items.
    #expect(result.perUser(.auc) == [1, 1 - 1.0 / 3, 0, 1])
    #expect(result.perUser(.mrr) == [1, 0.5, 1.0 / 3, 1])
    #expect(abs(result.mean(.auc) - (2 + 2.0 / 3) / 4) < 1e-15)
}

@Test func trainingItemAboveTestItemDoesNotCount() {
    // Same score row; only masking decides the position.
    let row: [[Float]] = [[0.9, 0.8, 0.7]]
    let masked = makeDataset(itemCount: 3, train: [[0, 1]], test: [[2]])
    let unmasked = makeDataset(itemCount: 3, train: [[1]], test: [[2]])
    let config = EvaluationConfiguration(cutoffs: [1], metrics: [.hr, .auc])
    #expect(Evaluator.evaluate(FixedScores(rows: row), on: masked, configuration: config).perUser(.hr, at: 1) == [1])
    let partly = Evaluator.evaluate(FixedScores(rows: row), on: unmasked, configuration: config)
    #expect(partly.perUser(.hr, at: 1) == [0])
    #expect(partly.perUser(.auc) == [0])
}

@Test func tieWithTestItemCountsAgainstTheModel() {
    let rows: [[Float]] = [[0.5, 0.5, 0.5, 0.1]]
    let data = makeDataset(itemCount: 4, train: [[3]], test: [[0]])
    let result = Evaluator.evaluate(FixedScores(rows: rows), on: data, configuration: all)
    // Items 1 and 2 tie with the test item: position 2 of 3 candidates.
    #expect(result.perUser(.hr, at: 2) == [0])
    #expect(result.perUser(.hr, at: 3) == [1])
    #expect(result.perUser(.auc) == [0])
}

@Test func nanTestScoreRanksLast() {
    let rows: [[Float]] = [[.nan, 0.2, 0.1, 0.3]]
    let data = makeDataset(itemCount: 4, train: [[3]], test: [[0]])
    let result = Evaluator.evaluate(FixedScores(rows: rows), on: data, configuration: all)
    #expect(result.perUser(.mrr) == [1.0 / 3])
    #expect(result.perUser(.auc) == [0])
}

@Test func severalCutoffsInOnePassEqualSeparatePasses() {
    let rows = tiedRandomScores(users: 23, items: 40, levels: 7, seed: 11)
    let (train, test) = randomInteractions(users: 23, items: 40, trainPerUser: 6, testPerUser: 1...3, seed: 12)
    let data = makeDataset(itemCount: 40, train: train, test: test)
    let metrics = Set(Metric.ranking)
    let together = Evaluator.evaluate(FixedScores(rows: rows), on: data, configuration: .init(cutoffs: [1, 5, 20], metrics: metrics))
    for k in [1, 5, 20] {
        let alone = Evaluator.evaluate(FixedScores(rows: rows), on: data, configuration: .init(cutoffs: [k], metrics: metrics))
        for metric in Metric.ranking where metric.usesCutoff {
            #expect(together.perUser(metric, at: k) == alone.perUser(metric, at: k), "\(metric)@\(k)")
        }
    }
    #expect(together.keys.map(\.description) == [
        "HR@1", "HR@5", "HR@20", "nDCG@1", "nDCG@5", "nDCG@20", "AUC",
        "Precision@1", "Precision@5", "Precision@20", "Recall@1", "Recall@5", "Recall@20",
        "MRR", "MAP@1", "MAP@5", "MAP@20",
    ])
}

@Test func onlyRequestedMetricsAreComputed() {
    let result = Evaluator.evaluate(FixedScores(rows: scores), on: dataset, configuration: .init(cutoffs: [2], metrics: [.ndcg]))
    #expect(result.contains(.ndcg, at: 2))
    #expect(!result.contains(.ndcg, at: 3))
    #expect(!result.contains(.hr, at: 2))
    #expect(!result.contains(.auc))
}

@Test func noEvaluableUserGivesNaNMeans() {
    let data = makeDataset(itemCount: 2, train: [[]], test: [[1]])
    let result = Evaluator.evaluate(FixedScores(rows: [[0.1, 0.2]]), on: data)
    #expect(result.users.isEmpty && result.skippedUsers == [0])
    #expect(result.mean(.hr, at: 100).isNaN)
}
