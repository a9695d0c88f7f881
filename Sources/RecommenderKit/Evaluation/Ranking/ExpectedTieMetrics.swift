#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ties=expected`: each metric's exact mean over every order of each tie group, all orders
/// equally likely (derivations in docs/evaluation.md, "Tie policies").
///
/// A group of g relevant items and t tied negatives that S candidates precede fills the
/// positions S, S+1, …, S+N−1 (N = g + t); its relevant items take a uniformly random
/// g-subset of them. Each relevant item alone is then uniform over the N positions, which
/// gives every metric that sums over relevant items (precision, recall, nDCG, AUC, and MAP
/// once its precision term is conditioned); HR and MRR depend on the best relevant position,
/// the minimum of the subset, whose law is hypergeometric: P(min ≥ x) = C(N−x, g) / C(N, g).
extension RelevantRanks {
    func expectedValue(of key: MetricKey) -> Double {
        let m = groups.reduce(0) { $0 + $1.relevant }
        switch key.metric {
        case .auc:
            // A tied negative is ahead of a given relevant item in half the orders.
            guard negativeCount > 0 else { return 1 }
            var misordered = 0.0
            for group in groups {
                misordered += Double(group.relevant) * (Double(group.negativesAhead) + Double(group.tiedNegatives) / 2)
            }
            return 1 - misordered / (Double(m) * Double(negativeCount))
        case .mrr:
            let best = groups[0]
            var sum = 0.0
            for (x, p) in RelevantRanks.minimumLaw(size: best.size, relevant: best.relevant).enumerated() {
                sum += p / Double(best.ahead + x + 1)
            }
            return sum
        case .hr:
            let best = groups[0]
            let within = RelevantRanks.positionsBefore(key.cutoff!, in: best)
            return 1 - RelevantRanks.probabilityNoneIn(first: within, size: best.size, relevant: best.relevant)
        case .precision, .recall:
            let k = key.cutoff!
            var hits = 0.0
            for group in groups {
                hits += Double(group.relevant) * Double(RelevantRanks.positionsBefore(k, in: group)) / Double(group.size)
            }
            return hits / Double(key.metric == .precision ? k : m)
        case .ndcg:
            let k = key.cutoff!
            var dcg = 0.0
            for group in groups {
                let share = Double(group.relevant) / Double(group.size)
                for x in 0..<RelevantRanks.positionsBefore(k, in: group) {
                    dcg += share / log2(Double(group.ahead + x + 2))
                }
            }
            return dcg / RelevantRanks.idealDCG(relevant: m, cutoff: k)
        case .map:
            // Position S+x holds a relevant item with probability g/N; given that, the
            // relevant items at or before it are the p of better groups, itself, and each of
            // the other g−1 with probability x/(N−1).
            let k = key.cutoff!
            var sum = 0.0
            for group in groups {
                let (g, n) = (Double(group.relevant), Double(group.size))
                for x in 0..<RelevantRanks.positionsBefore(k, in: group) {
                    let others = group.size > 1 ? (g - 1) * Double(x) / (n - 1) : 0
                    sum += g / n * (Double(group.relevantAhead) + 1 + others) / Double(group.ahead + x + 1)
                }
            }
            return sum / Double(min(m, k))
        case .coverage, .gini, .arp, .aplt, .novelty:
            preconditionFailure("\(key) is measured on top-K lists, not on ranks")
        }
    }

    /// How many of the group's positions lie in the top k.
    static func positionsBefore(_ k: Int, in group: TieGroup) -> Int {
        max(0, min(group.size, k - group.ahead))
    }

    /// P(no relevant item among the first c of N positions) = C(N−c, g) / C(N, g)
    /// = Π_{i<g} (N−c−i) / (N−i).
    static func probabilityNoneIn(first c: Int, size n: Int, relevant g: Int) -> Double {
        var p = 1.0
        for i in 0..<g {
            let free = n - c - i
            if free <= 0 { return 0 }
            p *= Double(free) / Double(n - i)
        }
        return p
    }

    /// The law of the best relevant offset X in a group: P(X = x) = C(N−1−x, g−1) / C(N, g)
    /// for x = 0 … N−g, by the ratio P(x+1)/P(x) = (N−x−g) / (N−1−x).
    static func minimumLaw(size n: Int, relevant g: Int) -> [Double] {
        var law: [Double] = []
        law.reserveCapacity(n - g + 1)
        var p = Double(g) / Double(n)
        for x in 0...(n - g) {
            law.append(p)
            if x < n - g { p *= Double(n - x - g) / Double(n - 1 - x) }
        }
        return law
    }
}
