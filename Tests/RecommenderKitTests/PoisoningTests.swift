import Testing
@testable import RecommenderKit

// Shilling attacks, detection and removal on tiny hand-built datasets.
//   12 items; training popularity by construction: item 0 (5 users), 1 (4), 2 (3), 3 (2), others ≤ 1.
//   Item 11 is the target: only user 5 has it, together with items 7 and 8 (its segment).
private let genuine = makeDataset(
    itemCount: 12,
    train: [[0, 1, 2, 3], [0, 1, 2], [0, 1, 3], [0, 1], [0, 2], [7, 8, 11], [9]],
    test: [[4], [5], [6], [7], [8], [9], [10]])

private func inject(_ kind: ShillingAttackKind, users: FakeUserBudget = .count(4), filler: FillerSize = .count(3), selected: Int = 2)
    throws -> PoisonedDataset
{
    try ShillingAttack(kind: kind, targets: ["11"], fakeUsers: users, filler: filler, selectedCount: selected)
        .inject(into: genuine, generator: SeededGenerator(seed: 7))
}

@Test(arguments: ShillingAttackKind.allCases)
func injectedProfilesHaveTheRequestedShape(kind: ShillingAttackKind) throws {
    let poisoned = try inject(kind)
    let d = poisoned.dataset
    let selected = kind.usesSelectedItems ? 2 : 0
    #expect(d.userCount == genuine.userCount + 4)
    #expect(d.items == genuine.items)
    #expect(d.injectedUsers == [7, 8, 9, 10])
    #expect((7...10).map(d.users.rawID(of:)) == ["fake-1", "fake-2", "fake-3", "fake-4"])
    // Genuine users keep their ids, indices and rows.
    for u in 0..<genuine.userCount {
        #expect(d.users.rawID(of: u) == genuine.users.rawID(of: u))
        #expect(Array(d.train.items(of: u)) == Array(genuine.train.items(of: u)))
        #expect(Array(d.test.items(of: u)) == Array(genuine.test.items(of: u)))
    }
    for f in d.injectedUsers {
        let row = d.train.items(of: f).map(Int.init)
        #expect(row.count == 1 + selected + 3)  // target + selected + filler, no duplicates (rows are sets)
        #expect(Set(row).count == row.count)
        #expect(row.contains(11))
        #expect(d.test.items(of: f).isEmpty)
        switch kind {
        case .bandwagon: #expect(Set(row).isSuperset(of: [0, 1]))  // the two most popular items
        case .segment: #expect(Set(row).isSuperset(of: [7, 8]))  // what the target's consumer also took
        case .random, .average: break
        }
    }
    #expect(poisoned.budget.fakeUsers == 4)
    #expect(poisoned.budget.interactionsAdded == 4 * (4 + selected))
    #expect(poisoned.budget.shareOfInteractions == Double(4 * (4 + selected)) / Double(genuine.train.count + 4 * (4 + selected)))
    #expect(poisoned.targets == [11])
}

@Test func averageFillerFollowsPopularity() throws {
    // Items with no training row (4, 5, 6, 10) are never drawn while weighted items remain:
    // 0, 1, 2, 3, 7, 8, 9 are the 7 weighted candidates besides the target.
    let poisoned = try inject(.average, users: .count(20), filler: .count(5))
    for f in poisoned.dataset.injectedUsers {
        let filler = Set(poisoned.dataset.train.items(of: f).map(Int.init)).subtracting([11])
        #expect(filler.isSubset(of: [0, 1, 2, 3, 7, 8, 9]))
    }
}

@Test func averageFillerIsDrawnInProportionToPopularity() throws {
    // One filler item per fake user: item i is drawn with probability popularity(i) / 17
    // (popularities 5, 4, 3, 2, 1, 1, 1 of items 0, 1, 2, 3, 7, 8, 9). Over 400 fake users the
    // counts must lie within 4 standard deviations of 400 · p.
    let poisoned = try inject(.average, users: .count(400), filler: .count(1))
    var counts: [Int: Int] = [:]
    for f in poisoned.dataset.injectedUsers {
        for item in poisoned.dataset.train.items(of: f) where item != 11 { counts[Int(item), default: 0] += 1 }
    }
    for (item, popularity) in [(0, 5.0), (1, 4), (2, 3), (3, 2), (7, 1), (8, 1), (9, 1)] {
        let p = popularity / 17, expected = 400 * p, sd = (400 * p * (1 - p)).squareRoot()
        #expect(abs(Double(counts[item, default: 0]) - expected) <= 4 * sd, "item \(item): \(counts[item, default: 0])")
    }
    #expect(counts.keys.allSatisfy { [0, 1, 2, 3, 7, 8, 9].contains($0) })
}

