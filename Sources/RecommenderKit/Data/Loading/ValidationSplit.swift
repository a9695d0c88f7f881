/// How a validation set is carved out of a dataset's training part.
public enum ValidationMethod: String, Sendable, CaseIterable {
    /// One training item per user, drawn at random (a loaded dataset keeps no timestamps).
    case leaveOneOut = "leave-one-out"
    /// A random share of each user's training items (rounded, at least one).
    case holdout
}

extension Dataset {
    /// A dataset for tuning: its training part is this one's minus a held-out part, and its
    /// test part is that held-out part; users and items keep their ids. The original test
    /// items are left out entirely, so tuning never sees them. Every user keeps at least one
    /// training item: users with a single training item hold nothing out. Each user draws
    /// from its own stream, keyed by its raw id, so a user's split depends neither on the
    /// order users are visited in nor on which other users the dataset has.
    public func validationSplit(_ method: ValidationMethod, ratio: Double = 0.2, generator: SeededGenerator) -> Dataset {
        precondition(ratio > 0 && ratio < 1, "ratio must be between 0 and 1 (exclusive)")
        var trainOffsets = [0], testOffsets = [0]
        var trainItems: [Int32] = [], testItems: [Int32] = []
        trainItems.reserveCapacity(train.count)
        let streams = generator.derived("validation")
        for u in 0..<userCount {
            let items = Array(train.items(of: u))
            let n = items.count
            var held = [Bool](repeating: false, count: n)
            if n >= 2 {
                let count = method == .leaveOneOut ? 1 : min(n - 1, max(1, Int((ratio * Double(n)).rounded())))
                // Keyed by the raw ID, not the dense index (which shifts when other users come or go).
                var stream = streams.derived(users.rawID(of: u))
                var order = Array(0..<n)
                for k in 0..<count {
                    order.swapAt(k, k + stream.nextInt(below: n - k))
                    held[order[k]] = true
                }
            }
            // Items stay sorted within each part, as InteractionMatrix requires.
            for (k, item) in items.enumerated() {
                if held[k] { testItems.append(item) } else { trainItems.append(item) }
            }
            trainOffsets.append(trainItems.count)
            testOffsets.append(testItems.count)
        }
        var split = Dataset(
            name: name + " (validation)", users: users, items: items,
            train: InteractionMatrix(userCount: userCount, itemCount: itemCount, rowOffsets: trainOffsets, items: trainItems),
            test: InteractionMatrix(userCount: userCount, itemCount: itemCount, rowOffsets: testOffsets, items: testItems),
            sourceFiles: sourceFiles)
        split.injectedUsers = injectedUsers
        return split
    }
}
