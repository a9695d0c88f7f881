/// Where one user's relevant (test) items land in the ranking of all their candidates.
///
/// Candidates are every item outside the user's training set, plus the relevant items
/// even when they also appear in training (as the seed does). The ranking orders
/// candidates by descending score. Relevant items with equal scores form a **tie group**
/// together with the negatives of that score; how a group is ordered is the evaluation's
/// `TiePolicy`. `ranks` are the pessimistic ranks: a relevant item after every tied
/// negative, tied relevant items in ascending item order. A NaN score ranks below every number.
struct RelevantRanks {
    /// Relevant items sharing one score, with the negatives of that score.
    struct TieGroup: Equatable {
        /// Candidates strictly ahead of the group: negatives scoring higher plus `relevantAhead`.
        var ahead: Int
        /// Relevant items in the group (g ≥ 1).
        var relevant: Int
        /// Negatives with exactly the group's score (t ≥ 0); the group spans g + t positions.
        var tiedNegatives: Int
        /// Relevant items of better-scoring groups (all ranked before this group).
        var relevantAhead: Int

        var size: Int { relevant + tiedNegatives }
        /// Negatives scoring strictly higher.
        var negativesAhead: Int { ahead - relevantAhead }
    }

    /// Tie groups, best score first; NaN relevant items form the last group, after every negative.
    var groups: [TieGroup]
    /// Candidates that are not relevant.
    var negativeCount: Int

    /// 0-based pessimistic positions of the relevant items, ascending (strictly increasing).
    var ranks: [Int] { ranks(.pessimistic) }

    /// Positions of the relevant items when ties go against (`pessimistic`) or for
    /// (`optimistic`) the model; `expected` has no single ranking (see `ExpectedTieMetrics`).
    func ranks(_ policy: TiePolicy) -> [Int] {
        precondition(policy != .expected, "expected ties have no single ranking")
        var ranks: [Int] = []
        ranks.reserveCapacity(groups.reduce(0) { $0 + $1.relevant })
        for group in groups {
            let first = group.ahead + (policy == .pessimistic ? group.tiedNegatives : 0)
            for i in 0..<group.relevant { ranks.append(first + i) }
        }
        return ranks
    }

    /// Ranks one user's relevant items, with a single pass over the score row (two when
    /// ties matter: one counts scores ≥, one scores >).
    ///
    /// - Parameters:
    ///   - row: the user's scores for every item; training and relevant entries are
    ///     overwritten with NaN (the masking), the rest is left alone.
    ///   - training: the user's training items, sorted ascending (empty: nothing masked).
    ///   - relevant: the user's test items, sorted ascending, not empty.
    ///   - countTies: whether tied negatives must be counted apart (any policy but pessimistic).
    init(row: UnsafeMutableBufferPointer<Float>, training: ArraySlice<Int32>, relevant: ArraySlice<Int32>, countTies: Bool = false) {
        precondition(!relevant.isEmpty)
        let relevantScores = relevant.map { row[Int($0)] }

        // Mask: a masked entry is NaN, and NaN is never ≥ anything, so it never counts.
        var maskedTraining = 0
        var r = relevant.startIndex
        for t in training {
            while r < relevant.endIndex && relevant[r] < t { r += 1 }
            if r < relevant.endIndex && relevant[r] == t { continue }
            row[Int(t)] = .nan
            maskedTraining += 1
        }
        for item in relevant { row[Int(item)] = .nan }
        negativeCount = row.count - maskedTraining - relevant.count

        let counted = UnsafeBufferPointer(row)
        if relevantScores.count == 1 {
            let s = relevantScores[0]
            if s.isNaN {
                groups = [TieGroup(ahead: negativeCount, relevant: 1, tiedNegatives: 0, relevantAhead: 0)]
            } else {
                let atLeast = countAtLeast(s, in: counted)
                let above = countTies ? countAbove(s, in: counted) : atLeast
                groups = [TieGroup(ahead: above, relevant: 1, tiedNegatives: atLeast - above, relevantAhead: 0)]
            }
        } else {
            groups = RelevantRanks.groupMany(relevantScores, row: counted, negativeCount: negativeCount)
        }
    }

