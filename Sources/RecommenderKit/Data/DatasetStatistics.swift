/// Counts that describe a dataset, for reports and sanity checks.
public struct DatasetStatistics: Sendable, Equatable {
    public var users: Int
    public var items: Int
    /// Distinct (user, item) training positives.
    public var trainInteractions: Int
    /// Distinct (user, item) test positives.
    public var testInteractions: Int
    /// `trainInteractions / (users * items)` (0 for an empty dataset).
    public var density: Double
    /// Users with at least one test item.
    public var testUsers: Int
    /// Users with at least one test item and one training item: the users evaluation averages over.
    public var evaluableUsers: Int
    /// Users with test items but no training rows; excluded from evaluation.
    public var testUsersWithoutTraining: Int
    /// Distinct test items that no user has in training ("cold" items).
    public var coldTestItems: Int
    /// Test (user, item) pairs that are also training pairs of the same user.
    public var testPairsAlsoInTrain: Int
    /// Repeated rows collapsed while loading.
    public var duplicatesCollapsed: Int
    /// Rows dropped by the rating threshold while loading.
    public var rowsBelowThreshold: Int
    /// Fewest and most training items of one user (0 when there are no users).
    public var minTrainPerUser: Int
    public var maxTrainPerUser: Int
    /// Gini coefficient of the training-count distribution over all items (0 = equally
    /// popular, towards 1 = a few items take every interaction).
    public var itemPopularityGini: Double
    /// Gini coefficient of the training-count distribution over users.
    public var userActivityGini: Double
}

extension Dataset {
    /// Users that evaluation averages over: at least one test item and one training item.
    public var evaluableUsers: [Int] {
        (0..<userCount).filter { u in
            test.rowOffsets[u + 1] > test.rowOffsets[u] && train.rowOffsets[u + 1] > train.rowOffsets[u]
        }
    }

    public var statistics: DatasetStatistics {
        var itemTrainCounts = [Int](repeating: 0, count: itemCount)
        for i in train.items { itemTrainCounts[Int(i)] += 1 }
        var testUsers = 0, withoutTraining = 0, alsoInTrain = 0
        var userTrainCounts: [Int] = []
        userTrainCounts.reserveCapacity(userCount)
        var testItemSeen = [Bool](repeating: false, count: itemCount)
        for u in 0..<userCount {
            let trainCount = train.rowOffsets[u + 1] - train.rowOffsets[u]
            userTrainCounts.append(trainCount)
            let testRow = test.items(of: u)
            guard !testRow.isEmpty else { continue }
            testUsers += 1
            if trainCount == 0 { withoutTraining += 1 }
            for i in testRow {
                testItemSeen[Int(i)] = true
                if train.contains(user: u, item: Int(i)) { alsoInTrain += 1 }
            }
        }
        let cold = (0..<itemCount).reduce(0) { $0 + (testItemSeen[$1] && itemTrainCounts[$1] == 0 ? 1 : 0) }
        let cells = Double(userCount) * Double(itemCount)
        return DatasetStatistics(
            users: userCount, items: itemCount,
            trainInteractions: train.count, testInteractions: test.count,
            density: cells > 0 ? Double(train.count) / cells : 0,
            testUsers: testUsers, evaluableUsers: testUsers - withoutTraining,
            testUsersWithoutTraining: withoutTraining, coldTestItems: cold,
            testPairsAlsoInTrain: alsoInTrain,
            duplicatesCollapsed: duplicatesCollapsed, rowsBelowThreshold: rowsBelowThreshold,
            minTrainPerUser: userTrainCounts.min() ?? 0, maxTrainPerUser: userTrainCounts.max() ?? 0,
            itemPopularityGini: giniCoefficient(itemTrainCounts),
            userActivityGini: giniCoefficient(userTrainCounts))
    }
}

/// Gini coefficient of non-negative counts: Σ (2i − n − 1)·xᵢ / (n·Σx) over the counts sorted ascending (i from 1).
func giniCoefficient(_ counts: [Int]) -> Double {
    let sorted = counts.sorted()
    let n = Double(sorted.count)
    let total = Double(sorted.reduce(0, +))
    guard total > 0 else { return 0 }
    var weighted = 0.0
    for (i, x) in sorted.enumerated() { weighted += (2 * Double(i + 1) - n - 1) * Double(x) }
    return weighted / (n * total)
}
