import Testing
@testable import RecommenderKit
#if canImport(Glibc)
import Glibc
#endif

// One user, hand-computed. Scores: item 0: 0.9, items 1–4: 0.5, item 5: 0.1, item 6: 1.0
// (training, masked). Relevant {1, 2}; negatives {0, 3, 4, 5}, n = 4.
// The tie group at 0.5 holds g = 2 relevant and t = 2 negative items after S = 1 candidate
// (item 0): positions 1…4, N = 4.
//   pessimistic: ranks 3, 4      optimistic: ranks 1, 2
//   expected: the relevant pair is one of the C(4,2) = 6 subsets of positions {1,2,3,4}.
private let tieRows: [[Float]] = [[0.9, 0.5, 0.5, 0.5, 0.5, 0.1, 1.0]]
private let tieData = makeDataset(itemCount: 7, train: [[6]], test: [[1, 2]])

private func value(_ key: MetricKey, _ ties: TiePolicy) -> Double {
    let config = EvaluationConfiguration(cutoffs: [2, 3, 4], metrics: Set(Metric.ranking), ties: ties)
    return Evaluator.evaluate(FixedScores(rows: tieRows), on: tieData, configuration: config).perUser(key.metric, at: key.cutoff)[0]
}

@Test(arguments: [
    // HR@2: a hit needs position 1. Pessimistic 0; optimistic 1; expected 1 − C(3,2)/C(4,2) = 1/2.
    (MetricKey(.hr, cutoff: 2), TiePolicy.pessimistic, 0.0),
    (MetricKey(.hr, cutoff: 2), .optimistic, 1),
    (MetricKey(.hr, cutoff: 2), .expected, 0.5),
    // HR@4: positions 1–3 cannot all be negatives (only 2 are): 1 under every policy.
    (MetricKey(.hr, cutoff: 4), .expected, 1),
    // MRR: best position 1, 2, 3 with probability 3/6, 2/6, 1/6 → 1/2·1/2 + 1/3·1/3 + 1/6·1/4 = 29/72.
    (MetricKey(.mrr), .pessimistic, 1.0 / 4),
    (MetricKey(.mrr), .optimistic, 1.0 / 2),
    (MetricKey(.mrr), .expected, 29.0 / 72),
    // Recall@3: each relevant item is in positions 1–2 with probability 2/4 → E[hits] = 1 → 1/2.
    (MetricKey(.recall, cutoff: 3), .pessimistic, 0),
    (MetricKey(.recall, cutoff: 3), .optimistic, 1),
    (MetricKey(.recall, cutoff: 3), .expected, 0.5),
    // Precision@3 = E[hits]/3.
    (MetricKey(.precision, cutoff: 3), .expected, 1.0 / 3),
    // AUC: negatives ahead per relevant item: pessimistic 1 + 2, optimistic 1, expected 1 + 2/2.
    //   1 − 6/8, 1 − 2/8, 1 − 4/8.
    (MetricKey(.auc), .pessimistic, 0.25),
    (MetricKey(.auc), .optimistic, 0.75),
    (MetricKey(.auc), .expected, 0.5),
    // nDCG@3: each relevant item at position 1 or 2 with probability 1/4 each:
    //   2 · 1/4 · (1/log2 3 + 1/log2 4) / (1 + 1/log2 3).
    (MetricKey(.ndcg, cutoff: 3), .expected, 0.5 * (1 / log2(3.0) + 0.5) / (1 + 1 / log2(3.0))),
    (MetricKey(.ndcg, cutoff: 3), .optimistic, (1 / log2(3.0) + 0.5) / (1 + 1 / log2(3.0))),
    // MAP@3 over the 6 subsets: {1,2}: 1/2 + 2/3; {1,3}, {1,4}: 1/2; {2,3}, {2,4}: 1/3; {3,4}: 0.
    //   Sum 17/6, mean 17/36, divided by min(m, K) = 2: 17/72.
    (MetricKey(.map, cutoff: 3), .expected, 17.0 / 72),
    (MetricKey(.map, cutoff: 3), .optimistic, (1.0 / 2 + 2.0 / 3) / 2),
    (MetricKey(.map, cutoff: 3), .pessimistic, 0),
] as [(MetricKey, TiePolicy, Double)])
func tiePoliciesByHand(key: MetricKey, ties: TiePolicy, expected: Double) {
    let v = value(key, ties)
    #expect(abs(v - expected) < 1e-12, "\(key) \(ties): \(v)")
}

