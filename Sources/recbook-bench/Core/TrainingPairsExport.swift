import RecommenderKit

/// Writes a dataset's training pairs as two NumPy int32 vectors (`<name>-users.npy`,
/// `<name>-items.npy`, one entry per pair, in CSR order) plus `<name>.shape` ("users items"),
/// so that the Python reference trains on exactly the same data.
struct TrainingPairsExport {
    var dataset: Dataset

    func write(to folder: String, name: String) throws {
        let train = dataset.train
        var users: [Int32] = []
        users.reserveCapacity(train.items.count)
        for u in 0..<train.userCount {
            users += repeatElement(Int32(u), count: train.rowOffsets[u + 1] - train.rowOffsets[u])
        }
        try writeFile(Self.npy(users), to: "\(folder)/\(name)-users.npy")
        try writeFile(Self.npy(train.items), to: "\(folder)/\(name)-items.npy")
        try writeFile(Array("\(dataset.userCount) \(dataset.itemCount)\n".utf8), to: "\(folder)/\(name).shape")
    }

    /// A 1-D little-endian int32 .npy file (format 1.0; header padded to 64 bytes).
    static func npy(_ values: [Int32]) -> [UInt8] {
        var header = "{'descr': '<i4', 'fortran_order': False, 'shape': (\(values.count),), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes.append(UInt8(header.utf8.count & 0xFF))
        bytes.append(UInt8(header.utf8.count >> 8))
        bytes += Array(header.utf8)
        bytes.reserveCapacity(bytes.count + values.count * 4)
        values.withUnsafeBytes { raw in bytes += raw }  // x86-64 and arm64 are little-endian
        return bytes
    }
}
