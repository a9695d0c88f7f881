/// The most-popular baseline: every user gets score = the item's number of training pairs.
public struct PopularityRecommender: Recommender, Equatable, Codable {
    public let userCount: Int
    /// Training pairs per item.
    public let itemCounts: [Float]

    public init(training: InteractionMatrix) {
        var counts = [Float](repeating: 0, count: training.itemCount)
        for item in training.items { counts[Int(item)] += 1 }
        userCount = training.userCount
        itemCounts = counts
    }

    public var itemCount: Int { itemCounts.count }

    public func scores(forUsers users: Range<Int>, into buffer: UnsafeMutableBufferPointer<Float>) {
        precondition(buffer.count >= users.count * itemCount, "score buffer too small")
        itemCounts.withUnsafeBufferPointer { counts in
            for row in 0..<users.count {
                guard let source = counts.baseAddress else { return }
                (buffer.baseAddress! + row * itemCount).update(from: source, count: itemCount)
            }
        }
    }
}
