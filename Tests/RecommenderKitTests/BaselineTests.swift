import Testing
@testable import RecommenderKit

@Suite struct BaselineTests {
    @Test func popularityScoresAreTrainingCounts() {
        let model = PopularityRecommender(training: TrainingFixtures.small.train)
        var buffer = [Float](repeating: -1, count: 2 * 6)
        buffer.withUnsafeMutableBufferPointer { model.scores(forUsers: 1..<3, into: $0) }
        // Items 0…5 appear 2, 2, 2, 1, 1, 2 times in the small fixture.
        #expect(buffer == [2, 2, 2, 1, 1, 2, 2, 2, 2, 1, 1, 2])
        #expect(model.userCount == 4 && model.itemCount == 6)
    }

    @Test func randomScoresDoNotDependOnHowUsersAreGrouped() {
        let model = RandomRecommender(userCount: 5, itemCount: 7, seed: 11)
        var all = [Float](repeating: 0, count: 5 * 7)
        all.withUnsafeMutableBufferPointer { model.scores(forUsers: 0..<5, into: $0) }
        var pieces: [Float] = []
        for range in [0..<2, 2..<3, 3..<5] {
            var part = [Float](repeating: 0, count: range.count * 7)
            part.withUnsafeMutableBufferPointer { model.scores(forUsers: range, into: $0) }
            pieces += part
        }
        #expect(all == pieces)
        #expect(all.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(Set(all).count > 30, "scores should look random, got \(Set(all).count) distinct values")
        let other = RandomRecommender(userCount: 5, itemCount: 7, seed: 12)
        #expect(model.score(user: 2, item: 3) != other.score(user: 2, item: 3) || model.score(user: 0, item: 0) != other.score(user: 0, item: 0))
    }

    @Test func randomScoresAreRoughlyUniform() {
        let model = RandomRecommender(userCount: 100, itemCount: 100, seed: 1)
        var low = 0
        for u in 0..<100 { for i in 0..<100 where model.score(user: u, item: i) < 0.5 { low += 1 } }
        #expect(abs(low - 5_000) < 250)
    }
}
