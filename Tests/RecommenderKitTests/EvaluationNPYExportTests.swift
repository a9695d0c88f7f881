import Testing
@testable import RecommenderKit
#if canImport(Glibc)
import Glibc
#endif

// The header numpy 2.4 writes for np.save(np.zeros((2, 3), dtype='<f4')), copied from Python:
// 6 magic bytes, version 1.0, header length 118 (0x76), the dict, spaces, a newline: 128 bytes.
private let numpyHeader: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, 0x76, 0]
    + Array("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }".utf8)
    + Array(repeating: UInt8(ascii: " "), count: 58) + [UInt8(ascii: "\n")]

@Test func npyHeaderMatchesNumPyAndDataFollows() {
    let m = Matrix(rows: 2, columns: 3, storage: [1, -2, 0.5, 0, 3, 1e-3])
    let bytes = npyBytes(m)
    #expect(numpyHeader.count == 128)
    #expect(Array(bytes.prefix(128)) == numpyHeader)
    #expect(bytes.count == 128 + 6 * 4)
    // 1.0f = 0x3F800000 and -2.0f = 0xC0000000, little-endian.
    #expect(Array(bytes[128..<136]) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
}

/// The header of each shape (large ones included, without allocating their data) pads the
/// data to a multiple of 64 bytes and names the shape.
@Test(arguments: [(0, 4), (1, 1), (138_000, 64), (12_345_678, 3)])
func npyDataStartsAtAMultipleOf64(rows: Int, columns: Int) {
    let header = npyHeader(rows: rows, columns: columns)
    let headerLength = Int(header[8]) | Int(header[9]) << 8
    #expect(header.count == 10 + headerLength)
    #expect(header.count % 64 == 0)
    #expect(header.last == UInt8(ascii: "\n"))
    #expect(String(decoding: header[10...], as: UTF8.self).hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"))
}

@Test func npyBytesAreTheHeaderThenTheData() {
    let m = Matrix(rows: 2, columns: 2, storage: [1, 2, 3, 4])
    #expect(npyBytes(m) == npyHeader(rows: 2, columns: 2) + [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40])
}

/// Whether `python3` with NumPy can run here: the NumPy test is skipped, visibly, when not.
private let numpyIsAvailable: Bool = {
    guard let process = popen("python3 -c 'import numpy' 2>/dev/null", "r") else { return false }
    return pclose(process) == 0
}()

@Test(.enabled(if: numpyIsAvailable, "python3 with numpy is not installed"))
func npyFileLoadsInNumPy() throws {
    let path = "/tmp/recbook-npy-\(getpid()).npy"
    defer { unlink(path) }
    let m = Matrix(rows: 3, columns: 2, storage: [0.25, -1, 2, 3.5, -0.125, 8])
    try writeNPY(m, to: path)
    guard let python = popen("python3 -c \"import numpy as n; a = n.load('\(path)'); print(a.dtype, a.shape, a.flags['C_CONTIGUOUS'], a.ravel().tolist())\" 2>/dev/null", "r") else {
        Issue.record("cannot start python3")
        return
    }
    var output = ""
    var byte = fgetc(python)
    var bytes: [UInt8] = []
    while byte != EOF {
        bytes.append(UInt8(byte))
        byte = fgetc(python)
    }
    output = String(decoding: bytes, as: UTF8.self)
    #expect(pclose(python) == 0)
    #expect(output == "float32 (3, 2) True [0.25, -1.0, 2.0, 3.5, -0.125, 8.0]\n")
}
