/// Seeded synthetic implicit-feedback datasets in the ECIR leave-one-out shape (one test
/// item per user), shaped like MovieLens: Zipf-like item popularity, heavy-tailed user
/// activity, and latent taste structure a factor model can partly learn.
///
/// Model (docs/data.md): items get a popularity weight (rank r ↦ (r+1)^−s, ranks shuffled)
/// and a latent vector; taste centres are latent vectors too. A user belongs to one centre and
/// draws distinct items: with probability `popularityShare` by popularity alone, otherwise by
/// popularity · exp(sharpness · ⟨centre, item⟩). One of the user's items, chosen at random, is the
/// test item. Every draw uses an alias table, so the cost is linear in the interactions.
public enum SyntheticDataset {
    public static func generate(_ configuration: SyntheticDatasetConfiguration) throws -> Dataset {
        let problems = configuration.problems
        if !problems.isEmpty {
            throw DataError(path: "<synthetic>", message: "invalid configuration: " + problems.joined(separator: "; "))
        }
        let c = configuration
        let root = SeededGenerator(seed: c.seed)
        let tables = samplingTables(c, generator: root.derived("items"))

        // Per-user activity: minimum + lognormal excess whose mean makes the requested average.
        let sigma = c.activitySpread
        let mu = logOf(c.meanInteractionsPerUser - Double(c.minInteractionsPerUser) + 0.5) - sigma * sigma / 2
        let maximum = max(c.minInteractionsPerUser, c.items / 2)

        var trainOffsets = [0], testItems: [Int32] = []
        trainOffsets.reserveCapacity(c.users + 1)
        testItems.reserveCapacity(c.users)
        var trainItems: [Int32] = []
        trainItems.reserveCapacity(Int(Double(c.users) * c.meanInteractionsPerUser))
        var stamp = [Int32](repeating: -1, count: c.items)
        var chosen: [Int32] = []
        let userStreams = root.derived("users")
        for u in 0..<c.users {
            var g = userStreams.derived(UInt64(u))
            let excess = (mu + sigma * standardNormal(&g)).clampedExp()
            let count = min(maximum, c.minInteractionsPerUser + Int(excess))
            let cluster = g.nextInt(below: c.preferenceClusters)
            chosen.removeAll(keepingCapacity: true)
            var attempts = 0
            // Rejection keeps items distinct; the attempt cap bounds the work for very active
            // users of a concentrated taste, whose remaining items are then drawn uniformly.
            while chosen.count < count && attempts < 8 * count + 64 {
                attempts += 1
                let table = g.nextUnitDouble() < c.popularityShare ? tables.popularity : tables.clusters[cluster]
                let item = table.draw(g.next())
                if stamp[item] != Int32(u) {
                    stamp[item] = Int32(u)
                    chosen.append(Int32(item))
                }
            }
            while chosen.count < count {
                let item = g.nextInt(below: c.items)
                if stamp[item] != Int32(u) {
                    stamp[item] = Int32(u)
                    chosen.append(Int32(item))
                }
            }
            // Draws come in time order; the last one is the test item, as in a leave-one-out
            // split by timestamp. Without replacement, later draws lean towards less popular items.
            testItems.append(chosen[count - 1])
            trainItems.append(contentsOf: chosen[0..<(count - 1)])
            trainOffsets.append(trainItems.count)
        }

        let extra = adoptNeverChosenItems(c, trainItems: trainItems, testItems: testItems, generator: root.derived("adopt"))
        let train = sortedRows(userCount: c.users, itemCount: c.items, offsets: trainOffsets, items: trainItems, extra: extra)
        let test = InteractionMatrix(
            userCount: c.users, itemCount: c.items, rowOffsets: Array(0...c.users), items: testItems)
        return Dataset(
            name: "synthetic-\(c.users)x\(c.items)",
            users: IDMap(rawIDs: (0..<c.users).map(String.init)),
            items: IDMap(rawIDs: (0..<c.items).map(String.init)),
            train: train, test: test)
    }

    struct SamplingTables {
        var popularity: AliasTable
        var clusters: [AliasTable]
    }