@Test func sharesResolveAgainstGenuineUsersAndItems() throws {
    // 7 genuine users × 0.5 = 3.5 → 4 fake users; 12 items × 0.25 = 3 filler items.
    let poisoned = try inject(.random, users: .share(0.5), filler: .share(0.25))
    #expect(poisoned.budget.fakeUsers == 4)
    #expect(poisoned.budget.profileSize == 4)
}

@Test func attacksAreSeededPerFakeUser() throws {
    let a = try inject(.random, users: .count(3)).dataset, b = try inject(.random, users: .count(5)).dataset
    // Fake user f draws from its own stream: the first three profiles do not depend on the budget.
    for f in 0..<3 { #expect(Array(a.train.items(of: 7 + f)) == Array(b.train.items(of: 7 + f))) }
}

@Test func badAttacksFailWithClearErrors() {
    #expect(throws: PoisoningError.unknownTarget("99", examples: ["0", "1", "2"])) {
        try ShillingAttack(kind: .random, targets: ["99"], fakeUsers: .count(1), filler: .count(1))
            .inject(into: genuine, generator: SeededGenerator(seed: 1))
    }
    #expect(throws: PoisoningError.profileTooLarge(needed: 13, items: 12)) {
        try ShillingAttack(kind: .random, targets: ["11"], fakeUsers: .count(1), filler: .count(12))
            .inject(into: genuine, generator: SeededGenerator(seed: 1))
    }
    #expect(throws: PoisoningError.noSegment(targets: ["10"])) {
        try ShillingAttack(kind: .segment, targets: ["10"], fakeUsers: .count(1), filler: .count(1))
            .inject(into: genuine, generator: SeededGenerator(seed: 1))
    }
}

// MARK: Detection

@Test func pcaFlagsTheUserOutsideTheTopComponent() {
    // Users 0–3 share one row, z = (1,1,1,1,−1,−1,−1,−1); user 4's z = (1,1,−1,−1,1,1,−1,−1) is
    // orthogonal to it. The correlation matrix is diag(J₄, 1): top eigenvector (½,½,½,½,0) with
    // eigenvalue 4, so with one component users 0–3 have loading² ¼ and user 4 has 0.
    var d = makeDataset(
        itemCount: 8, train: [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 4, 5]],
        test: [[], [], [], [], []])
    d.injectedUsers = [4]
    let detection = ShillingDetector(method: .pca, rule: .count(1), components: 1).detect(d, generator: SeededGenerator(seed: 3))
    for u in 0..<4 { #expect(abs(detection.suspicion[u] + 0.25) < 1e-9) }
    #expect(abs(detection.suspicion[4]) < 1e-9)
    #expect(detection.flagged == [4])
    #expect(detection.score.precision == 1 && detection.score.recall == 1 && detection.score.f1 == 1)
}

