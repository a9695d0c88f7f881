/// A gradient over the rows of one factor matrix that remembers which rows were touched,
/// so a batch clears and updates only those rows instead of the whole matrix.
///
/// Raw memory owned by one training call: create, use, then `deallocate()`.
struct GradientRows {
    let rowCount: Int
    let width: Int
    /// `rowCount × width` values, zero outside the touched rows.
    let values: UnsafeMutablePointer<Float>
    private let isTouched: UnsafeMutablePointer<Bool>
    /// The touched rows in first-touch order.
    let touched: UnsafeMutablePointer<Int32>
    private(set) var touchedCount = 0

    init(rows: Int, width: Int) {
        rowCount = rows
        self.width = width
        values = allocateCacheAligned(max(1, rows * width))
        values.initialize(repeating: 0, count: rows * width)
        isTouched = .allocate(capacity: max(1, rows))
        isTouched.initialize(repeating: false, count: rows)
        touched = .allocate(capacity: max(1, rows))
    }

    func deallocate() {
        UnsafeMutableRawPointer(values).deallocate()
        isTouched.deallocate()
        touched.deallocate()
    }

    /// The gradient row of `row`, marking it touched.
    @inline(__always)
    mutating func row(_ row: Int) -> UnsafeMutablePointer<Float> {
        if !isTouched[row] {
            isTouched[row] = true
            touched[touchedCount] = Int32(row)
            touchedCount += 1
        }
        return values + row * width
    }

    @inline(__always)
    func existingRow(_ row: Int) -> UnsafeMutablePointer<Float> { values + row * width }

    /// Forgets the touched rows, whose values the caller has already zeroed.
    mutating func forgetTouchedRows() {
        for k in 0..<touchedCount { isTouched[Int(touched[k])] = false }
        touchedCount = 0
    }

    /// The touched rows' indices.
    var touchedRows: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: touched, count: touchedCount) }
}

/// A raw, owned copy of a `[Float]` for hot loops; `array` copies it back.
struct RawFloats {
    let base: UnsafeMutablePointer<Float>
    let count: Int

    init(_ values: [Float]) {
        count = values.count
        base = allocateCacheAligned(max(1, count))
        values.withUnsafeBufferPointer { source in
            if let s = source.baseAddress { base.initialize(from: s, count: count) }
        }
    }

    init(repeating value: Float, count: Int) {
        self.count = count
        base = allocateCacheAligned(max(1, count))
        base.initialize(repeating: value, count: count)
    }

    var array: [Float] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func deallocate() { UnsafeMutableRawPointer(base).deallocate() }
}

/// `count` floats starting on a cache line, so that rows of 16k floats never share a line
/// (threads that update different rows then never write the same line). Free with
/// `UnsafeMutableRawPointer(pointer).deallocate()`.
func allocateCacheAligned(_ count: Int) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
        .bindMemory(to: Float.self, capacity: count)
}
