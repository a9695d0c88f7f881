/// Shilling attacks for implicit feedback: fake user profiles that push target items, after
/// Lam & Riedl (2004), Mobasher et al. (2007) and Burke et al. (2005). A profile is the targets,
/// the attack's *selected* items (none, the most popular, or the target's segment) and *filler*
/// items drawn per attack (definitions in docs/algorithms.md).
public enum ShillingAttackKind: String, Sendable, CaseIterable {
    /// Filler items drawn uniformly.
    case random
    /// Filler items drawn in proportion to their training popularity (implicit analogue of
    /// rating each filler item at its mean).
    case average
    /// The most popular items, plus uniform filler.
    case bandwagon
    /// The items most co-consumed with the targets, plus uniform filler.
    case segment

    /// Whether the profile includes `selected` items besides the filler.
    public var usesSelectedItems: Bool { self == .bandwagon || self == .segment }
}

/// How many fake users to inject: a count, or a share of the genuine users.
public enum FakeUserBudget: Sendable, Equatable {
    case count(Int)
    /// Share in (0, 1] of the genuine users, rounded, at least one.
    case share(Double)

    func resolved(genuineUsers: Int) -> Int {
        switch self {
        case .count(let n): n
        case .share(let s): max(1, Int((s * Double(genuineUsers)).rounded()))
        }
    }
}

/// How many filler items each fake profile holds: a count, or a share of all items.
public enum FillerSize: Sendable, Equatable {
    case count(Int)
    /// Share in (0, 1] of the items, rounded, at least one.
    case share(Double)

    func resolved(items: Int) -> Int {
        switch self {
        case .count(let n): n
        case .share(let s): max(1, Int((s * Double(items)).rounded()))
        }
    }
}

public enum PoisoningError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownTarget(String, examples: [String])
    case duplicateTarget(String)
    case profileTooLarge(needed: Int, items: Int)
    case noSegment(targets: [String])
    case invalidBudget(String)

    public var description: String {
        switch self {
        case .unknownTarget(let id, let examples):
            "no item \"\(id)\" in the dataset (its item ids look like \(examples.map { "\"\($0)\"" }.joined(separator: ", ")))"
        case .duplicateTarget(let id): "target item \"\(id)\" is listed twice"
        case .profileTooLarge(let needed, let items):
            "a fake profile would need \(needed) distinct items (targets + selected + filler), but the dataset has \(items)"
        case .noSegment(let targets):
            "no genuine user has interacted with \(targets.map { "\"\($0)\"" }.joined(separator: ", ")), so the segment attack has no segment"
        case .invalidBudget(let reason): reason
        }
    }
}

/// What an attack spent.
public struct PoisoningBudget: Sendable, Equatable {
    public var fakeUsers: Int
    public var interactionsAdded: Int
    /// Items in every fake profile: targets + selected + filler.
    public var profileSize: Int
    /// Fake users over all users after the attack.
    public var shareOfUsers: Double
    /// Injected interactions over all training interactions after the attack.
    public var shareOfInteractions: Double
}

public struct PoisonedDataset: Sendable {
    public var dataset: Dataset
    public var budget: PoisoningBudget
    /// Target item indices (the same in the clean and the poisoned dataset).
    public var targets: [Int]
    /// The selected items of every profile (the most popular, or the segment), ascending.
    public var selectedItems: [Int]
}

public struct ShillingAttack: Sendable {
    public var kind: ShillingAttackKind
    /// Raw item ids, as in the data files.
    public var targets: [String]
    public var fakeUsers: FakeUserBudget
    public var filler: FillerSize
    /// Selected items per profile (bandwagon: the most popular; segment: the most co-consumed).
    public var selectedCount: Int
    /// Prefix of the fake users' raw ids (`fake-1`, `fake-2`, …).
    public var idPrefix: String

