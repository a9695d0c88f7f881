/// How a single ratings table is divided into training and test positives.
public enum Split: Sendable, Equatable {
    /// Each user's latest interaction (largest timestamp; on a tie, the row later in the
    /// file) is the test item. Users with a single interaction stay entirely in training.
    case leaveOneOut
    /// Per user, a random `ratio` of the interactions (rounded, at least one) is held out,
    /// always leaving at least one in training; users with one interaction stay in training.
    case holdout(ratio: Double)
}

/// The ways of splitting, by name (`Split` adds each one's parameters).
public enum SplitMethod: String, Sendable, CaseIterable {
    case leaveOneOut = "loo"
    case holdout
}

extension RatingsTable {
    /// Splits the table into a `Dataset`. Duplicate (user, item) rows collapse to their first
    /// occurrence before splitting, so a pair never lands in both parts. `generator` drives the
    /// random holdout (each user draws from its own derived stream) and is unused by leave-one-out.
    public func split(_ split: Split, generator: SeededGenerator) throws -> Dataset {
        if case .leaveOneOut = split, !hasTimestamps {
            throw DataError(
                path: sourceFile,
                message: "leave-one-out needs a timestamp column to find each user's latest interaction, "
                    + "and this file has none; use a random holdout split instead")
        }
        if case .holdout(let ratio) = split, !(ratio > 0 && ratio < 1) {
            throw DataError(path: sourceFile, message: "holdout ratio must be between 0 and 1 (exclusive), got \(ratio)")
        }
        let users = IDMap(rawIDs: userNames)
        let items = IDMap(rawIDs: itemNames)
        let dense = DatasetAssembly.denseRows(of: self, users: users, items: items)
        let grouped = DatasetAssembly.RowsByUser(users: dense.users, userCount: users.count)
        let holdoutStreams = generator.derived("holdout")

        var trainOffsets = [0], testOffsets = [0]
        var trainItems: [Int32] = [], testItems: [Int32] = []
        trainItems.reserveCapacity(count)
        var kept: [Int32] = []
        var isTest: [Bool] = []
        var duplicates = 0
        for u in 0..<users.count {
            duplicates += DatasetAssembly.distinctRows(grouped.rows(of: u), items: dense.items, into: &kept)
            isTest.removeAll(keepingCapacity: true)
            isTest.append(contentsOf: repeatElement(false, count: kept.count))
            if kept.count >= 2 {
                switch split {
                case .leaveOneOut:
                    var latest = 0
                    for k in 1..<kept.count {
                        let (row, best) = (Int(kept[k]), Int(kept[latest]))
                        if (timestamps[row], row) > (timestamps[best], best) { latest = k }
                    }
                    isTest[latest] = true
                case .holdout(let ratio):
                    let n = kept.count
                    let testCount = min(n - 1, max(1, Int((ratio * Double(n)).rounded())))
                    // Keyed by the raw ID, not the dense index (which shifts when other users come or go).
                    var stream = holdoutStreams.derived(users.rawID(of: u))
                    var order = Array(0..<n)
                    for k in 0..<testCount {
                        let j = k + stream.nextInt(below: n - k)
                        order.swapAt(k, j)
                        isTest[order[k]] = true
                    }
                }
            }
            for (k, row) in kept.enumerated() {
                if isTest[k] { testItems.append(dense.items[Int(row)]) } else { trainItems.append(dense.items[Int(row)]) }
            }
            trainOffsets.append(trainItems.count)
            testOffsets.append(testItems.count)
        }
        var dataset = Dataset(
            name: DatasetAssembly.name(forFile: sourceFile), users: users, items: items,
            train: InteractionMatrix(userCount: users.count, itemCount: items.count, rowOffsets: trainOffsets, items: trainItems),
            test: InteractionMatrix(userCount: users.count, itemCount: items.count, rowOffsets: testOffsets, items: testItems),
            sourceFiles: [sourceFile])
        dataset.duplicatesCollapsed = duplicates
        dataset.rowsBelowThreshold = rowsBelowThreshold
        return dataset
    }
}
