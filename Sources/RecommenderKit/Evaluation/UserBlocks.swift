/// Users grouped into fixed blocks of the user index space, `[b·size, (b+1)·size)`, so
/// that at most `size × itemCount` scores are held per worker and the grouping is the
/// same for every thread count. Blocks without a listed user are left out.
struct UserBlocks: Sendable {
    struct Block: Sendable {
        /// The users scored together: from the first to the last listed user of the block.
        var span: Range<Int>
        /// Indices into the listed users that fall in this block, in list order.
        var positions: [Int]
    }

    let size: Int
    let blocks: [Block]

    /// - Parameter users: user indices in any order; repeats are allowed.
    init(users: [Int], size: Int) {
        precondition(size >= 1)
        self.size = size
        var byBlock: [Int: [Int]] = [:]
        for (position, u) in users.enumerated() { byBlock[u / size, default: []].append(position) }
        blocks = byBlock.keys.sorted().map { b in
            let positions = byBlock[b]!
            let members = positions.map { users[$0] }
            return Block(span: members.min()!..<(members.max()! + 1), positions: positions)
        }
    }

    var count: Int { blocks.count }

    /// Scores block `b` into `buffer`: the row of user `u` starts at `(u − span.lowerBound) × itemCount`.
    func score(_ b: Int, with recommender: some Recommender, into buffer: UnsafeMutableBufferPointer<Float>) -> Block {
        let block = blocks[b]
        recommender.scores(forUsers: block.span, into: buffer)
        return block
    }
}