    public init(
        kind: ShillingAttackKind, targets: [String], fakeUsers: FakeUserBudget, filler: FillerSize,
        selectedCount: Int = 10, idPrefix: String = "fake-"
    ) {
        self.kind = kind
        self.targets = targets
        self.fakeUsers = fakeUsers
        self.filler = filler
        self.selectedCount = selectedCount
        self.idPrefix = idPrefix
    }

    /// The dataset with fake users appended (training rows only); the genuine users and every
    /// item keep their indices. Each fake user draws from `generator.derived("fake").derived(f)`.
    public func inject(into dataset: Dataset, generator: SeededGenerator) throws(PoisoningError) -> PoisonedDataset {
        guard !targets.isEmpty else { throw .invalidBudget("at least one target item is needed") }
        var targetItems: [Int] = []
        for id in targets {
            guard let item = dataset.items.index(of: id) else {
                throw .unknownTarget(id, examples: Array(dataset.items.rawIDs.prefix(3)))
            }
            guard !targetItems.contains(item) else { throw .duplicateTarget(id) }
            targetItems.append(item)
        }
        let genuineUsers = dataset.userCount - dataset.injectedUsers.count
        let fakeCount = fakeUsers.resolved(genuineUsers: genuineUsers)
        let fillerCount = filler.resolved(items: dataset.itemCount)
        guard fakeCount >= 1 else { throw .invalidBudget("at least one fake user is needed") }
        guard fillerCount >= 1 else { throw .invalidBudget("the filler needs at least one item") }

        let popularity = Self.popularity(dataset.train)
        let selected: [Int]
        switch kind {
        case .random, .average: selected = []
        case .bandwagon:
            selected = Self.top(selectedCount, by: popularity.map(Double.init), excluding: Set(targetItems))
        case .segment:
            let coCounts = Self.coConsumption(with: targetItems, in: dataset)
            guard coCounts.contains(where: { $0 > 0 }) else {
                throw .noSegment(targets: targets)
            }
            // Only items some target consumer also took belong to the segment.
            selected = Self.top(selectedCount, by: coCounts, excluding: Set(targetItems)).filter { coCounts[$0] > 0 }
        }
        let profileSize = targetItems.count + selected.count + fillerCount
        guard profileSize <= dataset.itemCount else {
            throw .profileTooLarge(needed: profileSize, items: dataset.itemCount)
        }

        let fixed = Set(targetItems + selected)
        let fillerWeights: [Double]? = kind == .average ? popularity.map(Double.init) : nil
        // An empty training set has no popularity to follow: the filler is uniform then.
        let popular = fillerWeights.flatMap { $0.contains { $0 > 0 } ? AliasTable(weights: $0) : nil }
        let stream = generator.derived("fake")
        var rows: [[Int32]] = []
        rows.reserveCapacity(fakeCount)
        for f in 0..<fakeCount {
            var local = stream.derived(UInt64(f))
            let filler = Self.drawFiller(fillerCount, itemCount: dataset.itemCount, excluding: fixed, weights: fillerWeights, popular: popular, generator: &local)
            rows.append((Array(fixed) + filler).map(Int32.init).sorted())
        }

        var prefix = idPrefix
        while dataset.users.rawIDs.contains(where: { $0.hasPrefix(prefix) }) { prefix = "x" + prefix }
        let fakeIDs = (1...fakeCount).map { "\(prefix)\($0)" }
        let users = dataset.users.appending(fakeIDs)

        var offsets = dataset.train.rowOffsets
        var items = dataset.train.items
        for row in rows {
            items += row
            offsets.append(items.count)
        }
        let train = InteractionMatrix(userCount: users.count, itemCount: dataset.itemCount, rowOffsets: offsets, items: items)
        let testOffsets = dataset.test.rowOffsets + Array(repeating: dataset.test.count, count: fakeCount)
        let test = InteractionMatrix(userCount: users.count, itemCount: dataset.itemCount, rowOffsets: testOffsets, items: dataset.test.items)

        var poisoned = Dataset(name: dataset.name, users: users, items: dataset.items, train: train, test: test, sourceFiles: dataset.sourceFiles)
        poisoned.duplicatesCollapsed = dataset.duplicatesCollapsed
        poisoned.rowsBelowThreshold = dataset.rowsBelowThreshold
        poisoned.injectedUsers = dataset.injectedUsers + Array(dataset.userCount..<users.count)

        let added = fakeCount * profileSize
        let budget = PoisoningBudget(
            fakeUsers: fakeCount, interactionsAdded: added, profileSize: profileSize,
            shareOfUsers: Double(fakeCount) / Double(users.count),
            shareOfInteractions: Double(added) / Double(train.count))
        return PoisonedDataset(dataset: poisoned, budget: budget, targets: targetItems, selectedItems: selected.sorted())
    }

