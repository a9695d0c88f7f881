import Testing
@testable import RecommenderKit

@Suite struct DataStatisticsTests {
    /// Users 0..3, items 0..4. User 2 has only a test item; user 3 has nothing to test.
    static let dataset: Dataset = {
        var d = Dataset(
            name: "tiny", users: IDMap(rawIDs: ["0", "1", "2", "3"]), items: IDMap(rawIDs: ["0", "1", "2", "3", "4"]),
            train: InteractionMatrix(userCount: 4, itemCount: 5, pairs: [(0, 0), (0, 1), (1, 0), (3, 0), (3, 1), (3, 2)]),
            test: InteractionMatrix(userCount: 4, itemCount: 5, pairs: [(0, 1), (1, 3), (2, 4), (2, 0)]))
        d.duplicatesCollapsed = 2
        d.rowsBelowThreshold = 5
        return d
    }()

    @Test func countsAreComputedByHand() {
        let s = Self.dataset.statistics
        #expect(s.users == 4 && s.items == 5)
        #expect(s.trainInteractions == 6 && s.testInteractions == 4)
        #expect(s.density == 6.0 / 20.0)
        #expect(s.testUsers == 3)
        #expect(s.evaluableUsers == 2)
        #expect(s.testUsersWithoutTraining == 1)
        #expect(s.coldTestItems == 2)  // items 3 and 4 occur only in test
        #expect(s.testPairsAlsoInTrain == 1)  // (0, 1)
        #expect(s.duplicatesCollapsed == 2 && s.rowsBelowThreshold == 5)
        #expect(s.minTrainPerUser == 0 && s.maxTrainPerUser == 3)
        // Item train counts [3, 2, 1, 0, 0], sorted [0, 0, 1, 2, 3]: Σ(2i−n−1)x = 0·1 + 2·2 + 4·3 = 16 over n·Σx = 30.
        #expect(abs(s.itemPopularityGini - 16.0 / 30.0) < 1e-12)
        // User train counts [2, 1, 0, 3], sorted [0, 1, 2, 3]: (−1·1 + 1·2 + 3·3) / (4·6) = 10/24.
        #expect(abs(s.userActivityGini - 10.0 / 24.0) < 1e-12)
    }

    @Test func evaluableUsersHaveTrainingAndTestItems() {
        #expect(Self.dataset.evaluableUsers == [0, 1])
    }

    @Test(arguments: [([5, 5, 5], 0.0), ([0, 0, 9], 2.0 / 3.0), ([], 0.0), ([0, 0], 0.0)])
    func gini(counts: [Int], expected: Double) {
        #expect(abs(giniCoefficient(counts) - expected) < 1e-12)
    }
}