@Test func similarityIsTheMeanCosineToTheNearestNeighbours() {
    // Users 0 and 1 are identical (cosine 1); users 2 {3} and 3 {3, 4} share one item: 1/√2.
    let d = makeDataset(itemCount: 5, train: [[0, 1, 2], [0, 1, 2], [3], [3, 4]], test: [[], [], [], []])
    let detection = ShillingDetector(method: .similarity, rule: .share(0.5), neighbours: 1).detect(d, generator: SeededGenerator(seed: 1))
    let expected = [1, 1, 1 / 2.0.squareRoot(), 1 / 2.0.squareRoot()]
    for u in 0..<4 { #expect(abs(detection.suspicion[u] - expected[u]) < 1e-12) }
    #expect(detection.flagged == [0, 1])
    // Two neighbours: user 0 averages 1 and 0 (no shared item with 2 or 3).
    let two = ShillingDetector(method: .similarity, rule: .count(1), neighbours: 2).detect(d, generator: SeededGenerator(seed: 1))
    #expect(abs(two.suspicion[0] - 0.5) < 1e-12)
}

@Test func precisionRecallAndF1AgainstKnownFakes() {
    let score = DetectionScore(flagged: [1, 2, 5], injected: [2, 5, 7, 8])
    #expect(score.truePositives == 2)
    #expect(score.precision == 2.0 / 3)
    #expect(score.recall == 0.5)
    #expect(abs(score.f1 - 4.0 / 7) < 1e-15)  // 2 · (2/3) · (1/2) / (2/3 + 1/2)
    #expect(DetectionScore(flagged: [0], injected: [1]).f1 == 0)
    #expect(DetectionScore(flagged: [0], injected: []).recall.isNaN)
}

@Test func similarityRanksBandwagonProfilesHigh() throws {
    // Fake profiles are {0, 1, 11, one filler item}: any two share at least 3 of their 4 items
    // (cosine ≥ 3/4), so each fake's mean over its 3 nearest neighbours is ≥ 3/4. User 6 {9}
    // shares at most one item with anyone (cosine ≤ 1/2) and user 5 {7, 8, 11} at most two of
    // 3 and 4 items (≤ 2/√12 < 3/4).
    let poisoned = try inject(.bandwagon, users: .count(8), filler: .count(1)).dataset
    let detection = ShillingDetector(method: .similarity, rule: .count(8), neighbours: 3).detect(poisoned, generator: SeededGenerator(seed: 1))
    for f in poisoned.injectedUsers { #expect(detection.suspicion[f] >= 0.75 - 1e-12) }
    #expect(detection.suspicion[6] <= 0.5 + 1e-12)
    #expect(detection.suspicion[5] < 0.75)
}

// MARK: Removal

@Test func removalDropsExactlyTheGivenUsers() throws {
    let poisoned = try inject(.random).dataset
    let cleaned = poisoned.removingUsers([2, 8, 9])
    #expect(cleaned.userCount == poisoned.userCount - 3)
    #expect(cleaned.items == poisoned.items)
    let kept = [0, 1, 3, 4, 5, 6, 7, 10]
    #expect(cleaned.users.rawIDs == kept.map(poisoned.users.rawID(of:)))
    for (i, u) in kept.enumerated() {
        #expect(Array(cleaned.train.items(of: i)) == Array(poisoned.train.items(of: u)))
        #expect(Array(cleaned.test.items(of: i)) == Array(poisoned.test.items(of: u)))
    }
    // Fake users 7 and 10 remain, now at indices 6 and 7.
    #expect(cleaned.injectedUsers == [6, 7])
}

// MARK: Evaluation

@Test func evaluationSkipsInjectedUsersUnlessAsked() {
    // Users 0 and 1 are genuine; user 2 is injected and, unusually, has a test item.
    //   user 0: test 1 (0.8) beats item 2 (0.1) → HR@1 = 1;  user 1: test 2 (0.3) < item 1 (0.9) → 0
    //   user 2: test 1 (0.9) → HR@1 = 1, so including it moves the mean from 1/2 to 2/3.
    var d = makeDataset(itemCount: 3, train: [[0], [0], [0]], test: [[1], [2], [1]])
    d.injectedUsers = [2]
    let scores = FixedScores(rows: [[0.5, 0.8, 0.1], [0.5, 0.9, 0.3], [0.5, 0.9, 0.1]])
    var configuration = EvaluationConfiguration(cutoffs: [1], metrics: [.hr])
    let genuineOnly = Evaluator.evaluate(scores, on: d, configuration: configuration)
    #expect(genuineOnly.users == [0, 1])
    #expect(genuineOnly.mean(.hr, at: 1) == 0.5)
    configuration.includesInjectedUsers = true
    let everyone = Evaluator.evaluate(scores, on: d, configuration: configuration)
    #expect(everyone.users == [0, 1, 2])
    #expect(everyone.mean(.hr, at: 1) == 2.0 / 3)
}

@Test func targetItemHitRatioAndMeanRank() {
    // Targets 4 and 3. User 2 has item 4 in training (not measured on 4); user 3 is injected.
    //   target 4: user 0 → nothing scores ≥ 0.5 outside training → position 1;
    //             user 1 → items 1 (0.6) and 2 (0.7) → position 3.
    //   target 3: user 0 → item 4 (0.5) → position 2; user 1 → items 1, 2, 4 → position 4;
    //             user 2 → items 0, 1, 2 → position 4.
    var d = makeDataset(itemCount: 5, train: [[0], [0], [4], [1]], test: [[1], [2], [0], []])
    d.injectedUsers = [3]
    let scores = FixedScores(rows: [
        [0.9, 0.1, 0.2, 0.3, 0.5], [0.1, 0.6, 0.7, 0.2, 0.5], [0.5, 0.4, 0.3, 0.2, 0.1], [0.1, 0.9, 0.8, 0.7, 0.6],
    ])
    let configuration = EvaluationConfiguration(cutoffs: [1, 2, 3], metrics: [.hr])
    let one = Evaluator.evaluateTargets(scores, on: d, targets: [4], configuration: configuration)
    #expect(one.result.users == [0, 1])
    #expect(one.result.perUser(.hr, at: 1) == [1, 0])
    #expect(one.result.mean(.hr, at: 3) == 1)
    #expect(one.targets == [TargetItemSummary(item: 4, users: 2, hitRatio: [1: 0.5, 2: 0.5, 3: 1], meanRank: 2)])

    let two = Evaluator.evaluateTargets(scores, on: d, targets: [4, 3], configuration: configuration)
    #expect(two.result.users == [0, 1, 2])
    // HR@2 per user, averaged over the targets each user is measured on: (1 + 1)/2, (0 + 0)/2, 0.
    #expect(two.result.perUser(.hr, at: 2) == [1, 0, 0])
    #expect(two.targets[1] == TargetItemSummary(item: 3, users: 3, hitRatio: [1: 0, 2: 1.0 / 3, 3: 1.0 / 3], meanRank: 10.0 / 3))

    // With the injected user: its scores put items 2 (0.8) and 3 (0.7) above target 4 → position 3.
    var everyone = configuration
    everyone.includesInjectedUsers = true
    let withFakes = Evaluator.evaluateTargets(scores, on: d, targets: [4], configuration: everyone)
    #expect(withFakes.result.users == [0, 1, 3])
    #expect(withFakes.targets[0].meanRank == 7.0 / 3)
}

@Test(arguments: [(1, 1), (2, 4), (3, 7), (2, 1000)])
func targetEvaluationDoesNotDependOnThreadsOrBlocks(threads: Int, blockSize: Int) {
    // Against a direct ranking: for user u and target t, the position is 1 + the number of
    // items outside u's training set (other than t) scoring at least t's score.
    let model = randomFactorModel(users: 23, items: 31, factors: 8, seed: 5)
    let (train, test) = randomInteractions(users: 23, items: 31, trainPerUser: 5, testPerUser: 1...2, seed: 6)
    var d = makeDataset(itemCount: 31, train: train, test: test)
    d.injectedUsers = [20, 21, 22]
    let targets = [3, 17]
    let configuration = EvaluationConfiguration(cutoffs: [5], metrics: [.hr], blockSize: blockSize)
    let result = Evaluator.evaluateTargets(model, on: d, targets: targets, configuration: configuration, context: ComputeContext(threads: threads))
    var scores = [Float](repeating: 0, count: 23 * 31)
    scores.withUnsafeMutableBufferPointer { model.scores(forUsers: 0..<23, into: $0) }
    for (t, target) in targets.enumerated() {
        var positions: [Double] = []
        for u in 0..<20 where !d.train.contains(user: u, item: target) && !d.test.contains(user: u, item: target) {
            let own = scores[u * 31 + target]
            let ahead = (0..<31).filter { $0 != target && !d.train.contains(user: u, item: $0) && scores[u * 31 + $0] >= own }.count
            positions.append(Double(ahead + 1))
        }
        #expect(result.targets[t].users == positions.count)
        #expect(abs(result.targets[t].meanRank - positions.reduce(0, +) / Double(positions.count)) < 1e-12)
        #expect(result.targets[t].hitRatio[5] == Double(positions.filter { $0 <= 5 }.count) / Double(positions.count))
    }
    #expect(result.result.users.allSatisfy { $0 < 20 })
}
