#if canImport(Glibc)
import Glibc
#endif
import RecbookFiles
import Testing
@testable import ValueCache

@Suite struct ValueStoreTests {
    static func folder() -> String {
        var template = Array("/tmp/recbook-store-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    static func key(_ n: Int) -> String { SHA256.hexDigest(of: Array("key \(n)".utf8)) }

    @Test func storedValuesComeBackWithTheirMetadata() throws {
        let store = try ValueStore(folder: Self.folder(), capacityBytes: 1 << 20)
        let metadata = EntryMetadata(seconds: 1.25, statement: "bpr = train bprmf data")
        try store.write(Self.key(1), payload: [1, 2, 3], metadata: metadata)
        guard case .hit(let payload, let back) = store.read(Self.key(1)) else { Issue.record("no hit"); return }
        #expect(payload == [1, 2, 3] && back == metadata)
        guard case .miss = store.read(Self.key(2)) else { Issue.record("a key never written hit"); return }
    }

    /// Any changed byte is caught by the checksum (or the header checks) and the entry removed.
    @Test func everyDamagedByteIsDetected() throws {
        let folder = Self.folder()
        let store = try ValueStore(folder: folder, capacityBytes: 1 << 20)
        let path = folder + "/" + Self.key(1) + ".value"
        try store.write(Self.key(1), payload: Array(0..<200), metadata: EntryMetadata(seconds: 0, statement: "s"))
        let good = ValueStore.readWhole(path)!
        for position in stride(from: 0, to: good.count, by: 7) {
            var bad = good
            bad[position] ^= 0x01
            try AtomicFile.write(bad, to: path)
            guard case .corrupt = store.read(Self.key(1)) else { Issue.record("byte \(position) flipped went unnoticed"); return }
            #expect(access(path, F_OK) != 0, "a damaged entry stays behind")
        }
    }

    /// An entry stored under one key is not served for another (a renamed file).
    @Test func anEntryAnswersOnlyItsOwnKey() throws {
        let folder = Self.folder()
        let store = try ValueStore(folder: folder, capacityBytes: 1 << 20)
        try store.write(Self.key(1), payload: [9], metadata: EntryMetadata(seconds: 0, statement: "s"))
        #expect(rename(folder + "/" + Self.key(1) + ".value", folder + "/" + Self.key(2) + ".value") == 0)
        guard case .corrupt(let reason) = store.read(Self.key(2)) else { Issue.record("served under another key"); return }
        #expect(reason == "holds another key")
    }

    /// Over the cap, the least recently used entries go first; reading an entry makes it recent.
    @Test func leastRecentlyUsedEntriesAreEvictedFirst() throws {
        let folder = Self.folder()
        let payload = [UInt8](repeating: 7, count: 1_000)
        // The cap holds three entries of this size and a half.
        let probe = try ValueStore(folder: Self.folder(), capacityBytes: 1 << 20)
        try probe.write(Self.key(1), payload: payload, metadata: EntryMetadata(seconds: 0, statement: "1"))
        let entrySize = probe.sizeInBytes
        let cap = entrySize * 7 / 2
        let store = try ValueStore(folder: folder, capacityBytes: cap)
        func age(_ n: Int, _ seconds: Int) {
            var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
            _ = times.withUnsafeMutableBufferPointer { utimensat(AT_FDCWD, folder + "/" + Self.key(n) + ".value", $0.baseAddress, 0) }
        }
        for n in 1...3 {
            try store.write(Self.key(n), payload: payload, metadata: EntryMetadata(seconds: 0, statement: "\(n)"))
            age(n, 1_000 + n)  // 1 oldest, 3 newest
        }
        // Reading 1 makes it the most recent; writing 4 must then evict 2.
        guard case .hit = store.read(Self.key(1)) else { Issue.record("no hit"); return }
        try store.write(Self.key(4), payload: payload, metadata: EntryMetadata(seconds: 0, statement: "4"))
        #expect(store.contains(Self.key(1)))
        #expect(!store.contains(Self.key(2)))
        #expect(store.contains(Self.key(3)) && store.contains(Self.key(4)))
        #expect(store.sizeInBytes <= cap)
    }

    @Test func anEntryLargerThanHalfTheCapIsNotKept() throws {
        let store = try ValueStore(folder: Self.folder(), capacityBytes: 1_000)
        let kept = try store.write(Self.key(1), payload: [UInt8](repeating: 0, count: 600), metadata: EntryMetadata(seconds: 0, statement: "s"))
        #expect(!kept)
        #expect(!store.contains(Self.key(1)))
    }
}
