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
