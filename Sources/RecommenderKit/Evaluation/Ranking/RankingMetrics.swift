#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Metric values of one user from the positions of their relevant items.
/// With a single relevant item these reduce to the seed's leave-one-out formulas.
extension RelevantRanks {
    func value(of key: MetricKey, ties: TiePolicy = .pessimistic) -> Double {
        if ties == .expected { return expectedValue(of: key) }
        return value(of: key, ranks: ranks(ties))
    }

    /// The metric from explicit ranks (`ranks(policy)`, computed once per user by the caller).
    func value(of key: MetricKey, ranks: [Int]) -> Double {
        let m = ranks.count
        switch key.metric {
        case .auc:
            // Pairs (relevant, negative) ordered wrongly: the j-th relevant item has
            // ranks[j] − j negatives before it.
            guard negativeCount > 0 else { return 1 }
            var misordered = 0
            for (j, r) in ranks.enumerated() { misordered += r - j }
            return 1 - Double(misordered) / (Double(m) * Double(negativeCount))
        case .mrr:
            return 1 / Double(ranks[0] + 1)
        case .hr, .ndcg, .precision, .recall, .map:
            let k = key.cutoff!
            var hits = 0
            while hits < m && ranks[hits] < k { hits += 1 }
            switch key.metric {
            case .hr:
                return hits > 0 ? 1 : 0
            case .precision:
                return Double(hits) / Double(k)
            case .recall:
                return Double(hits) / Double(m)
            case .ndcg:
                var dcg = 0.0
                for j in 0..<hits { dcg += 1 / log2(Double(ranks[j] + 2)) }
                return dcg / RelevantRanks.idealDCG(relevant: m, cutoff: k)
            case .map:
                var sum = 0.0
                for j in 0..<hits { sum += Double(j + 1) / Double(ranks[j] + 1) }
                return sum / Double(min(m, k))
            default:
                preconditionFailure()
            }
        case .coverage, .gini, .arp, .aplt, .novelty:
            preconditionFailure("\(key) is measured on top-K lists, not on ranks")
        }
    }

    static func idealDCG(relevant m: Int, cutoff k: Int) -> Double {
        var ideal = 0.0
        for j in 0..<min(m, k) { ideal += 1 / log2(Double(j + 2)) }
        return ideal
    }
}
