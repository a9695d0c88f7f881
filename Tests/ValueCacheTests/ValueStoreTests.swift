import Foundation
import Testing
@testable import ValueCache

/// The value store on its own: round trips, damaged entries, the size cap.
@Suite struct ValueStoreTests {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "recbook-valuestore-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private let key = String(repeating: "ab", count: 32)

    @Test func binaryCodingRoundTrips() throws {
        let metadata = EntryMetadata(seconds: 1.25, statement: "bpr = train bprmf data")
        let bytes = try BinaryCoding.encode(metadata)
        #expect(try BinaryCoding.decode(EntryMetadata.self, from: bytes) == metadata)
    }

    @Test func aWrittenEntryReadsBackWithItsMetadata() throws {
        let store = try ValueStore(folder: try temporaryFolder(), capacityBytes: 1 << 20)
        guard case .miss = store.read(key) else { Issue.record("an empty store has the key"); return }
        let metadata = EntryMetadata(seconds: 0.5, statement: "e = evaluate bpr")
        #expect(try store.write(key, payload: [1, 2, 3, 250], metadata: metadata))
        #expect(store.contains(key))
        #expect(store.metadata(key) == metadata)
        guard case .hit(let payload, let read) = store.read(key) else { Issue.record("the entry was not read back"); return }
        #expect(payload == [1, 2, 3, 250])
        #expect(read == metadata)
    }

    @Test func aDamagedEntryIsReportedAndRemoved() throws {
        let folder = try temporaryFolder()
        let store = try ValueStore(folder: folder, capacityBytes: 1 << 20)
        try store.write(key, payload: Array(repeating: 7, count: 100), metadata: EntryMetadata(seconds: 0, statement: "x"))
        let path = folder + "/" + key + ".value"
        var bytes = try #require(ValueStore.readWhole(path))
        bytes[bytes.count - 1] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        guard case .corrupt(let reason) = store.read(key) else { Issue.record("a flipped byte went unnoticed"); return }
        #expect(reason == "checksum mismatch")
        #expect(!store.contains(key))
    }

    @Test func theFolderKeepsToItsCap() throws {
        let store = try ValueStore(folder: try temporaryFolder(), capacityBytes: 4_000)
        // Larger than half the cap: never stored.
        #expect(try store.write(key, payload: Array(repeating: 0, count: 2_500), metadata: EntryMetadata(seconds: 0, statement: "big")) == false)
        for n in 0..<10 {
            let name = String(format: "%064x", n)
            try store.write(name, payload: Array(repeating: UInt8(n), count: 900), metadata: EntryMetadata(seconds: 0, statement: "\(n)"))
        }
        #expect(store.sizeInBytes <= 4_000)
        // The entry written last is always kept.
        #expect(store.contains(String(format: "%064x", 9)))
    }
}
