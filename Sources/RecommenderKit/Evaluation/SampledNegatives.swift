/// The negatives of sampled-candidate evaluation: for each user, `count` distinct items
/// outside the user's training and test items, drawn from the user's own stream
/// (`generator.derived(user)`), so the draws depend on the dataset, the sampling and the user
/// only: never on the model, the thread count or the other users.
public struct SampledNegatives: Sendable {
    public let sampling: CandidateSampling
    /// Cumulative training popularity, for `popularity` draws.
    private let cumulative: [Double]

    public init(sampling: CandidateSampling, popularity: ItemPopularity) {
        self.sampling = sampling
        var running = 0.0
        cumulative = popularity.counts.map { running += Double($0); return running }
    }

    /// Items the user may draw: not in training, not in test.
    public static func eligibleCount(of user: Int, in dataset: Dataset) -> Int {
        var excluded = Set(dataset.train.items(of: user))
        excluded.formUnion(dataset.test.items(of: user))
        return dataset.itemCount - excluded.count
    }

    /// The user's negatives, ascending. Successive draws without replacement: uniform, or
    /// proportional to training popularity (an item nobody trained on is drawn only when
    /// the popular ones run out). Needs `eligibleCount(of:in:) ≥ count`.
    public func negatives(of user: Int, in dataset: Dataset) -> [Int] {
        let train = dataset.train, test = dataset.test
        func excluded(_ i: Int) -> Bool { train.contains(user: user, item: i) || test.contains(user: user, item: i) }
        let itemCount = dataset.itemCount
        let count = sampling.count
        var stream = sampling.generator.derived(UInt64(user))
        var chosen = Set<Int>()
        let total = cumulative.last ?? 0
        // Rejection draws are fast while most draws succeed; past a budget, draw exactly from
        // the remaining eligible items (same law, decided by the stream alone).
        var attempts = 0
        let budget = 32 * count + 64
        while chosen.count < count && attempts < budget {
            attempts += 1
            let i: Int
            switch sampling.law {
            case .uniform:
                i = stream.nextInt(below: itemCount)
            case .popularity:
                guard total > 0 else { attempts = budget; continue }
                i = Self.index(of: stream.nextUnitDouble() * total, in: cumulative)
            }
            if !excluded(i) { chosen.insert(i) }
        }
        if chosen.count < count {
            var remaining = (0..<itemCount).filter { !excluded($0) && !chosen.contains($0) }
            precondition(remaining.count >= count - chosen.count, "user \(user) has fewer than \(count) eligible negatives")
            while chosen.count < count {
                let pick: Int
                switch sampling.law {
                case .uniform:
                    pick = stream.nextInt(below: remaining.count)
                case .popularity:
                    let weights = remaining.map { cumulative[$0] - ($0 > 0 ? cumulative[$0 - 1] : 0) }
                    let mass = weights.reduce(0, +)
                    if mass > 0 {
                        var running = 0.0
                        let target = stream.nextUnitDouble() * mass
                        pick = weights.firstIndex { running += $0; return running > target } ?? (remaining.count - 1)
                    } else {
                        pick = stream.nextInt(below: remaining.count)
                    }
                }
                chosen.insert(remaining.remove(at: pick))
            }
        }
        return chosen.sorted()
    }

    /// The first index whose cumulative weight exceeds `target` (binary search).
    private static func index(of target: Double, in cumulative: [Double]) -> Int {
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
