import Foundation
import Testing
import ValueCache

/// The package declares this target; these tests keep it buildable and check the store's round trip.
@Suite struct ValueStoreTests {
    @Test func aWrittenEntryReadsBackWithItsMetadata() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recbook-valuestore-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try ValueStore(folder: folder, capacityBytes: 1 << 20)
        // Keys are SHA-256 digests: 64 hex digits.
        let key = String(repeating: "ab", count: 32), other = String(repeating: "cd", count: 32)
        let metadata = EntryMetadata(seconds: 1.5, statement: "bpr = train bprmf data")
        #expect(try store.write(key, payload: [1, 2, 3], metadata: metadata))
        #expect(store.contains(key))
        #expect(store.metadata(key) == metadata)
        guard case .hit(let payload, _) = store.read(key) else {
            Issue.record("the entry did not read back")
            return
        }
        #expect(payload == [1, 2, 3])
        #expect(!store.contains(other))
    }
}
