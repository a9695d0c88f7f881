import RecbookFiles
/// Writes a matrix as a NumPy `.npy` file (format 1.0): `numpy.load` reads it back as a
/// float32 array of shape (rows, columns) in C order.
///
/// Layout: the magic `\x93NUMPY`, version bytes 1 0, a little-endian UInt16 header
/// length, an ASCII dict header padded with spaces and ended by a newline so that the
/// data starts at a multiple of 64 bytes, then the values as little-endian float32.
public func writeNPY(_ matrix: Matrix, to path: String) throws {
    try AtomicFile.write(npyBytes(matrix), to: path)
}

/// The bytes `writeNPY` writes.
public func npyBytes(_ matrix: Matrix) -> [UInt8] {
    var bytes = npyHeader(rows: matrix.rows, columns: matrix.columns)
    bytes.reserveCapacity(bytes.count + matrix.storage.count * 4)
    for value in matrix.storage {
        let bits = value.bitPattern
        bytes.append(UInt8(truncatingIfNeeded: bits))
        bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
        bytes.append(UInt8(truncatingIfNeeded: bits >> 16))
        bytes.append(UInt8(truncatingIfNeeded: bits >> 24))
    }
    return bytes
}

/// Everything before the data: the magic, the version, the header length and the padded dict.
func npyHeader(rows: Int, columns: Int) -> [UInt8] {
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
    let preamble = 10  // magic (6) + version (2) + header length (2)
    let unpadded = preamble + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    let headerLength = header.utf8.count
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
    bytes.append(UInt8(headerLength & 0xFF))
    bytes.append(UInt8(headerLength >> 8))
    bytes += Array(header.utf8)
    return bytes
}
