import Testing
@testable import ValueCache

/// Values come back exactly as they went in, through synthesized conformances of every shape.
@Suite struct BinaryCodingTests {
    enum Shape: Codable, Equatable {
        case point
        case circle(radius: Double)
        case labelled(String, [Int32])
    }

    struct Everything: Codable, Equatable {
        var flag: Bool
        var small: Int8
        var count: Int
        var big: UInt64
        var ratio: Float
        var text: String
        var missing: String?
        var present: Int?
        var floats: [Float]
        var doubles: [Double]
        var ints: [Int]
        var shapes: [Shape]
        var byKey: [String: [Double]]
        var byNumber: [Int: String]
        var nested: [[Float]]
    }

    static let sample = Everything(
        flag: true, small: -7, count: Int.min, big: UInt64.max, ratio: -0.0, text: "ε ≥ 0.5, \"quoted\"\n", missing: nil,
        present: 3, floats: [1.5, .infinity, -.infinity, .leastNonzeroMagnitude], doubles: [0.1, -2e300], ints: [0, -1, .max],
        shapes: [.point, .circle(radius: 2.5), .labelled("x", [1, 2, 3])], byKey: ["hr@10": [0.25, 0.5], "": []],
        byNumber: [10: "ten", -1: "minus one"], nested: [[], [1], [2, 3]])

    @Test func everyShapeRoundTrips() throws {
        let bytes = try BinaryCoding.encode(Self.sample)
        #expect(try BinaryCoding.decode(Everything.self, from: bytes) == Self.sample)
    }

    /// Empty arrays of every numeric type keep their type. (A dynamic cast lets an empty `[Int]`
    /// pass as `[Float]`; the coder must not store it as one.)
    @Test func emptyNumericArraysKeepTheirType() throws {
        struct Empties: Codable, Equatable {
            var a: [Int] = [], b: [Float] = [], c: [Double] = [], d: [Int32] = [], e: [UInt64] = []
        }
        #expect(try BinaryCoding.decode(Empties.self, from: BinaryCoding.encode(Empties())) == Empties())
    }

    /// NaN has no equality; its bits survive.
    @Test func notANumberKeepsItsBits() throws {
        let values: [Float] = [.nan, Float(bitPattern: 0x7FC0_0001)]
        let back = try BinaryCoding.decode([Float].self, from: BinaryCoding.encode(values))
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
    }

    /// Numeric arrays are one block: a million floats take about four million bytes.
    @Test func numericArraysAreStoredAsBlocks() throws {
        let bytes = try BinaryCoding.encode([Float](repeating: 1, count: 1_000_000))
        #expect(bytes.count < 4_000_100)
    }

    @Test func truncatedOrWrongBytesAreErrorsNotCrashes() throws {
        let bytes = try BinaryCoding.encode(Self.sample)
        for cut in [0, 1, 9, bytes.count / 2, bytes.count - 1] {
            #expect(throws: BinaryCodingError.self) { try BinaryCoding.decode(Everything.self, from: Array(bytes[0..<cut])) }
        }
        #expect(throws: BinaryCodingError.self) { try BinaryCoding.decode(Everything.self, from: BinaryCoding.encode([1, 2, 3])) }
        // A length field claiming more than the bytes hold.
        var lying = try BinaryCoding.encode("abc")
        lying[1] = 0xFF
        #expect(throws: BinaryCodingError.self) { try BinaryCoding.decode(String.self, from: lying) }
    }
}
