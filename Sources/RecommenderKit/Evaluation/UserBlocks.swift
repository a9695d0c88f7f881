/// Fixed blocks of users scored together, so that at most `blockSize × itemCount` scores
/// are held per worker and the block layout is the same for every thread count.
struct UserBlocks: Sendable {
    let users: [Int]
    let blockSize: Int

    var count: Int { (users.count + blockSize - 1) / blockSize }

    /// Positions in `users` of block `b`.
    func positions(of b: Int) -> Range<Int> {
        (b * blockSize)..<min(users.count, (b + 1) * blockSize)
    }

    /// Scores the users of block `b` into `buffer`, one row per user in block order.
    /// Runs of consecutive user indices go to the recommender in one call.
    func score(_ b: Int, with recommender: some Recommender, into buffer: UnsafeMutableBufferPointer<Float>) {
        let itemCount = recommender.itemCount
        let range = positions(of: b)
        var runStart = range.lowerBound
        while runStart < range.upperBound {
            var runEnd = runStart + 1
            while runEnd < range.upperBound && users[runEnd] == users[runEnd - 1] + 1 { runEnd += 1 }
            let first = users[runStart]
            let offset = (runStart - range.lowerBound) * itemCount
            let slice = UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + (runEnd - runStart) * itemCount)])
            recommender.scores(forUsers: first..<(first + runEnd - runStart), into: slice)
            runStart = runEnd
        }
    }
}
