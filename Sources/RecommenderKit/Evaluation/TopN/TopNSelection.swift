/// Keeps the best `n` of a stream of items without sorting the whole row:
/// a binary heap whose root is the worst item kept, so most items are rejected
/// with one comparison.
struct TopNSelection {
    let n: Int
    private var heap: [RankedItem] = []

    init(n: Int) {
        self.n = n
        heap.reserveCapacity(n)
    }

    mutating func offer(_ candidate: RankedItem) {
        guard n > 0 else { return }
        if heap.count < n {
            heap.append(candidate)
            siftUp(heap.count - 1)
        } else if RankedItem.precedes(candidate, heap[0]) {
            heap[0] = candidate
            siftDown(0)
        }
    }

    /// The kept items, best first.
    func sorted() -> [RankedItem] { heap.sorted(by: RankedItem.precedes) }

    // Heap order: a parent is never better than its children (the root is the worst kept).
    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard RankedItem.precedes(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count && RankedItem.precedes(heap[worst], heap[left]) { worst = left }
            if right < heap.count && RankedItem.precedes(heap[worst], heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