    /// Several relevant items, pessimistic ranks (see `groupMany`).
    static func rankMany(_ scores: [Float], row: UnsafeBufferPointer<Float>, negativeCount: Int) -> [Int] {
        RelevantRanks(groups: groupMany(scores, row: row, negativeCount: negativeCount), negativeCount: negativeCount).ranks
    }

    private init(groups: [TieGroup], negativeCount: Int) {
        self.groups = groups
        self.negativeCount = negativeCount
    }

    /// Several relevant items: one pass that buckets every negative score by how many
    /// relevant scores it reaches (and whether it equals one), then suffix sums give
    /// "negatives ≥ score" and "negatives = score" per distinct relevant score.
    static func groupMany(_ scores: [Float], row: UnsafeBufferPointer<Float>, negativeCount: Int) -> [TieGroup] {
        let thresholds = Array(Set(scores.filter { !$0.isNaN })).sorted()
        var reached = [Int](repeating: 0, count: thresholds.count + 1)
        var equal = [Int](repeating: 0, count: thresholds.count)
        if let lowest = thresholds.first {
            for x in row where x >= lowest {  // NaN (masked) entries fail this test
                // Number of thresholds ≤ x (at least 1 here).
                var lo = 1, hi = thresholds.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if thresholds[mid] <= x { lo = mid + 1 } else { hi = mid }
                }
                reached[lo] += 1
                if thresholds[lo - 1] == x { equal[lo - 1] += 1 }
            }
        }
        // atLeast[k] = negatives scoring ≥ thresholds[k].
        var atLeast = [Int](repeating: 0, count: thresholds.count)
        var running = 0
        for k in stride(from: thresholds.count - 1, through: 0, by: -1) {
            running += reached[k + 1]
            atLeast[k] = running
        }
        var groups: [TieGroup] = []
        var relevantAhead = 0
        for k in stride(from: thresholds.count - 1, through: 0, by: -1) {
            let g = scores.filter { $0 == thresholds[k] }.count
            let above = atLeast[k] - equal[k]
            groups.append(TieGroup(ahead: above + relevantAhead, relevant: g, tiedNegatives: equal[k], relevantAhead: relevantAhead))
            relevantAhead += g
        }
        let nanCount = scores.count - relevantAhead
        if nanCount > 0 {
            groups.append(TieGroup(ahead: negativeCount + relevantAhead, relevant: nanCount, tiedNegatives: 0, relevantAhead: relevantAhead))
        }
        return groups
    }
}

/// Number of entries `≥ threshold` (NaN entries never count). The hot loop of
/// leave-one-out evaluation, eight lanes at a time.
@inline(__always)
func countAtLeast(_ threshold: Float, in row: UnsafeBufferPointer<Float>) -> Int {
    count(in: row, threshold, strictly: false)
}

/// Number of entries `> threshold` (NaN entries never count), for tie-aware policies.
@inline(__always)
func countAbove(_ threshold: Float, in row: UnsafeBufferPointer<Float>) -> Int {
    count(in: row, threshold, strictly: true)
}

/// Entries above (`strictly`) or at least at `threshold`. Always inlined with a constant
/// `strictly`, so each caller gets its own branch-free loop.
@inline(__always)
private func count(in row: UnsafeBufferPointer<Float>, _ threshold: Float, strictly: Bool) -> Int {
    let n = row.count
    guard let base = row.baseAddress else { return 0 }
    let t = SIMD8<Float>(repeating: threshold)
    let zero = SIMD8<Int32>(repeating: 0)
    var lanes = SIMD8<Int32>(repeating: 0)
    var i = 0
    let raw = UnsafeRawPointer(base)
    while i + 8 <= n {
        let v = raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
        lanes &-= zero.replacing(with: -1, where: strictly ? v .> t : v .>= t)
        i &+= 8
        // Int32 lanes cannot overflow: each grows by at most n / 8.
    }
    var count = Int(lanes.wrappedSum())
    while i < n {
        if strictly ? base[i] > threshold : base[i] >= threshold { count += 1 }
        i += 1
    }
    return count
}
