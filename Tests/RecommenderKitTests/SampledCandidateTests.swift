import Testing
@testable import RecommenderKit

private let (train, test) = randomInteractions(users: 30, items: 40, trainPerUser: 8, testPerUser: 1...3, seed: 31)
private let data = makeDataset(itemCount: 40, train: train, test: test)

private func sampler(_ count: Int, _ law: SamplingLaw, seed: UInt64 = 5) -> SampledNegatives {
    SampledNegatives(
        sampling: CandidateSampling(count: count, law: law, generator: SeededGenerator(seed: seed)),
        popularity: ItemPopularity(dataset: data))
}

@Test(arguments: [SamplingLaw.uniform, .popularity])
func negativesAvoidTrainingAndTestItemsAndHaveTheCount(law: SamplingLaw) {
    for count in [1, 10, 25] {
        let s = sampler(count, law)
        for u in 0..<data.userCount {
            let negatives = s.negatives(of: u, in: data)
            #expect(negatives.count == count)
            #expect(Set(negatives).count == count)
            #expect(negatives.allSatisfy { !train[u].contains($0) && !test[u].contains($0) })
        }
    }
}

@Test func negativesAreSeededAndPerUser() {
    let a = sampler(10, .uniform, seed: 5), b = sampler(10, .uniform, seed: 5), c = sampler(10, .uniform, seed: 6)
    #expect((0..<30).map { a.negatives(of: $0, in: data) } == (0..<30).map { b.negatives(of: $0, in: data) })
    #expect((0..<30).map { a.negatives(of: $0, in: data) } != (0..<30).map { c.negatives(of: $0, in: data) })
}

@Test func popularityDrawsFavourPopularItems() {
    // Item 0 has 60 training users, item 1 has one; user 0 trains on neither.
    let users = 62
    var rows: [[Int]] = (0..<users).map { u in u >= 2 ? [0, 2] : [3] }
    rows[1] = [1, 3]
    let d = makeDataset(itemCount: 12, train: rows, test: (0..<users).map { _ in [4] })
    var picks = [0, 0]
    for seed in 0..<400 {
        for law in [SamplingLaw.popularity, .uniform] where law == .popularity {
            let s = SampledNegatives(
                sampling: CandidateSampling(count: 1, law: law, generator: SeededGenerator(seed: UInt64(seed))),
                popularity: ItemPopularity(dataset: d))
            let n = s.negatives(of: 0, in: d)[0]
            if n < 2 { picks[n] += 1 }
        }
    }
    // Popularity of user 0's eligible items: item 0: 60, item 1: 1, item 2: 60, others 0.
    // P(item 0) = 60/121 ≈ 0.5, P(item 1) = 1/121: over 400 draws about 198 against 3.
    #expect(picks[0] > 150 && picks[1] < 15, "\(picks)")
    var uniformPicks = [0, 0]
    for seed in 0..<400 {
        let s = SampledNegatives(
            sampling: CandidateSampling(count: 1, law: .uniform, generator: SeededGenerator(seed: UInt64(seed))),
            popularity: ItemPopularity(dataset: d))
        let n = s.negatives(of: 0, in: d)[0]
        if n < 2 { uniformPicks[n] += 1 }
    }
    // Uniform over the 10 eligible items (all but 3 and 4): about 40 each.
    #expect(uniformPicks.allSatisfy { $0 > 15 && $0 < 70 }, "\(uniformPicks)")
}

@Test func sampledEvaluationRanksAgainstTheSampledNegativesWhateverTheModel() {
    // Two different models: each user's result must equal ranking the relevant items against
    // exactly `negatives(of:)`, which depends on the sampling, the dataset and the user only.
    let sampling = CandidateSampling(count: 7, law: .uniform, generator: SeededGenerator(seed: 11))
    let reference = SampledNegatives(sampling: sampling, popularity: ItemPopularity(dataset: data))
    for modelSeed in [UInt64(1), 2] {
        let scores = tiedRandomScores(users: 30, items: 40, levels: 50, seed: modelSeed)
        let result = Evaluator.evaluate(
            FixedScores(rows: scores), on: data,
            configuration: .init(cutoffs: [3], metrics: [.auc, .hr], sampling: sampling))
        for (position, u) in result.users.enumerated() {
            let negatives = reference.negatives(of: u, in: data)
            // AUC against the sampled negatives, ties counted as wrong (pessimistic).
            let relevant = data.test.items(of: u).map(Int.init)  // distinct, unlike the raw fixture rows
            var wins = 0
            for r in relevant { for n in negatives where scores[u][r] > scores[u][n] { wins += 1 } }
            let auc = Double(wins) / Double(relevant.count * negatives.count)
            #expect(abs(result.perUser(.auc)[position] - auc) < 1e-12, "model \(modelSeed) user \(u)")
        }
    }
}

@Test func fewestEligibleNegativesIsTheSmallestFreeSet() {
    // User 0 trains on 3 and tests on 1 of 5 items: 1 eligible; user 1 has 3.
    let d = makeDataset(itemCount: 5, train: [[0, 1, 2], [0]], test: [[3], [1]])
    #expect(Evaluator.fewestEligibleNegatives(in: d) == 1)
}
