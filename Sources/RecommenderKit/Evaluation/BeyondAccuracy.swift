#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every item's training popularity and the popular head of the catalogue, for the
/// beyond-accuracy metrics (definitions and sources in docs/evaluation.md).
public struct ItemPopularity: Sendable, Equatable {
    /// Training users of each item (an item's training interactions: one per user).
    public let counts: [Int]
    /// Whether each item is in the short head: the most popular items (ties: lower index
    /// first) that together first reach `headShare` of all training interactions.
    public let isHead: [Bool]
    public let userCount: Int

    public init(dataset: Dataset, headShare: Double = 0.2) {
        var counts = [Int](repeating: 0, count: dataset.itemCount)
        for item in dataset.train.items { counts[Int(item)] += 1 }
        self.counts = counts
        userCount = dataset.userCount
        let total = counts.reduce(0, +)
        var isHead = [Bool](repeating: false, count: counts.count)
        let order = counts.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        var held = 0
        for item in order where Double(held) < headShare * Double(total) {
            isHead[item] = true
            held += counts[item]
        }
        self.isHead = isHead
    }

    /// A list's value of a per-user beyond-accuracy metric (an empty list gives 0).
    func listValue(_ metric: Metric, of list: ArraySlice<Int32>) -> Double {
        guard !list.isEmpty else { return 0 }
        var sum = 0.0
        for item in list {
            let i = Int(item)
            switch metric {
            case .arp: sum += Double(counts[i])
            case .aplt: sum += isHead[i] ? 0 : 1
            // An item nobody trained on counts as seen once: its self-information stays finite.
            case .novelty: sum -= log2(Double(max(counts[i], 1)) / Double(userCount))
            default: preconditionFailure("\(metric) is not a per-list metric")
            }
        }
        return sum / Double(list.count)
    }

    /// Coverage or the Gini index of the top-k prefixes of `lists` (corpus-level).
    func corpusValue(_ metric: Metric, lists: [[Int32]], k: Int) -> Double {
        var exposure = [Int](repeating: 0, count: counts.count)
        for list in lists {
            for item in list.prefix(k) { exposure[Int(item)] += 1 }
        }
        switch metric {
        case .coverage:
            return Double(exposure.filter { $0 > 0 }.count) / Double(counts.count)
        case .gini:
            return ItemPopularity.gini(exposure)
        default:
            preconditionFailure("\(metric) is not a corpus metric")
        }
    }

    /// G = Σ_{i=1…n} (2i − n − 1) x_(i) / (n Σ x) over the values sorted ascending: 0 when every
    /// item is recommended equally often, (n − 1)/n when one item takes every slot.
    public static func gini(_ values: [Int]) -> Double {
        let sorted = values.sorted()
        let n = Double(sorted.count)
        let total = Double(sorted.reduce(0, +))
        guard total > 0 else { return 0 }
        var weighted = 0.0
        for (index, x) in sorted.enumerated() { weighted += (2 * Double(index + 1) - n - 1) * Double(x) }
        return weighted / (n * total)
    }
}
