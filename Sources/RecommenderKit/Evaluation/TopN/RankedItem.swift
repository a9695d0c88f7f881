/// One entry of a recommendation list: a dense item index and its score.
public struct RankedItem: Sendable, Equatable, Hashable {
    public var item: Int
    public var score: Float

    public init(item: Int, score: Float) {
        self.item = item
        self.score = score
    }

    /// The list order: higher score first, the lower item index first on equal scores.
    @inline(__always)
    static func precedes(_ a: RankedItem, _ b: RankedItem) -> Bool {
        a.score > b.score || (a.score == b.score && a.item < b.item)
    }
}
