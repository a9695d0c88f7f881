/// Anything that scores every item for a user. Evaluation and top-N lists use only this.
public protocol Recommender: Sendable {
    var userCount: Int { get }
    var itemCount: Int { get }
    /// Writes the scores of users `users` for every item, row-major
    /// (`buffer[(u - users.lowerBound) * itemCount + i]`). Higher means more relevant.
    /// Must be deterministic and must not depend on how users are grouped into calls.
    func scores(forUsers users: Range<Int>, into buffer: UnsafeMutableBufferPointer<Float>)
}
