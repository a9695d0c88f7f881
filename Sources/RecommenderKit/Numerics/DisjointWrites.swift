/// A fixed-size buffer that parallel chunks fill at disjoint indices.
///
/// `ComputeContext.forEachChunk` bodies are `@Sendable` and cannot capture an `inout`
/// array; this wrapper lets each chunk write its own slice of one shared allocation.
/// Correctness rests on the caller: no two chunks may write the same index, and nobody
/// reads until every chunk has finished. `finish()` copies the values out and frees the memory.
struct DisjointWrites<Element>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Element>

    init(count: Int, repeating value: Element) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: value)
    }

    var count: Int { buffer.count }

    /// Writes one element; `index` must belong to the calling chunk.
    @inline(__always)
    func write(_ value: Element, at index: Int) { buffer[index] = value }

    /// The filled values. The buffer must not be used afterwards.
    func finish() -> [Element] {
        let values = Array(buffer)
        buffer.deinitialize()
        buffer.deallocate()
        return values
    }
}
