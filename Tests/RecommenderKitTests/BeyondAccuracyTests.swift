import Testing
@testable import RecommenderKit
#if canImport(Glibc)
import Glibc
#endif

// Three users, five items. Training: u0 {0, 1}, u1 {0, 2}, u2 {0}; test: u0 {3}, u1 {4}, u2 {1}.
// Popularity (training users): item 0: 3, 1: 1, 2: 1, 3: 0, 4: 0; 5 interactions in all.
// Head: the most popular items first reaching 20 % of 5 = 1 interaction: {0} (3 ≥ 1).
// Every user scores items 4 > 3 > 2 > 1 > 0, training items masked. Top-2 lists:
//   u0: [4, 3]   u1: [4, 3]   u2: [4, 3]        top-3: u0 [4,3,2], u1 [4,3,1], u2 [4,3,2]
private let scoreRow: [Float] = [0.1, 0.2, 0.3, 0.4, 0.5]
private let rows = [scoreRow, scoreRow, scoreRow]
private let data = makeDataset(itemCount: 5, train: [[0, 1], [0, 2], [0]], test: [[3], [4], [1]])
private let all: Set<Metric> = [.coverage, .gini, .arp, .aplt, .novelty]
private let result = Evaluator.evaluate(FixedScores(rows: rows), on: data, configuration: .init(cutoffs: [2, 3], metrics: all))

@Test func coverageCountsDistinctRecommendedItems() {
    // K = 2: {3, 4} of 5 items. K = 3: {1, 2, 3, 4}.
    #expect(result.mean(.coverage, at: 2) == 2.0 / 5)
    #expect(result.mean(.coverage, at: 3) == 4.0 / 5)
    #expect(!result.hasPerUserValues(MetricKey(.coverage, cutoff: 2)))
}

@Test func giniOfExposure() {
    // K = 2 exposure (items 0…4): 0, 0, 0, 3, 3 → sorted 0,0,0,3,3, n = 5, Σ = 6:
    //   Σ (2i − n − 1) x_(i) = (2·4 − 6)·3 + (2·5 − 6)·3 = 6 + 12 = 18 → 18 / (5 · 6) = 0.6.
    #expect(abs(result.mean(.gini, at: 2) - 0.6) < 1e-12)
    // K = 3 exposure: 0, 1, 2, 3, 3 → (−4·0) + (−2·1) + (0·2) + (2·3) + (4·3) = 16 → 16 / (5 · 9).
    #expect(abs(result.mean(.gini, at: 3) - 16.0 / 45) < 1e-12)
    #expect(ItemPopularity.gini([2, 2, 2]) == 0)
    #expect(abs(ItemPopularity.gini([0, 0, 0, 4]) - 0.75) < 1e-12)  // (n − 1)/n: one item takes every slot
}

@Test func perListPopularityMetrics() {
    // ARP@3: u0 (0+0+1)/3, u1 (0+0+1)/3, u2 (0+0+1)/3 → 1/3 each.
    #expect(result.perUser(.arp, at: 3).allSatisfy { abs($0 - 1.0 / 3) < 1e-12 })
    // APLT: no list item is in the head {0}: 1 everywhere.
    #expect(result.perUser(.aplt, at: 3) == [1, 1, 1])
    // Novelty@2: items 3, 4 have popularity 0, counted as 1: −log2(1/3) each.
    #expect(result.perUser(.novelty, at: 2).allSatisfy { abs($0 - log2(3.0)) < 1e-12 })
    // Novelty@3 of u1 [4, 3, 1]: (log2 3 + log2 3 + log2(3/1)) / 3 = log2 3 as well; of u0 [4,3,2] the same.
    #expect(result.perUser(.novelty, at: 3).allSatisfy { abs($0 - log2(3.0)) < 1e-12 })
}

@Test func unmaskedListsContainTrainingItems() {
    // Without masking every list is [4, 3, 2]: ARP@3 = (0 + 0 + 1)/3 for all; coverage 3/5.
    let unmasked = Evaluator.evaluate(
        FixedScores(rows: rows), on: data, configuration: .init(cutoffs: [3], metrics: all, masksTraining: false))
    #expect(unmasked.mean(.coverage, at: 3) == 3.0 / 5)
    // Reversed scores put the popular item 0 first once it is no longer masked: APLT < 1.
    let reversed = [[Float]](repeating: [0.5, 0.4, 0.3, 0.2, 0.1], count: 3)
    let popular = Evaluator.evaluate(
        FixedScores(rows: reversed), on: data, configuration: .init(cutoffs: [2], metrics: [.aplt, .arp], masksTraining: false))
    // Lists [0, 1] for everyone: APLT = 1/2 (item 1 is in the tail), ARP = (3 + 1)/2 = 2.
    #expect(popular.perUser(.aplt, at: 2) == [0.5, 0.5, 0.5])
    #expect(popular.perUser(.arp, at: 2) == [2, 2, 2])
}

@Test func headHoldsTheFirstItemsReachingTheShare() {
    // Popularity 3, 1, 1, 0, 0 of 5: a 60 % head needs 3 ≥ 3: {0}; a 70 % head (3.5) needs {0, 1}
    // (items 1 and 2 tie: the lower index first); 100 % needs {0, 1, 2}.
    #expect(ItemPopularity(dataset: data, headShare: 0.6).isHead == [true, false, false, false, false])
    #expect(ItemPopularity(dataset: data, headShare: 0.7).isHead == [true, true, false, false, false])
    #expect(ItemPopularity(dataset: data, headShare: 1).isHead == [true, true, true, false, false])
    #expect(ItemPopularity(dataset: data).counts == [3, 1, 1, 0, 0])
}
