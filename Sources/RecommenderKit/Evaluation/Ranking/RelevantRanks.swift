/// Where one user's relevant (test) items land in the ranking of all their candidates.
///
/// Candidates are every item outside the user's training set, plus the relevant items
/// even when they also appear in training (as the seed does). The ranking orders
/// candidates by descending score; ties are resolved against the model: a relevant item
/// comes after every non-relevant candidate with an equal score, and tied relevant items
/// come in ascending item order. A NaN score ranks below every number.
struct RelevantRanks {
    /// 0-based positions of the relevant items, ascending (strictly increasing).
    var ranks: [Int]
    /// Candidates that are not relevant.
    var negativeCount: Int

    /// Ranks one user's relevant items, with a single pass over the score row.
    ///
    /// - Parameters:
    ///   - row: the user's scores for every item; training and relevant entries are
    ///     overwritten with NaN (the masking), the rest is left alone.
    ///   - training: the user's training items, sorted ascending.
    ///   - relevant: the user's test items, sorted ascending, not empty.
    init(row: UnsafeMutableBufferPointer<Float>, training: ArraySlice<Int32>, relevant: ArraySlice<Int32>) {
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
            ranks = [s.isNaN ? negativeCount : countAtLeast(s, in: counted)]
        } else {
            ranks = RelevantRanks.rankMany(relevantScores, row: counted, negativeCount: negativeCount)
        }
    }

    /// Several relevant items: one pass that buckets every negative score by how many
    /// relevant scores it reaches, then suffix sums give "negatives ≥ score" per item.
    static func rankMany(_ scores: [Float], row: UnsafeBufferPointer<Float>, negativeCount: Int) -> [Int] {
        // Ranking order of the relevant items: score descending, NaN last, item order on ties.
        let order = scores.indices.sorted { a, b in
            let sa = scores[a], sb = scores[b]
            if sa.isNaN != sb.isNaN { return sb.isNaN }
            if !sa.isNaN && sa != sb { return sa > sb }
            return a < b
        }
        let thresholds = Array(Set(scores.filter { !$0.isNaN })).sorted()
        var reached = [Int](repeating: 0, count: thresholds.count + 1)
        if let lowest = thresholds.first {
            for x in row where x >= lowest {  // NaN (masked) entries fail this test
                // Number of thresholds ≤ x (at least 1 here).
                var lo = 1, hi = thresholds.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if thresholds[mid] <= x { lo = mid + 1 } else { hi = mid }
                }
                reached[lo] += 1
            }
        }
        // atLeast[k] = negatives scoring ≥ thresholds[k].
        var atLeast = [Int](repeating: 0, count: thresholds.count)
        var running = 0
        for k in stride(from: thresholds.count - 1, through: 0, by: -1) {
            running += reached[k + 1]
            atLeast[k] = running
        }
        var ranks: [Int] = []
        ranks.reserveCapacity(scores.count)
        for (position, index) in order.enumerated() {
            let s = scores[index]
            let negativesAbove: Int
            if s.isNaN {
                negativesAbove = negativeCount
            } else {
                var lo = 0, hi = thresholds.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if thresholds[mid] < s { lo = mid + 1 } else { hi = mid }
                }
                negativesAbove = atLeast[lo]
            }
            // `position` relevant items precede this one in the ranking.
            ranks.append(negativesAbove + position)
        }
        return ranks
    }
}

/// Number of entries `≥ threshold` (NaN entries never count). The hot loop of
/// leave-one-out evaluation, eight lanes at a time.
@inline(__always)
func countAtLeast(_ threshold: Float, in row: UnsafeBufferPointer<Float>) -> Int {
    let n = row.count
    guard let base = row.baseAddress else { return 0 }
    let t = SIMD8<Float>(repeating: threshold)
    let zero = SIMD8<Int32>(repeating: 0)
    var lanes = SIMD8<Int32>(repeating: 0)
    var i = 0
    let raw = UnsafeRawPointer(base)
    while i + 8 <= n {
        let v = raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
        lanes &-= zero.replacing(with: -1, where: v .>= t)
        i &+= 8
        // Int32 lanes cannot overflow: each grows by at most n / 8.
    }
    var count = Int(lanes.wrappedSum())
    while i < n {
        if base[i] >= threshold { count += 1 }
        i += 1
    }
    return count
}
