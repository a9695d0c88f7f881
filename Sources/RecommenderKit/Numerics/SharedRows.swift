/// A base address that parallel chunks write at disjoint rows (the caller guarantees it,
/// and keeps the memory alive until every chunk finished).
struct SharedRows<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}

/// A base address that parallel chunks only read.
struct SharedReadOnlyRows<Element>: @unchecked Sendable {
    let base: UnsafePointer<Element>
}
