#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Item-based nearest neighbours on a binary training matrix X (users × items).
public struct ItemKNNConfiguration: Sendable, Equatable, Codable {
    /// Similarities kept per item (the largest; ties go to the lower item index).
    public var neighbours: Int
    /// Added to the denominator of the cosine: damps similarities resting on few common users.
    public var shrink: Float

    public init(neighbours: Int = 100, shrink: Float = 10) {
        precondition(neighbours >= 1, "neighbours must be at least 1")
        precondition(shrink >= 0, "shrink must not be negative")
        self.neighbours = neighbours
        self.shrink = shrink
    }
}

/// ItemKNN (Sarwar et al. 2001; shrunk cosine as in Ferrari Dacrema et al. 2019):
/// `sim(i, j) = |U_i ∩ U_j| / (√|U_i| · √|U_j| + shrink)` for j ≠ i, of which row i keeps its
/// `neighbours` largest; `score(u, i) = Σ_{j ∈ train(u)} sim(i, j)` over the kept entries.
/// Counts are exact integers and every sum runs in a fixed order, so the model and its scores
/// never depend on the thread count.
public struct ItemKNN: Recommender, Equatable, Codable {
    public let configuration: ItemKNNConfiguration
    /// The training matrix: scoring sums over a user's training items.
    public let training: InteractionMatrix
    /// Row i's kept neighbours: `neighbourItems[neighbourOffsets[i]..<neighbourOffsets[i + 1]]`,
    /// ascending, with their similarities in `neighbourSimilarities`.
    public let neighbourOffsets: [Int]
    public let neighbourItems: [Int32]
    public let neighbourSimilarities: [Float]
    /// The same entries by column: for item j, the items i that keep j, with sim(i, j).
    private let keptByOffsets: [Int]
    private let keptByItems: [Int32]
    private let keptBySimilarities: [Float]

    public var userCount: Int { training.userCount }
    public var itemCount: Int { training.itemCount }

    /// Items per parallel chunk: fixed, so the work split never depends on the thread count.
    static let chunkItems = 64

    public init(training: InteractionMatrix, configuration: ItemKNNConfiguration = ItemKNNConfiguration(), context: ComputeContext = .singleThreaded) {
        let cooccurrence = ItemCooccurrence(training: training)
        let itemCount = training.itemCount
        let norms = (0..<itemCount).map { Float(cooccurrence.itemPopularity($0)).squareRoot() }
        let chunkCount = (itemCount + Self.chunkItems - 1) / Self.chunkItems
        let results = DisjointWrites<[(item: Int32, similarity: Float)]>(count: itemCount, repeating: [])
        let keep = configuration.neighbours, shrink = configuration.shrink
        context.forEachChunk(chunkCount, scratch: { [Int32](repeating: 0, count: itemCount) }) { counts, chunk in
            counts.withUnsafeMutableBufferPointer { counts in
                for item in (chunk * Self.chunkItems)..<min((chunk + 1) * Self.chunkItems, itemCount) {
                    cooccurrence.row(item, into: counts)
                    var kept = NeighbourSelection(capacity: keep)
                    for other in 0..<itemCount where other != item && counts[other] > 0 {
                        kept.offer(Int32(other), Float(counts[other]) / (norms[item] * norms[other] + shrink))
                    }
                    results.write(kept.byItem(), at: item)
                }
            }
        }
        let rows = results.finish()
        var offsets = [0], items: [Int32] = [], similarities: [Float] = []
        offsets.reserveCapacity(itemCount + 1)
        for row in rows {
            for entry in row {
                items.append(entry.item)
                similarities.append(entry.similarity)
            }
            offsets.append(items.count)
        }
        // By column: counting sort; rows are visited in ascending order, so each column is too.
        var columnOffsets = [Int](repeating: 0, count: itemCount + 1)
        for j in items { columnOffsets[Int(j) + 1] += 1 }
        for j in 0..<itemCount { columnOffsets[j + 1] += columnOffsets[j] }
        var cursor = columnOffsets
        var columnItems = [Int32](repeating: 0, count: items.count)
        var columnSimilarities = [Float](repeating: 0, count: items.count)
        for i in 0..<itemCount {
            for position in offsets[i]..<offsets[i + 1] {
                let j = Int(items[position])
                columnItems[cursor[j]] = Int32(i)
                columnSimilarities[cursor[j]] = similarities[position]
                cursor[j] += 1
            }
        }
        self.configuration = configuration
        self.training = training
        neighbourOffsets = offsets
        neighbourItems = items
        neighbourSimilarities = similarities
        keptByOffsets = columnOffsets
        keptByItems = columnItems
        keptBySimilarities = columnSimilarities
    }

    /// The kept similarity sim(i, j), 0 when row i did not keep j.
    public func similarity(_ i: Int, _ j: Int) -> Float {
        let row = neighbourOffsets[i]..<neighbourOffsets[i + 1]
        guard let position = neighbourItems[row].firstIndex(of: Int32(j)) else { return 0 }
        return neighbourSimilarities[position]
    }

    public func scores(forUsers users: Range<Int>, into buffer: UnsafeMutableBufferPointer<Float>) {
        let items = itemCount
        precondition(users.lowerBound >= 0 && users.upperBound <= userCount, "users \(users) outside 0..<\(userCount)")
        precondition(buffer.count >= users.count * items, "score buffer holds \(buffer.count) values, needs \(users.count * items)")
        keptByItems.withUnsafeBufferPointer { keptItems in
            keptBySimilarities.withUnsafeBufferPointer { keptSimilarities in
                for (row, user) in users.enumerated() {
                    let scores = buffer.baseAddress! + row * items
                    scores.update(repeating: 0, count: items)
                    for j in training.items(of: user) {
                        for position in keptByOffsets[Int(j)]..<keptByOffsets[Int(j) + 1] {
                            scores[Int(keptItems[position])] += keptSimilarities[position]
                        }
                    }
                }
            }
        }
    }
}

/// The `capacity` best (item, similarity) pairs offered, best = larger similarity, then lower
/// item: a min-heap whose root is the worst kept pair, so most offers cost one comparison.
struct NeighbourSelection {
    private var heap: [(item: Int32, similarity: Float)] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        heap.reserveCapacity(min(capacity, 1024))
    }

    /// Whether a is worse than b.
    @inline(__always)
    private static func worse(_ a: (item: Int32, similarity: Float), _ b: (item: Int32, similarity: Float)) -> Bool {
        a.similarity != b.similarity ? a.similarity < b.similarity : a.item > b.item
    }

    mutating func offer(_ item: Int32, _ similarity: Float) {
        let entry = (item: item, similarity: similarity)
        if heap.count < capacity {
            heap.append(entry)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.worse(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
            return
        }
        guard Self.worse(heap[0], entry) else { return }
        heap[0] = entry
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count && Self.worse(heap[left], heap[worst]) { worst = left }
            if right < heap.count && Self.worse(heap[right], heap[worst]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }

    /// The kept pairs, ascending by item.
    func byItem() -> [(item: Int32, similarity: Float)] { heap.sorted { $0.item < $1.item } }
}
