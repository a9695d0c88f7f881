/// A compact, self-describing binary form of any `Codable` value, for cache entries.
///
/// Values become a tree of scalars, lists and keyed maps (keys kept, so synthesized
/// conformances, enums with payloads included, decode as they encoded). Arrays of numbers
/// (`[Float]`, `[Double]`, `[Int32]`, `[Int]`, `[UInt64]`) are stored as raw little-endian
/// blocks, so an embedding matrix costs one copy rather than a call per element.
public enum BinaryCoding {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = EncodingNode()
        try encodeValue(value, into: root, path: [])
        var out = ByteWriter()
        root.write(to: &out)
        return out.bytes
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        var reader = ByteReader(bytes: bytes)
        let tree = try reader.node()
        guard reader.atEnd else { throw BinaryCodingError.corrupt("trailing bytes") }
        return try decodeValue(T.self, from: tree, path: [])
    }

    /// The value with every string in it passed through `transform` (dictionary keys too),
    /// by way of the coding tree, so it reaches every stored string whatever the type's shape.
    public static func mappingStrings<T: Codable>(in value: T, _ transform: (String) -> String) throws -> T {
        let root = EncodingNode()
        try encodeValue(value, into: root, path: [])
        return try decodeValue(T.self, from: root.node.mappingStrings(transform), path: [])
    }
}

extension Node {
    func mappingStrings(_ transform: (String) -> String) -> Node {
        switch self {
        case .string(let text): .string(transform(text))
        case .list(let items): .list(items.map { $0.mappingStrings(transform) })
        case .map(let entries): .map(entries.map { (transform($0.0), $0.1.mappingStrings(transform)) })
        default: self
        }
    }
}

public enum BinaryCodingError: Error, CustomStringConvertible {
    case corrupt(String)
    case mismatch(String, path: [CodingKey])

    public var description: String {
        switch self {
        case .corrupt(let what): "corrupt cache entry: \(what)"
        case .mismatch(let what, let path): "cache entry does not match the value type at \(path.map(\.stringValue).joined(separator: ".")): \(what)"
        }
    }
}

// MARK: - The tree

/// A decoded value.
indirect enum Node {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case float(Float)
    case string(String)
    case floats([Float])
    case doubles([Double])
    case int32s([Int32])
    case ints([Int])
    case uint64s([UInt64])
    case list([Node])
    /// Keyed values in encoding order (a few keys each: a scan beats hashing).
    case map([(String, Node)])
}

private enum Tag: UInt8 {
    case null = 0, bool, int, uint, double, float, string, floats, doubles, int32s, ints, uint64s, list, map
}

/// A node being built by an encoder (containers write into it after they are handed out).
final class EncodingNode {
    enum Content {
        case empty
        case leaf(Node)
        case list([EncodingNode])
        case map([(String, EncodingNode)])
    }
    var content: Content = .empty

    func write(to out: inout ByteWriter) {
        switch content {
        case .empty: out.byte(Tag.null.rawValue)
        case .leaf(let node): out.leaf(node)
        case .list(let items):
            out.byte(Tag.list.rawValue)
            out.count(items.count)
            for item in items { item.write(to: &out) }
        case .map(let entries):
            out.byte(Tag.map.rawValue)
            out.count(entries.count)
            for (key, value) in entries {
                out.string(key)
                value.write(to: &out)
            }
        }
    }
}

struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ b: UInt8) { bytes.append(b) }
    mutating func count(_ n: Int) { fixed(UInt64(n)) }
    mutating func fixed<I: FixedWidthInteger>(_ x: I) {
        withUnsafeBytes(of: x.littleEndian) { bytes.append(contentsOf: $0) }
    }
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            count(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }
    mutating func block<T>(_ values: [T]) {
        count(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func leaf(_ node: Node) {
        switch node {
        case .null: byte(Tag.null.rawValue)
        case .bool(let b): byte(Tag.bool.rawValue); byte(b ? 1 : 0)
        case .int(let x): byte(Tag.int.rawValue); fixed(x)
        case .uint(let x): byte(Tag.uint.rawValue); fixed(x)
        case .double(let x): byte(Tag.double.rawValue); fixed(x.bitPattern)
        case .float(let x): byte(Tag.float.rawValue); fixed(x.bitPattern)
        case .string(let s): byte(Tag.string.rawValue); string(s)
        case .floats(let a): byte(Tag.floats.rawValue); block(a)
        case .doubles(let a): byte(Tag.doubles.rawValue); block(a)
        case .int32s(let a): byte(Tag.int32s.rawValue); block(a)
        case .ints(let a): byte(Tag.ints.rawValue); block(a.map(Int64.init))
        case .uint64s(let a): byte(Tag.uint64s.rawValue); block(a)
        case .list(let items):
            byte(Tag.list.rawValue); count(items.count)
            for item in items { leaf(item) }
        case .map(let entries):
            byte(Tag.map.rawValue); count(entries.count)
            for (key, value) in entries {
                string(key)
                leaf(value)
            }
        }
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var position = 0
    /// Bounds nesting, so a corrupted entry cannot recurse without end.
    private var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw BinaryCodingError.corrupt("ends early") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func fixed<I: FixedWidthInteger>(_: I.Type) throws -> I {
        let size = MemoryLayout<I>.size
        guard bytes.count - position >= size else { throw BinaryCodingError.corrupt("ends early") }
        var value = I.zero
        withUnsafeMutableBytes(of: &value) { target in
            bytes.withUnsafeBytes { source in target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<(position + size)])) }
        }
        position += size
        return I(littleEndian: value)
    }

    mutating func count() throws -> Int {
        let n = try fixed(UInt64.self)
        guard n <= UInt64(bytes.count - position) else { throw BinaryCodingError.corrupt("a length past the end") }
        return Int(n)
    }

    mutating func string() throws -> String {
        let n = try count()
        defer { position += n }
        return String(decoding: bytes[position..<(position + n)], as: UTF8.self)
    }

    mutating func block<T>(_: T.Type) throws -> [T] {
        let n = try fixed(UInt64.self)
        let size = MemoryLayout<T>.stride
        guard n <= UInt64((bytes.count - position) / max(size, 1)) else { throw BinaryCodingError.corrupt("a block past the end") }
        let count = Int(n)
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[position..<(position + count * size)]))
            }
            initialized = count
        }
        position += count * size
        return values
    }

    mutating func node() throws -> Node {
        depth += 1
        defer { depth -= 1 }
        guard depth < 512 else { throw BinaryCodingError.corrupt("nested too deeply") }
        guard let tag = Tag(rawValue: try byte()) else { throw BinaryCodingError.corrupt("unknown tag") }
        switch tag {
        case .null: return .null
        case .bool: return .bool(try byte() != 0)
        case .int: return .int(try fixed(Int64.self))
        case .uint: return .uint(try fixed(UInt64.self))
        case .double: return .double(Double(bitPattern: try fixed(UInt64.self)))
        case .float: return .float(Float(bitPattern: try fixed(UInt32.self)))
        case .string: return .string(try string())
        case .floats: return .floats(try block(Float.self))
        case .doubles: return .doubles(try block(Double.self))
        case .int32s: return .int32s(try block(Int32.self))
        case .ints: return .ints(try block(Int64.self).map { Int($0) })
        case .uint64s: return .uint64s(try block(UInt64.self))
        case .list:
            let n = try count()
            var items: [Node] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try node()) }
            return .list(items)
        case .map:
            let n = try count()
            var entries: [(String, Node)] = []
            entries.reserveCapacity(n)
            for _ in 0..<n {
                let key = try string()
                entries.append((key, try node()))
            }
            return .map(entries)
        }
    }
}

/// Numeric arrays that are stored as raw blocks.
/// (By exact type: a dynamic cast would let an empty `[Int]` pass as `[Float]`.)
private func bulk<T>(_ value: T) -> Node? {
    if T.self == [Float].self { return .floats(value as! [Float]) }
    if T.self == [Double].self { return .doubles(value as! [Double]) }
    if T.self == [Int32].self { return .int32s(value as! [Int32]) }
    if T.self == [Int].self { return .ints(value as! [Int]) }
    if T.self == [UInt64].self { return .uint64s(value as! [UInt64]) }
    return nil
}

private func unbulk<T>(_ type: T.Type, _ node: Node) -> T? {
    switch node {
    case .floats(let a) where T.self == [Float].self: a as? T
    case .doubles(let a) where T.self == [Double].self: a as? T
    case .int32s(let a) where T.self == [Int32].self: a as? T
    case .ints(let a) where T.self == [Int].self: a as? T
    case .uint64s(let a) where T.self == [UInt64].self: a as? T
    default: nil
    }
}

// MARK: - Encoding

private struct TreeEncoder: Encoder {
    let node: EncodingNode
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .map = node.content {} else { node.content = .map([]) }
        return KeyedEncodingContainer(KeyedWriter<Key>(node: node, codingPath: codingPath))
    }
    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .list = node.content {} else { node.content = .list([]) }
        return ListWriter(node: node, codingPath: codingPath)
    }
    func singleValueContainer() -> SingleValueEncodingContainer { SingleWriter(node: node, codingPath: codingPath) }
}

