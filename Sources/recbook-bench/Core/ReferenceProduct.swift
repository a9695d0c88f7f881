import COpenBLAS
import RecommenderKit

/// The evaluation's reference: the plain `P · Qᵀ` product of the same shapes with
/// `cblas_sgemm`, OpenBLAS using `threads` threads. One call when the score matrix fits in
/// 256 MiB; otherwise consecutive 1,024-user tiles into one reused buffer (ML-20M's whole
/// product would be 15 GB).
struct ReferenceProduct {
    static let wholeLimitBytes = 256 << 20
    static let tileRows = 1024

    let model: FactorModel

    var isTiled: Bool { model.userCount * model.itemCount * 4 > Self.wholeLimitBytes }
    var bufferRows: Int { isTiled ? Self.tileRows : model.userCount }

    /// Runs the product `repeats` times and returns the seconds of each run.
    func timings(threads: Int, repeats: Int) -> Samples {
        let users = model.userCount, items = model.itemCount, d = model.factorCount
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: bufferRows * items)
        defer { buffer.deallocate() }
        buffer.initialize(repeating: 0, count: bufferRows * items)
        openblas_set_num_threads(Int32(threads))
        // RecommenderKit relies on OpenBLAS being single-threaded: restore it.
        defer { openblas_set_num_threads(1) }
        var sink: Float = 0
        let samples = measure(repeats) {
            model.userFactors.storage.withUnsafeBufferPointer { p in
                model.itemFactors.storage.withUnsafeBufferPointer { q in
                    var start = 0
                    while start < users {
                        let rows = min(bufferRows, users - start)
                        cblas_sgemm(
                            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(items), Int32(d),
                            1, p.baseAddress! + start * d, Int32(d), q.baseAddress!, Int32(d),
                            0, buffer, Int32(items))
                        sink += buffer[rows * items - 1]
                        start += rows
                    }
                }
            }
        }
        if sink.isNaN { print("(product produced NaN)") }
        return samples
    }
}