    /// Popularity weights, latent item vectors and taste centres, compiled into alias tables.
    static func samplingTables(_ c: SyntheticDatasetConfiguration, generator: SeededGenerator) -> SamplingTables {
        var g = generator
        var rank = Array(0..<c.items)
        rank.shuffle(using: &g)
        let popularity = rank.map { powOf(Double($0 + 1), -c.popularityExponent) }
        let k = c.latentFactors
        let scale = 1 / k.squareRootDouble
        var itemVectors = [Double](repeating: 0, count: c.items * k)
        for j in itemVectors.indices { itemVectors[j] = standardNormal(&g) * scale }
        var clusters: [AliasTable] = []
        var centre = [Double](repeating: 0, count: k)
        var weights = [Double](repeating: 0, count: c.items)
        for _ in 0..<c.preferenceClusters {
            for f in 0..<k { centre[f] = standardNormal(&g) }
            for i in 0..<c.items {
                var affinity = 0.0
                for f in 0..<k { affinity += centre[f] * itemVectors[i * k + f] }
                weights[i] = popularity[i] * expOf(c.preferenceSharpness * affinity)
            }
            clusters.append(AliasTable(weights: weights))
        }
        return SamplingTables(popularity: AliasTable(weights: popularity), clusters: clusters)
    }

    /// Gives every item no user chose one training interaction with a random user, so that
    /// every item index occurs in the data (as in MovieLens, where every item has a rating).
    static func adoptNeverChosenItems(
        _ c: SyntheticDatasetConfiguration, trainItems: [Int32], testItems: [Int32], generator: SeededGenerator
    ) -> [(user: Int, item: Int32)] {
        var seen = [Bool](repeating: false, count: c.items)
        for i in trainItems { seen[Int(i)] = true }
        for i in testItems { seen[Int(i)] = true }
        var g = generator
        var extra: [(user: Int, item: Int32)] = []
        for i in 0..<c.items where !seen[i] { extra.append((g.nextInt(below: c.users), Int32(i))) }
        return extra
    }

    /// Compressed rows from unsorted per-user lists plus extra (user, item) pairs.
    static func sortedRows(
        userCount: Int, itemCount: Int, offsets: [Int], items: [Int32], extra: [(user: Int, item: Int32)]
    ) -> InteractionMatrix {
        var extraCount = [Int](repeating: 0, count: userCount)
        for e in extra { extraCount[e.user] += 1 }
        var rowOffsets = [Int](repeating: 0, count: userCount + 1)
        for u in 0..<userCount { rowOffsets[u + 1] = rowOffsets[u] + (offsets[u + 1] - offsets[u]) + extraCount[u] }
        var out = [Int32](repeating: 0, count: rowOffsets[userCount])
        var cursor = Array(rowOffsets[0..<userCount])
        for u in 0..<userCount {
            for i in items[offsets[u]..<offsets[u + 1]] { out[cursor[u]] = i; cursor[u] += 1 }
        }
        for e in extra { out[cursor[e.user]] = e.item; cursor[e.user] += 1 }
        out.withUnsafeMutableBufferPointer { buffer in
            for u in 0..<userCount {
                var row = UnsafeMutableBufferPointer(rebasing: buffer[rowOffsets[u]..<rowOffsets[u + 1]])
                row.sort()
            }
        }
        return InteractionMatrix(userCount: userCount, itemCount: itemCount, rowOffsets: rowOffsets, items: out)
    }
}

/// A standard normal deviate (Box–Muller; one of the pair is discarded to keep streams simple).
func standardNormal(_ g: inout SeededGenerator) -> Double {
    let u1 = 1 - g.nextUnitDouble()  // (0, 1]
    let u2 = g.nextUnitDouble()
    return (-2 * logOf(u1)).squareRoot() * cosOf(2 * Double.pi * u2)
}

extension Double {
    /// e^self, capped so that huge draws cannot overflow an `Int` conversion.
    fileprivate func clampedExp() -> Double { min(expOf(self), 1e9) }
}

extension Int {
    fileprivate var squareRootDouble: Double { Double(self).squareRoot() }
}
