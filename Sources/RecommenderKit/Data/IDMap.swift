/// Maps raw identifiers (as written in a data file) to dense indices `0..<count` and back.
///
/// Indices are assigned in sorted order of the raw ids (numerically when every id is an
/// integer, otherwise lexicographically), so the mapping does not depend on row order.
public struct IDMap: Sendable, Equatable, Codable {
    /// Raw id of each dense index.
    public let rawIDs: [String]
    private let indexByRawID: [String: Int]

    public init<S: Sequence>(rawIDs ids: S) where S.Element == String {
        let unique = Array(Set(ids))
        let integers = unique.compactMap { id in Int(id).map { (value: $0, id: id) } }
        let sorted: [String]
        if integers.count == unique.count {
            // Parsed once each; ids equal as integers ("7", "07") keep a fixed order by text.
            sorted = integers.sorted { $0.value != $1.value ? $0.value < $1.value : $0.id < $1.id }.map(\.id)
        } else {
            sorted = unique.sorted()
        }
        self.rawIDs = sorted
        var index: [String: Int] = [:]
        index.reserveCapacity(sorted.count)
        for (i, id) in sorted.enumerated() { index[id] = i }
        self.indexByRawID = index
    }

    public var count: Int { rawIDs.count }

    public func index(of rawID: String) -> Int? { indexByRawID[rawID] }

    public func rawID(of index: Int) -> String { rawIDs[index] }

    /// Only the raw ids are stored, in index order; the index is rebuilt from them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawIDs)
    }

    public init(from decoder: any Decoder) throws {
        rawIDs = try decoder.singleValueContainer().decode([String].self)
        var index: [String: Int] = [:]
        index.reserveCapacity(rawIDs.count)
        for (i, id) in rawIDs.enumerated() { index[id] = i }
        indexByRawID = index
    }

    /// This map with `ids` appended after the existing indices, in the order given: the existing
    /// users keep their indices (poisoning adds fake users at the end). `ids` must be new and distinct.
    public func appending(_ ids: [String]) -> IDMap {
        IDMap(orderedRawIDs: rawIDs + ids)
    }

    private init(orderedRawIDs ids: [String]) {
        var index: [String: Int] = [:]
        index.reserveCapacity(ids.count)
        for (i, id) in ids.enumerated() {
            precondition(index[id] == nil, "raw id \(id) is already mapped")
            index[id] = i
        }
        self.rawIDs = ids
        self.indexByRawID = index
    }
}
