import RecbookFiles
/// The `n` best-scoring items of each user, best first.
///
/// Equal scores are broken by the lower item index, items scored NaN are never listed,
/// and with `excludeTraining` the user's training items are left out (as the seed's
/// `store_recommendation` does). A list is shorter than `n` when fewer items qualify.
///
/// - Parameters:
///   - users: dense user indices, in the order of the returned lists (all users when `nil`).
///   - context: blocks of users are scored in parallel; the lists do not depend on it.
public func topN(
    _ recommender: some Recommender,
    dataset: Dataset,
    users: [Int]? = nil,
    n: Int,
    excludeTraining: Bool = true,
    context: ComputeContext = .singleThreaded
) -> [[RankedItem]] {
    precondition(n >= 0, "n must not be negative")
    precondition(recommender.userCount == dataset.userCount && recommender.itemCount == dataset.itemCount,
                 "recommender is \(recommender.userCount)×\(recommender.itemCount), dataset is \(dataset.userCount)×\(dataset.itemCount)")
    let users = users ?? Array(0..<dataset.userCount)
    precondition(users.allSatisfy { $0 >= 0 && $0 < dataset.userCount }, "user index out of range")
    let itemCount = dataset.itemCount
    let blocks = UserBlocks(users: users, size: FactorModel.scoringTileRows)
    let lists = DisjointWrites<[RankedItem]>(count: users.count, repeating: [])
    let train = dataset.train
    let scratchCount = min(blocks.size, dataset.userCount) * itemCount

    context.forEachChunk(blocks.count, scratch: { [Float](repeating: 0, count: scratchCount) }) { scratch, b in
        scratch.withUnsafeMutableBufferPointer { buffer in
            let block = blocks.score(b, with: recommender, into: buffer)
            for position in block.positions {
                let u = users[position]
                let offset = (u - block.span.lowerBound) * itemCount
                var selection = TopNSelection(n: n)
                let excluded = excludeTraining ? train.items(of: u) : []
                var next = excluded.startIndex
                for i in 0..<itemCount {
                    // Training items come sorted: skip them with a moving cursor.
                    if next < excluded.endIndex && Int(excluded[next]) == i {
                        next += 1
                        continue
                    }
                    let s = buffer[offset + i]
                    if !s.isNaN { selection.offer(RankedItem(item: i, score: s)) }
                }
                lists.write(selection.sorted(), at: position)
            }
        }
    }
    return lists.finish()
}

/// Writes recommendation lists as TSV rows `user<TAB>item<TAB>score` with raw ids,
/// best first within each user, like the seed's `store_recommendation`. Scores use the
/// shortest text that reads back to the same `Float`. The file is replaced atomically.
///
/// - Parameters:
///   - lists: one list per entry of `users`, as returned by `topN`.
///   - users: the dense user indices the lists belong to.
public func writeTopNTSV(_ lists: [[RankedItem]], users: [Int], dataset: Dataset, to path: String) throws {
    try AtomicFile.write(topNTSV(lists, users: users, dataset: dataset), to: path)
}

/// The text `writeTopNTSV` writes.
public func topNTSV(_ lists: [[RankedItem]], users: [Int], dataset: Dataset) -> String {
    precondition(lists.count == users.count, "\(lists.count) lists for \(users.count) users")
    var text = ""
    for (u, list) in zip(users, lists) {
        let rawUser = dataset.users.rawID(of: u)
        for entry in list {
            text += "\(rawUser)\t\(dataset.items.rawID(of: entry.item))\t\(entry.score)\n"
        }
    }
    return text
}
