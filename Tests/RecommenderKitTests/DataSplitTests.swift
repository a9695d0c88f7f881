import Testing
@testable import RecommenderKit

@Suite struct DataSplitTests {
    static func row(_ user: String, _ item: String, _ time: Int64?, line: Int) -> RatingsRow {
        RatingsRow(user: user, item: item, rating: 5, timestamp: time, line: line)
    }

    @Test func leaveOneOutHoldsOutTheLatestAndBreaksTiesByLaterRow() throws {
        let table = RatingsTable(sourceFile: "r.csv", rows: [
            Self.row("u1", "a", 30, line: 1),
            Self.row("u1", "b", 10, line: 2),
            Self.row("u1", "c", 20, line: 3),
            Self.row("u2", "a", 5, line: 4),
            Self.row("u2", "b", 5, line: 5),  // tie with the row above: the later row is the test item
            Self.row("u3", "c", 1, line: 6),  // a single interaction stays in training
            Self.row("u1", "a", 99, line: 7),  // duplicate: collapses to line 1 (timestamp 30)
        ])
        let dataset = try table.split(.leaveOneOut, generator: SeededGenerator(seed: 1))
        #expect(rawPairs(dataset.test, dataset) == ["u1-a", "u2-b"])
        #expect(rawPairs(dataset.train, dataset) == ["u1-b", "u1-c", "u2-a", "u3-c"])
        #expect(dataset.duplicatesCollapsed == 1)
        #expect(dataset.evaluableUsers == [0, 1])
        #expect(dataset.sourceFiles == ["r.csv"])
    }

    @Test func leaveOneOutWithoutTimestampsIsAnError() throws {
        let table = RatingsTable(sourceFile: "data/r.csv", rows: [Self.row("u", "a", nil, line: 1), Self.row("u", "b", nil, line: 2)])
        let error = try #require(throws: DataError.self) { try table.split(.leaveOneOut, generator: SeededGenerator(seed: 1)) }
        #expect(error.description == "data/r.csv: error: leave-one-out needs a timestamp column to find each user's "
            + "latest interaction, and this file has none; use a random holdout split instead")
    }

    @Test(arguments: [0.0, 1.0, -0.5, .nan])
    func holdoutRatioOutOfRangeIsAnError(ratio: Double) throws {
        let table = RatingsTable(sourceFile: "r.csv", rows: [Self.row("u", "a", nil, line: 1)])
        let error = try #require(throws: DataError.self) { try table.split(.holdout(ratio: ratio), generator: SeededGenerator(seed: 1)) }
        #expect(error.description == "r.csv: error: holdout ratio must be between 0 and 1 (exclusive), got \(ratio)")
    }

    /// Users with 1, 2, 5 and 10 items.
    static let holdoutTable = RatingsTable(sourceFile: "r.csv", rows: [1, 2, 5, 10].enumerated().flatMap { user, count in
        (0..<count).map { row("u\(user)", "i\($0)", nil, line: 1) }
    })

    @Test(arguments: [(0.2, [0, 1, 1, 2]), (0.5, [0, 1, 3, 5]), (0.9, [0, 1, 4, 9])])
    func holdoutTakesTheRoundedShareAndKeepsOneTrainingItem(ratio: Double, expectedTest: [Int]) throws {
        let dataset = try Self.holdoutTable.split(.holdout(ratio: ratio), generator: SeededGenerator(seed: 3))
        let testCounts = (0..<4).map { dataset.test.items(of: $0).count }
        let trainCounts = (0..<4).map { dataset.train.items(of: $0).count }
        #expect(testCounts == expectedTest)
        #expect(zip(testCounts, trainCounts).map(+) == [1, 2, 5, 10])
        for u in 0..<4 {
            for i in dataset.test.items(of: u) { #expect(!dataset.train.contains(user: u, item: Int(i))) }
        }
    }

    @Test func holdoutIsRepeatableForASeedAndDiffersAcrossSeeds() throws {
        let a = try Self.holdoutTable.split(.holdout(ratio: 0.5), generator: SeededGenerator(seed: 3))
        let b = try Self.holdoutTable.split(.holdout(ratio: 0.5), generator: SeededGenerator(seed: 3))
        #expect(a == b)
        let others = try (4..<12).map { try Self.holdoutTable.split(.holdout(ratio: 0.5), generator: SeededGenerator(seed: $0)) }
        #expect(others.contains { $0.test != a.test })
    }
}

@Suite struct HoldoutIndependenceTests {
    static func rows(users: [(String, Int)]) -> RatingsTable {
        var line = 0
        return RatingsTable(sourceFile: "r.csv", rows: users.flatMap { user, count in
            (0..<count).map { i -> RatingsRow in
                line += 1
                return RatingsRow(user: user, item: "i\(i)", rating: 5, timestamp: nil, line: line)
            }
        })
    }

    static func pairs(of user: String, _ matrix: InteractionMatrix, _ dataset: Dataset) -> [String] {
        rawPairs(matrix, dataset).filter { $0.hasPrefix("\(user)-") }
    }

    @Test func aUsersHoldoutDoesNotDependOnTheOtherUsers() throws {
        // "keep" has 12 items; the others change around it: a user added before it in ID order, one
        // removed, one with more rows. Its held-out items must be the same every time.
        let tables = [
            Self.rows(users: [("a", 5), ("keep", 12), ("b", 7)]),
            Self.rows(users: [("a", 5), ("aa", 9), ("keep", 12), ("b", 7)]),
            Self.rows(users: [("keep", 12), ("b", 7)]),
            Self.rows(users: [("a", 11), ("keep", 12)]),
        ]
        let splits = try tables.map { try $0.split(.holdout(ratio: 0.5), generator: SeededGenerator(seed: 4)) }
        let held = splits.map { Self.pairs(of: "keep", $0.test, $0) }
        #expect(held[0].count == 6)
        for other in held.dropFirst() { #expect(other == held[0]) }
        // The split does depend on the seed (else the test above would pass trivially).
        let reseeded = try tables[0].split(.holdout(ratio: 0.5), generator: SeededGenerator(seed: 5))
        let seeds = try (5..<10).map { try tables[0].split(.holdout(ratio: 0.5), generator: SeededGenerator(seed: $0)) }
        #expect(([reseeded] + seeds).contains { Self.pairs(of: "keep", $0.test, $0) != held[0] })
    }
}
