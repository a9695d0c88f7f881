import Testing
@testable import RecommenderKit
#if canImport(Glibc)
import Glibc
#endif

// Several test items per user. Hand-computed example:
//   scores  0:0.8 1:0.1 2:0.9 3:0.5 4:0.5 5:0.3 6:0.7 7:0.2, training {2}, relevant {1, 3, 6}
//   ranking 0, 6*, 4, 3*, 5, 7, 1*   (item 4 ties with relevant item 3 and goes first)
//   relevant ranks (0-based) 1, 3, 6; negatives {0, 4, 5, 7}
private let rows: [[Float]] = [[0.8, 0.1, 0.9, 0.5, 0.5, 0.3, 0.7, 0.2]]
private let data = makeDataset(itemCount: 8, train: [[2]], test: [[3, 6, 1]])

@Test(arguments: [
    (MetricKey(.hr, cutoff: 1), 0.0),
    (MetricKey(.hr, cutoff: 2), 1),
    (MetricKey(.precision, cutoff: 2), 0.5),
    (MetricKey(.precision, cutoff: 4), 0.5),
    (MetricKey(.recall, cutoff: 4), 2.0 / 3),
    (MetricKey(.recall, cutoff: 7), 1),
    (MetricKey(.ndcg, cutoff: 4), (1 / log2(3.0) + 1 / log2(5.0)) / (1 + 1 / log2(3.0) + 0.5)),
    (MetricKey(.ndcg, cutoff: 1), 0),
    (MetricKey(.map, cutoff: 4), (1.0 / 2 + 2.0 / 4) / 3),
    (MetricKey(.map, cutoff: 2), (1.0 / 2) / 2),
    (MetricKey(.map, cutoff: 7), (1.0 / 2 + 2.0 / 4 + 3.0 / 7) / 3),
    (MetricKey(.mrr), 0.5),
    // Wrongly ordered (relevant, negative) pairs: 1 + 2 + 4 of 3 × 4.
    (MetricKey(.auc), 1 - 7.0 / 12),
] as [(MetricKey, Double)])
func multiItemMetricsByHand(key: MetricKey, expected: Double) {
    let config = EvaluationConfiguration(cutoffs: [1, 2, 4, 7], metrics: Set(Metric.ranking))
    let result = Evaluator.evaluate(FixedScores(rows: rows), on: data, configuration: config)
    let value = result.perUser(key.metric, at: key.cutoff)[0]
    #expect(abs(value - expected) < 1e-12, "\(key) = \(value)")
}

@Test func relevantItemsTiedWithEachOtherTakeItemOrder() {
    // Negative item 1 goes first, then relevant 0, then relevant 2: ranks 1 and 2.
    let tied: [[Float]] = [[0.5, 0.5, 0.5, 0.1]]
    let d = makeDataset(itemCount: 4, train: [[3]], test: [[0, 2]])
    var row = tied[0]
    let ranks = row.withUnsafeMutableBufferPointer {
        RelevantRanks(row: $0, training: d.train.items(of: 0), relevant: d.test.items(of: 0))
    }
    #expect(ranks.ranks == [1, 2])
    #expect(ranks.negativeCount == 1)
    let result = Evaluator.evaluate(FixedScores(rows: tied), on: d, configuration: .init(cutoffs: [2], metrics: [.auc, .mrr, .precision]))
    #expect(result.perUser(.auc) == [0])
    #expect(result.perUser(.mrr) == [0.5])
    #expect(result.perUser(.precision, at: 2) == [0.5])
}

@Test func maskingLeavesNegativesAndMarksTrainingAndRelevantEntries() {
    var row: [Float] = [0.8, 0.1, 0.9, 0.5, 0.5, 0.3, 0.7, 0.2]
    let ranks = row.withUnsafeMutableBufferPointer {
        RelevantRanks(row: $0, training: data.train.items(of: 0), relevant: data.test.items(of: 0))
    }
    #expect(ranks.ranks == [1, 3, 6])
    #expect(ranks.negativeCount == 4)
    #expect(row.indices.filter { row[$0].isNaN } == [1, 2, 3, 6])
}

