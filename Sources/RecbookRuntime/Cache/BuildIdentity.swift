#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecommenderKit

/// What identifies the running build of recbook, for cache keys: the linker's GNU build ID
/// of the executable (a hash of its code, read from memory in microseconds), else the
/// SHA-256 of the executable file.
enum BuildIdentity {
    static let current: String = {
        if let id = gnuBuildID() { return "build-id:" + id }
        if let path = executablePath, let digest = try? DataFileDigest.of(path) { return "sha256:" + digest.sha256 }
        return "unknown-build"
    }()

    /// The running executable's path. On macOS the build ID would be the Mach-O `LC_UUID`, which
    /// this reader does not parse (no ELF notes there); hashing the file is the portable fallback.
    static var executablePath: String? {
        #if canImport(Darwin)
        var size: UInt32 = 0
        _ = _NSGetExecutablePath(nil, &size)
        var buffer = [CChar](repeating: 0, count: Int(size) + 1)
        guard _NSGetExecutablePath(&buffer, &size) == 0 else { return nil }
        return String(cString: buffer)
        #else
        return "/proc/self/exe"
        #endif
    }

    /// The NT_GNU_BUILD_ID note of the executable, as hex: read from its ELF program headers
    /// (a few small reads, not the whole file).
    static func gnuBuildID(path: String = "/proc/self/exe") -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        func bytes(_ count: Int, at offset: Int) -> [UInt8]? {
            guard count > 0, count <= 1 << 20 else { return nil }
            var buffer = [UInt8](repeating: 0, count: count)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return n == count ? buffer : nil
        }
        func integer<T: FixedWidthInteger>(_ data: [UInt8], _ offset: Int, _: T.Type) -> Int {
            var value: T = 0
            for i in 0..<MemoryLayout<T>.size { value |= T(data[offset + i]) << (8 * i) }
            return Int(value)
        }
        // ELF64, little endian: the only kind recbook is built as on Linux.
        guard let header = bytes(64, at: 0), header[0..<4] == [0x7F, 0x45, 0x4C, 0x46], header[4] == 2, header[5] == 1 else { return nil }
        let programHeaders = integer(header, 32, UInt64.self)
        let entrySize = integer(header, 54, UInt16.self), count = integer(header, 56, UInt16.self)
        guard entrySize >= 56, let table = bytes(entrySize * count, at: programHeaders) else { return nil }
        for index in 0..<count {
            let base = index * entrySize
            guard integer(table, base, UInt32.self) == 4 /* PT_NOTE */,
                let notes = bytes(integer(table, base + 32, UInt64.self), at: integer(table, base + 8, UInt64.self))
            else { continue }
            var offset = 0
            let padded = { (n: Int) in (n + 3) & ~3 }
            while offset + 12 <= notes.count {
                let nameSize = integer(notes, offset, UInt32.self), descriptionSize = integer(notes, offset + 4, UInt32.self)
                let type = integer(notes, offset + 8, UInt32.self)
                let description = offset + 12 + padded(nameSize)
                guard description + descriptionSize <= notes.count else { break }
                if type == 3 /* NT_GNU_BUILD_ID */, nameSize == 4, notes[(offset + 12)..<(offset + 16)] == [0x47, 0x4E, 0x55, 0] {
                    return notes[description..<(description + descriptionSize)].map { byte in
                        let hex = String(byte, radix: 16)
                        return hex.count == 1 ? "0" + hex : hex
                    }.joined()
                }
                offset = description + padded(descriptionSize)
            }
        }
        return nil
    }
}
