import Testing
@testable import RecommenderKit

@Suite struct SamplerTests {
    /// 3 users, 8 items; user 0 likes 7 of 8 items, user 2 none.
    static let matrix = InteractionMatrix(
        userCount: 3, itemCount: 8,
        pairs: [0, 1, 2, 3, 5, 6, 7].map { (user: 0, item: $0) } + [1, 4, 6].map { (user: 1, item: $0) })

    @Test(arguments: [true, false])
    func neverReturnsATrainingItemAndReachesEveryOtherItem(bitset: Bool) throws {
        let sampler = try NegativeSampler(Self.matrix, bitsetLimitBytes: bitset ? 1 << 20 : 0)
        #expect(sampler.usesBitset == bitset)
        var rng = SeededGenerator(seed: 3)
        for user in 0..<3 {
            var seen = Set<Int>()
            for _ in 0..<2_000 {
                let j = sampler.draw(for: user, using: &rng)
                #expect(!Self.matrix.contains(user: user, item: j), "user \(user) drew training item \(j)")
                seen.insert(j)
            }
            let expected = Set(0..<8).subtracting(Self.matrix.items(of: user).map { Int($0) })
            #expect(seen == expected, "user \(user) should reach every non-training item")
        }
    }

    @Test func bitsetAndBinarySearchDrawTheSameItems() throws {
        let fast = try NegativeSampler(Self.matrix), slow = try NegativeSampler(Self.matrix, bitsetLimitBytes: 0)
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        for k in 0..<500 { #expect(fast.draw(for: k % 3, using: &a) == slow.draw(for: k % 3, using: &b)) }
    }

    @Test func drawsAreUniformOverTheRemainingItems() throws {
        let sampler = try NegativeSampler(Self.matrix)
        var rng = SeededGenerator(seed: 4)
        var counts = [Int](repeating: 0, count: 8)
        for _ in 0..<50_000 { counts[sampler.draw(for: 1, using: &rng)] += 1 }
        // 5 allowed items → 10,000 each; 5σ ≈ 450.
        for item in [0, 2, 3, 5, 7] { #expect(abs(counts[item] - 10_000) < 450, "item \(item): \(counts[item])") }
        #expect(counts[1] == 0 && counts[4] == 0 && counts[6] == 0)
    }

    @Test func aUserWithEveryItemIsAnError() {
        let full = InteractionMatrix(userCount: 2, itemCount: 2, pairs: [(user: 0, item: 0), (user: 1, item: 0), (user: 1, item: 1)])
        #expect(throws: TrainingError.noNegativeItem(user: 1)) { try NegativeSampler(full) }
        #expect(TrainingError.noNegativeItem(user: 1).description
            == "user 1 has every item in its training set, so no negative item can be sampled")
    }

    @Test func shuffleHoldsEveryPairOnceAndDependsOnTheSeed() {
        let pairs = TrainingPairs(TrainingFixtures.small.train)
        #expect(Array(pairs.users) == [0, 0, 0, 1, 1, 2, 2, 2, 3, 3] && Array(pairs.items) == [0, 1, 2, 1, 3, 0, 4, 5, 2, 5])
        let original = (0..<10).map { TrainingPairs.pack(user: pairs.users[$0], item: pairs.items[$0]) }
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1), c = SeededGenerator(seed: 2)
        let first = pairs.shuffled(using: &a)
        #expect(first.sorted() == original.sorted(), "every pair exactly once")
        #expect(first != original)
        #expect(pairs.shuffled(using: &b) == first)
        #expect(pairs.shuffled(using: &c) != first)
        #expect(TrainingPairs.unpack(TrainingPairs.pack(user: 70_000, item: 3)) == (70_000, 3))
    }

    @Test func shuffleIsUniformOverPositions() {
        // Over many shuffles of 4 pairs each pair lands in each position ~1/4 of the time.
        let pairs = TrainingPairs(InteractionMatrix(userCount: 1, itemCount: 4, pairs: (0..<4).map { (user: 0, item: $0) }))
        var rng = SeededGenerator(seed: 8)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 4), count: 4)
        for _ in 0..<8_000 {
            for (position, pair) in pairs.shuffled(using: &rng).enumerated() { counts[TrainingPairs.unpack(pair).item][position] += 1 }
        }
        for row in counts { for c in row { #expect(abs(c - 2_000) < 200) } }
    }
}