@Test(arguments: [UInt64(1), 2, 3])
func evaluatorMatchesSortedReference(seed: UInt64) {
    // Random tied scores, 1–4 test items per user (some also in training).
    let users = 17, items = 29
    let scores = tiedRandomScores(users: users, items: items, levels: 5, seed: seed)
    let (train, test) = randomInteractions(users: users, items: items, trainPerUser: 5, testPerUser: 1...4, seed: seed &+ 100)
    let d = makeDataset(itemCount: items, train: train, test: test)
    let config = EvaluationConfiguration(cutoffs: [1, 3, 10, 50], metrics: Set(Metric.ranking))
    let result = Evaluator.evaluate(FixedScores(rows: scores), on: d, configuration: config)
    #expect(result.users.count == users)
    for key in config.keys {
        let values = result.perUser(key.metric, at: key.cutoff)
        for (position, u) in result.users.enumerated() {
            let expected = referenceMetrics(scores: scores[u], train: Set(train[u]), relevant: Set(test[u]), key: key)
            #expect(abs(values[position] - expected) < 1e-12, "user \(u) \(key): \(values[position]) vs \(expected)")
        }
    }
}

@Test func singleTestItemMultiItemDefinitionsEqualLeaveOneOut() {
    // Seed formulas written out: position = other candidates scoring ≥ the test item.
    let users = 25, items = 31
    let scores = tiedRandomScores(users: users, items: items, levels: 6, seed: 9)
    let (train, test) = randomInteractions(users: users, items: items, trainPerUser: 4, testPerUser: 1...1, seed: 10)
    let d = makeDataset(itemCount: items, train: train, test: test)
    let result = Evaluator.evaluate(FixedScores(rows: scores), on: d, configuration: .init(cutoffs: [1, 5, 10], metrics: Set(Metric.ranking)))
    for (position, u) in result.users.enumerated() {
        let t = test[u][0]
        let negatives = (0..<items).filter { !train[u].contains($0) && $0 != t }
        let p = negatives.filter { scores[u][$0] >= scores[u][t] }.count
        #expect(result.perUser(.auc)[position] == 1 - Double(p) / Double(negatives.count))
        #expect(result.perUser(.mrr)[position] == 1 / Double(p + 1))
        for k in [1, 5, 10] {
            let hit = p < k
            #expect(result.perUser(.hr, at: k)[position] == (hit ? 1 : 0))
            #expect(result.perUser(.recall, at: k)[position] == (hit ? 1 : 0))
            #expect(result.perUser(.ndcg, at: k)[position] == (hit ? 1 / log2(Double(p + 2)) : 0))
            #expect(result.perUser(.map, at: k)[position] == (hit ? 1 / Double(p + 1) : 0))
        }
    }
    // The general several-item path gives the same ranks as the one-item fast path.
    for u in 0..<users {
        var row = scores[u]
        let fast = row.withUnsafeMutableBufferPointer {
            RelevantRanks(row: $0, training: d.train.items(of: u), relevant: d.test.items(of: u))
        }
        let general = row.withUnsafeBufferPointer {
            RelevantRanks.rankMany([scores[u][test[u][0]]], row: $0, negativeCount: fast.negativeCount)
        }
        #expect(general == fast.ranks)
    }
}

@Test func simdCountMatchesScalarCount() {
    var g = SeededGenerator(seed: 5)
    for n in [0, 1, 7, 8, 9, 31, 64, 100] {
        var row = (0..<n).map { _ in Float(g.nextInt(below: 4)) }
        if n > 3 { row[2] = .nan }
        let expected = row.filter { $0 >= 2 }.count
        #expect(row.withUnsafeBufferPointer { countAtLeast(2, in: $0) } == expected, "n = \(n)")
    }
}