/// Encodes `value` into `node`: numeric arrays as blocks, everything else through its conformance.
private func encodeValue<T: Encodable>(_ value: T, into node: EncodingNode, path: [CodingKey]) throws {
    if let block = bulk(value) {
        node.content = .leaf(block)
    } else {
        try value.encode(to: TreeEncoder(node: node, codingPath: path))
    }
}

/// Scalars become leaves directly; anything else goes through `encodeValue`.
private func encodeAny<T: Encodable>(_ value: T, into node: EncodingNode, path: [CodingKey]) throws {
    var single = SingleWriter(node: node, codingPath: path)
    switch value {
    case let v as Bool: single.encode(v)
    case let v as String: single.encode(v)
    case let v as Double: single.encode(v)
    case let v as Float: single.encode(v)
    case let v as Int: single.encode(v)
    case let v as Int32: single.encode(v)
    case let v as Int64: single.encode(v)
    case let v as UInt64: single.encode(v)
    case let v as UInt32: single.encode(v)
    case let v as UInt8: single.encode(v)
    default: try encodeValue(value, into: node, path: path)
    }
}

private struct SingleWriter: SingleValueEncodingContainer {
    let node: EncodingNode
    var codingPath: [CodingKey]
    mutating func encodeNil() { node.content = .leaf(.null) }
    mutating func encode(_ value: Bool) { node.content = .leaf(.bool(value)) }
    mutating func encode(_ value: String) { node.content = .leaf(.string(value)) }
    mutating func encode(_ value: Double) { node.content = .leaf(.double(value)) }
    mutating func encode(_ value: Float) { node.content = .leaf(.float(value)) }
    mutating func encode(_ value: Int) { node.content = .leaf(.int(Int64(value))) }
    mutating func encode(_ value: Int8) { node.content = .leaf(.int(Int64(value))) }
    mutating func encode(_ value: Int16) { node.content = .leaf(.int(Int64(value))) }
    mutating func encode(_ value: Int32) { node.content = .leaf(.int(Int64(value))) }
    mutating func encode(_ value: Int64) { node.content = .leaf(.int(value)) }
    mutating func encode(_ value: UInt) { node.content = .leaf(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) { node.content = .leaf(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt16) { node.content = .leaf(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt32) { node.content = .leaf(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt64) { node.content = .leaf(.uint(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: node, path: codingPath) }
}

private struct ListWriter: UnkeyedEncodingContainer {
    let node: EncodingNode
    var codingPath: [CodingKey]
    var count: Int {
        if case .list(let items) = node.content { return items.count }
        return 0
    }

    private func append() -> EncodingNode {
        let child = EncodingNode()
        if case .list(var items) = node.content {
            node.content = .empty  // keep the array uniquely referenced while appending
            items.append(child)
            node.content = .list(items)
        }
        return child
    }

    mutating func encodeNil() { append().content = .leaf(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeAny(value, into: append(), path: codingPath) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(node: append(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        TreeEncoder(node: append(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> Encoder { TreeEncoder(node: append(), codingPath: codingPath) }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    var codingPath: [CodingKey]

    private func child(_ key: CodingKey) -> EncodingNode {
        let child = EncodingNode()
        if case .map(var entries) = node.content {
            node.content = .empty
            entries.removeAll { $0.0 == key.stringValue }
            entries.append((key.stringValue, child))
            node.content = .map(entries)
        }
        return child
    }

    mutating func encodeNil(forKey key: Key) { child(key).content = .leaf(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeAny(value, into: child(key), path: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        TreeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> Encoder { TreeEncoder(node: child(SuperKey()), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder { TreeEncoder(node: child(key), codingPath: codingPath + [key]) }
}

private struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "\(index)" }
    var intValue: Int? { index }
    let index: Int
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { index = intValue }
}

// MARK: - Decoding

/// Converts the finished encoding tree to the decoded form (used by tests and the writer).
extension EncodingNode {
    var node: Node {
        switch content {
        case .empty: .null
        case .leaf(let node): node
        case .list(let items): .list(items.map(\.node))
        case .map(let entries): .map(entries.map { ($0.0, $0.1.node) })
        }
    }
}

private struct TreeDecoder: Decoder {
    let node: Node
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .map(let entries) = node else { throw BinaryCodingError.mismatch("expected keyed values", path: codingPath) }
        return KeyedDecodingContainer(KeyedReader<Key>(entries: entries, codingPath: codingPath))
    }
    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .list(let items) = node else { throw BinaryCodingError.mismatch("expected a list", path: codingPath) }
        return ListReader(items: items, codingPath: codingPath)
    }
    func singleValueContainer() throws -> SingleValueDecodingContainer { SingleReader(node: node, codingPath: codingPath) }
}

private func decodeValue<T: Decodable>(_ type: T.Type, from node: Node, path: [CodingKey]) throws -> T {
    if let value = unbulk(type, node) { return value }
    switch T.self {
    case is Bool.Type, is String.Type, is Double.Type, is Float.Type, is Int.Type, is Int32.Type, is Int64.Type, is UInt64.Type,
        is UInt32.Type, is UInt8.Type, is Int8.Type, is Int16.Type, is UInt16.Type, is UInt.Type:
        return try SingleReader(node: node, codingPath: path).scalar(type)
    default:
        return try T(from: TreeDecoder(node: node, codingPath: path))
    }
}

private struct SingleReader: SingleValueDecodingContainer {
    let node: Node
    var codingPath: [CodingKey]

    func decodeNil() -> Bool { if case .null = node { true } else { false } }

    func integer<I: FixedWidthInteger>(_: I.Type) throws -> I {
        switch node {
        case .int(let x): if let v = I(exactly: x) { return v }
        case .uint(let x): if let v = I(exactly: x) { return v }
        default: break
        }
        throw BinaryCodingError.mismatch("expected an integer of type \(I.self)", path: codingPath)
    }

    func scalar<T>(_ type: T.Type) throws -> T {
        let value: Any
        switch type {
        case is Bool.Type:
            guard case .bool(let b) = node else { throw BinaryCodingError.mismatch("expected a Boolean", path: codingPath) }
            value = b
        case is String.Type:
            guard case .string(let s) = node else { throw BinaryCodingError.mismatch("expected a string", path: codingPath) }
            value = s
        case is Double.Type:
            guard case .double(let x) = node else { throw BinaryCodingError.mismatch("expected a Double", path: codingPath) }
            value = x
        case is Float.Type:
            guard case .float(let x) = node else { throw BinaryCodingError.mismatch("expected a Float", path: codingPath) }
            value = x
        case is Int.Type: value = try integer(Int.self)
        case is Int8.Type: value = try integer(Int8.self)
        case is Int16.Type: value = try integer(Int16.self)
        case is Int32.Type: value = try integer(Int32.self)
        case is Int64.Type: value = try integer(Int64.self)
        case is UInt.Type: value = try integer(UInt.self)
        case is UInt8.Type: value = try integer(UInt8.self)
        case is UInt16.Type: value = try integer(UInt16.self)
        case is UInt32.Type: value = try integer(UInt32.self)
        case is UInt64.Type: value = try integer(UInt64.self)
        default: throw BinaryCodingError.mismatch("not a scalar type", path: codingPath)
        }
        return value as! T
    }

    func decode(_ type: Bool.Type) throws -> Bool { try scalar(type) }
    func decode(_ type: String.Type) throws -> String { try scalar(type) }
    func decode(_ type: Double.Type) throws -> Double { try scalar(type) }
    func decode(_ type: Float.Type) throws -> Float { try scalar(type) }
    func decode(_ type: Int.Type) throws -> Int { try scalar(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try scalar(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try scalar(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try scalar(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try scalar(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try scalar(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type, from: node, path: codingPath) }
}

private struct ListReader: UnkeyedDecodingContainer {
    let items: [Node]
    var codingPath: [CodingKey]
    var currentIndex = 0

    init(items: [Node], codingPath: [CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> Node {
        guard currentIndex < items.count else { throw BinaryCodingError.mismatch("list ends early", path: codingPath) }
        defer { currentIndex += 1 }
        return items[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < items.count, case .null = items[currentIndex] else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let path = codingPath + [IndexKey(currentIndex)]
        return try decodeValue(type, from: try next(), path: path)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(node: try next(), codingPath: codingPath).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        try TreeDecoder(node: try next(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superDecoder() throws -> Decoder { TreeDecoder(node: try next(), codingPath: codingPath) }
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let entries: [(String, Node)]
    var codingPath: [CodingKey]

    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.0) } }
    func contains(_ key: Key) -> Bool { lookup(key.stringValue) != nil }

    private func lookup(_ name: String) -> Node? {
        for (key, node) in entries where key == name { return node }
        return nil
    }

    private func node(_ key: CodingKey) throws -> Node {
        guard let node = lookup(key.stringValue) else {
            throw BinaryCodingError.mismatch("no value for key `\(key.stringValue)`", path: codingPath)
        }
        return node
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try node(key) { return true }
        return false
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeValue(type, from: try node(key), path: codingPath + [key])
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(node: try node(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try TreeDecoder(node: try node(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> Decoder { TreeDecoder(node: try node(SuperKey()), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> Decoder { TreeDecoder(node: try node(key), codingPath: codingPath + [key]) }
}