/// The metric of one explicit ranking (`isRelevant` in rank order, `negatives` in all).
private func metric(of isRelevant: [Bool], key: MetricKey) -> Double {
    let m = isRelevant.filter { $0 }.count, negatives = isRelevant.count - m
    switch key.metric {
    case .auc:
        var wrong = 0, negativesSeen = 0
        for relevant in isRelevant { if relevant { wrong += negativesSeen } else { negativesSeen += 1 } }
        return negatives == 0 ? 1 : 1 - Double(wrong) / Double(m * negatives)
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

/// Every distinct ranking of the candidates: score descending, each tie group in every
/// arrangement of its relevant and negative items (each arrangement equally likely under
/// uniformly random orders, as each stands for the same number of permutations).
private func allRankings(scores: [Float], relevant: [Bool]) -> [[Bool]] {
    let levels = Array(Set(scores)).sorted(by: >)
    var rankings: [[Bool]] = [[]]
    for level in levels {
        let members = scores.indices.filter { scores[$0] == level }
        let g = members.filter { relevant[$0] }.count
        var arrangements: [[Bool]] = []
        func place(_ prefix: [Bool], _ left: Int, _ size: Int) {
            if prefix.count == size { if left == 0 { arrangements.append(prefix) }; return }
            if left > 0 { place(prefix + [true], left - 1, size) }
            if size - prefix.count > left { place(prefix + [false], left, size) }
        }
        place([], g, members.count)
        rankings = rankings.flatMap { r in arrangements.map { r + $0 } }
    }
    return rankings
}

@Test(arguments: [UInt64(1), 2, 3, 4])
func expectedTiesEqualTheMeanOverEveryOrder(seed: UInt64) {
    // Three score levels over 9 items: large tie groups, 1–4 relevant items per user, some tied together.
    let users = 12, items = 9
    let scores = tiedRandomScores(users: users, items: items, levels: 3, seed: seed)
    let (train, test) = randomInteractions(users: users, items: items, trainPerUser: 2, testPerUser: 1...4, seed: seed &+ 50)
    let d = makeDataset(itemCount: items, train: train, test: test)
    let config = EvaluationConfiguration(cutoffs: [1, 2, 3, 5], metrics: Set(Metric.ranking), ties: .expected)
    let result = Evaluator.evaluate(FixedScores(rows: scores), on: d, configuration: config)
    for (position, u) in result.users.enumerated() {
        let candidates = (0..<items).filter { !train[u].contains($0) || test[u].contains($0) }
        let rankings = allRankings(scores: candidates.map { scores[u][$0] }, relevant: candidates.map { test[u].contains($0) })
        for key in config.keys {
            let brute = rankings.map { metric(of: $0, key: key) }.reduce(0, +) / Double(rankings.count)
            let exact = result.perUser(key.metric, at: key.cutoff)[position]
            #expect(abs(exact - brute) < 1e-12, "user \(u) \(key): \(exact) vs \(brute) over \(rankings.count) orders")
        }
    }
}

@Test func pessimisticAndOptimisticBoundTheExpectation() {
    let scores = tiedRandomScores(users: 30, items: 25, levels: 4, seed: 8)
    let (train, test) = randomInteractions(users: 30, items: 25, trainPerUser: 4, testPerUser: 1...3, seed: 9)
    let d = makeDataset(itemCount: 25, train: train, test: test)
    func run(_ ties: TiePolicy) -> EvaluationResult {
        Evaluator.evaluate(FixedScores(rows: scores), on: d, configuration: .init(cutoffs: [3, 10], metrics: Set(Metric.ranking), ties: ties))
    }
    let (low, mid, high) = (run(.pessimistic), run(.expected), run(.optimistic))
    for key in low.keys {
        let l = low.mean(key.metric, at: key.cutoff), m = mid.mean(key.metric, at: key.cutoff), h = high.mean(key.metric, at: key.cutoff)
        #expect(l <= m + 1e-12 && m <= h + 1e-12, "\(key): \(l) \(m) \(h)")
    }
    #expect(low.mean(.hr, at: 3) < high.mean(.hr, at: 3))  // the fixture really has ties that matter
}

@Test func maskingOffKeepsTrainingItemsAsCandidates() {
    // Item 6 (training, score 1.0) outranks everything once it stays a candidate:
    // masked, the pessimistic ranks are 3, 4 (n = 4); unmasked, 4, 5 (n = 5).
    let config = EvaluationConfiguration(cutoffs: [4], metrics: [.hr, .auc], masksTraining: false)
    let result = Evaluator.evaluate(FixedScores(rows: tieRows), on: tieData, configuration: config)
    #expect(result.perUser(.hr, at: 4) == [0])
    // Negatives ahead: 4 for each relevant item, of 5 → AUC = 1 − 8/10.
    #expect(abs(result.perUser(.auc)[0] - 0.2) < 1e-12)
}