    static func popularity(_ train: InteractionMatrix) -> [Int] {
        var counts = [Int](repeating: 0, count: train.itemCount)
        for item in train.items { counts[Int(item)] += 1 }
        return counts
    }

    /// For each item, how many users who have any target in training also have it.
    static func coConsumption(with targets: [Int], in dataset: Dataset) -> [Double] {
        var counts = [Double](repeating: 0, count: dataset.itemCount)
        let injected = Set(dataset.injectedUsers)
        for u in 0..<dataset.userCount where !injected.contains(u) {
            let row = dataset.train.items(of: u)
            guard targets.contains(where: { dataset.train.contains(user: u, item: $0) }) else { continue }
            for item in row { counts[Int(item)] += 1 }
        }
        return counts
    }

    /// The `n` items with the largest weights (ties: lower index first), excluding some.
    static func top(_ n: Int, by weights: [Double], excluding excluded: Set<Int>) -> [Int] {
        let order = weights.indices.filter { !excluded.contains($0) }.sorted { a, b in
            weights[a] != weights[b] ? weights[a] > weights[b] : a < b
        }
        return Array(order.prefix(n))
    }

    /// `n` distinct items outside `excluded`: uniformly, or in proportion to `weights` (items of
    /// weight 0 are drawn uniformly once the weighted ones run out). Weighted draws come from
    /// `popular` (an alias table of `weights`) and a repeat is drawn again: that is sequential
    /// sampling without replacement, at O(1) per draw. Should repeats pile up (the weight left
    /// is a sliver of the total), the rest is drawn exactly from what is left.
    static func drawFiller(
        _ n: Int, itemCount: Int, excluding excluded: Set<Int>, weights: [Double]?, popular: AliasTable?,
        generator: inout SeededGenerator
    ) -> [Int] {
        var taken = excluded
        var chosen: [Int] = []
        chosen.reserveCapacity(n)
        if let weights, let popular {
            let wanted = min(n, (0..<itemCount).filter { weights[$0] > 0 && !excluded.contains($0) }.count)
            var attempts = 0
            while chosen.count < wanted && attempts < 64 * n + 1024 {
                attempts += 1
                let item = popular.draw(generator.next())
                if taken.insert(item).inserted { chosen.append(item) }
            }
            if chosen.count < wanted {
                var left = (0..<itemCount).filter { weights[$0] > 0 && !taken.contains($0) }
                var total = left.reduce(0.0) { $0 + weights[$1] }
                while chosen.count < wanted {
                    var x = generator.nextUnitDouble() * total
                    var pick = left.count - 1
                    for (position, item) in left.enumerated() {
                        if x < weights[item] { pick = position; break }
                        x -= weights[item]
                    }
                    let item = left.remove(at: pick)
                    total = max(0, total - weights[item])
                    taken.insert(item)
                    chosen.append(item)
                }
            }
        }
        // Uniform: a partial Fisher–Yates shuffle of what is left.
        var pool = (0..<itemCount).filter { !taken.contains($0) }
        var i = 0
        while chosen.count < n {
            let j = i + generator.nextInt(below: pool.count - i)
            pool.swapAt(i, j)
            chosen.append(pool[i])
            i += 1
        }
        return chosen
    }
}
