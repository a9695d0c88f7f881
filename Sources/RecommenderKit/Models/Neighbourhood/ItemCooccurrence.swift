/// Rows of the item–item co-occurrence matrix `XᵀX` of a binary training matrix X:
/// entry (i, j) is the number of users who have both i and j. Exact integer counts, computed
/// sparsely (Σ_u |train(u)|² increments), so they never depend on order or thread count.
struct ItemCooccurrence: Sendable {
    let training: InteractionMatrix
    /// Item × user: the users of every item.
    let columns: InteractionMatrix

    init(training: InteractionMatrix) {
        self.training = training
        self.columns = training.transposed()
    }

    var itemCount: Int { training.itemCount }

    /// Users per item: the diagonal of `XᵀX`.
    func itemPopularity(_ item: Int) -> Int { columns.rowOffsets[item + 1] - columns.rowOffsets[item] }

    /// Writes entries `0…item` of row `item` of `XᵀX` into `counts[0…item]` (the rest untouched):
    /// the lower triangle, half the work of a whole row, which is all a symmetric solver reads.
    func lowerRow(_ item: Int, into counts: UnsafeMutableBufferPointer<Int32>) {
        counts.baseAddress!.update(repeating: 0, count: item + 1)
        let limit = Int32(item)
        training.items.withUnsafeBufferPointer { items in
            training.rowOffsets.withUnsafeBufferPointer { offsets in
                for user in columns.items(of: item) {
                    let u = Int(user)
                    // Rows are sorted: stop at the first item after `item`.
                    for position in offsets[u]..<offsets[u + 1] {
                        let j = items[position]
                        if j > limit { break }
                        counts[Int(j)] &+= 1
                    }
                }
            }
        }
    }

    /// Writes row `item` of `XᵀX` into `counts` (length `itemCount`, overwritten).
    func row(_ item: Int, into counts: UnsafeMutableBufferPointer<Int32>) {
        counts.update(repeating: 0)
        training.items.withUnsafeBufferPointer { items in
            training.rowOffsets.withUnsafeBufferPointer { offsets in
                for user in columns.items(of: item) {
                    let u = Int(user)
                    for position in offsets[u]..<offsets[u + 1] { counts[Int(items[position])] &+= 1 }
                }
            }
        }
    }
}
