import Foundation
import Testing
@testable import ValueCache

/// The store's promises: an entry reads back as written, and a damaged one is removed, never used.
@Suite struct ValueStoreTests {
    static let key = String(repeating: "ab", count: 32)

    func makeStore() throws -> ValueStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recbook-store-\(UUID().uuidString)").path
        return try ValueStore(folder: folder, capacityBytes: 1 << 20)
    }

    @Test func anEntryReadsBackWithItsMetadata() throws {
        let store = try makeStore()
        let metadata = EntryMetadata(seconds: 1.5, statement: "data = load synthetic")
        #expect(try store.write(Self.key, payload: [1, 2, 3], metadata: metadata))
        guard case .hit(let payload, let read) = store.read(Self.key) else {
            Issue.record("expected a hit")
            return
        }
        #expect(payload == [1, 2, 3])
        #expect(read == metadata)
        #expect(store.contains(Self.key))
    }

    @Test func aFlippedByteIsDetectedAndTheEntryRemoved() throws {
        let store = try makeStore()
        try store.write(Self.key, payload: Array(repeating: 7, count: 64), metadata: EntryMetadata(seconds: 0, statement: "x"))
        let path = store.folder + "/" + Self.key + ValueStore.suffix
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 1] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        guard case .corrupt = store.read(Self.key) else {
            Issue.record("a damaged entry was not reported")
            return
        }
        #expect(!store.contains(Self.key))
    }
}
