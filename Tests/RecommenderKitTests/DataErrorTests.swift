import Testing
@testable import RecommenderKit

/// Every malformed input gives a `DataError` whose text names the file, line and column.
@Suite struct DataErrorTests {
    struct BadFile: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        /// The expected description after the file path.
        var expected: String
        var line: Int?
        var column: Int?
        var testDescription: String { expected }
    }

    static let ecirCases: [BadFile] = [
        BadFile(name: "trainingset.tsv", text: "1\t2\t5\n3\t4\n",
                expected: ":2:4: error: expected 3 fields as on line 1, found 2", line: 2, column: 4),
        BadFile(name: "trainingset.tsv", text: "1\t2\n",
                expected: ":1:4: error: expected 3 or 4 fields (user, item, rating[, timestamp] separated by tab), found 2",
                line: 1, column: 4),
        BadFile(name: "trainingset.tsv", text: "1\t2\t3\t4\t5\n",
                expected: ":1:9: error: expected 3 or 4 fields (user, item, rating[, timestamp] separated by tab), found 5",
                line: 1, column: 9),
        BadFile(name: "trainingset.tsv", text: "1\t2\t5\t9\n1\t3\t4\t9\t9\n",
                expected: ":2:9: error: expected 4 fields as on line 1, found 5", line: 2, column: 9),
        BadFile(name: "trainingset.tsv", text: "1\t2\t5\n1\t3\tgood\n",
                expected: ":2:5: error: rating 'good' is not a number", line: 2, column: 5),
        BadFile(name: "trainingset.tsv", text: "user\titem\trating\n",
                expected: ":1:11: error: rating 'rating' is not a number", line: 1, column: 11),
        BadFile(name: "trainingset.tsv", text: "1\t2\t5\t100\n1\t3\t4\tnoon\n",
                expected: ":2:7: error: timestamp 'noon' is not an integer", line: 2, column: 7),
        BadFile(name: "trainingset.tsv", text: "1\t2\tnan\n",
                expected: ":1:5: error: rating 'nan' is not a number", line: 1, column: 5),
        BadFile(name: "trainingset.tsv", text: "é\t2\tx\n",  // é is one character (two bytes)
                expected: ":1:5: error: rating 'x' is not a number", line: 1, column: 5),
        BadFile(name: "trainingset.tsv", text: "1\t\t5\n",
                expected: ":1:3: error: empty item id", line: 1, column: 3),
        BadFile(name: "trainingset.tsv", text: "", expected: ": error: file is empty (no rating rows)"),
        BadFile(name: "trainingset.tsv", text: "\n  \r\n\n", expected: ": error: file is empty (no rating rows)"),
    ]

    @Test(arguments: ecirCases)
    func malformedECIRTrainingFile(_ bad: BadFile) throws {
        let folder = makeTemporaryFolder()
        let path = try writeFile(folder, bad.name, bad.text)
        try writeFile(folder, "testset.tsv", "1\t9\t5\n")
        let error = try #require(throws: DataError.self) { try DatasetLoader().loadECIR(folder: folder) }
        #expect(error.description == path + bad.expected)
        #expect(error.path == path && error.line == bad.line && error.column == bad.column)
    }

    static let ratingsCases: [BadFile] = [
        BadFile(name: "r.csv", text: "userId,movieId,rating,timestamp\n1,2,3\n",
                expected: ":2:6: error: expected 4 fields as in the header on line 1, found 3", line: 2, column: 6),
        BadFile(name: "r.csv", text: "user,score,timestamp\n1,5,9\n",
                expected: ":1:1: error: header has no item column (accepted names: item, itemId, movieId, iid)",
                line: 1, column: 1),
        BadFile(name: "r.csv", text: "user,item,user,rating\n",
                expected: ":1:11: error: header names the user column twice", line: 1, column: 11),
        BadFile(name: "r.csv", text: "user,item,rating\n", expected: ": error: file has a header but no rating rows"),
        BadFile(name: "r.dat", text: "1::2::5::100\n1::3::4::abc\n",
                expected: ":2:10: error: timestamp 'abc' is not an integer", line: 2, column: 10),
        BadFile(name: "r.txt", text: "1 2 3\n",
                expected: ":1:1: error: cannot tell how fields are separated: expected tabs, commas, semicolons or '::'",
                line: 1, column: 1),
        BadFile(name: "r.csv", text: "1,2,4.5\n1,3,4,5x\n",
                expected: ":2:7: error: expected 3 fields as on line 1, found 4", line: 2, column: 7),
        BadFile(name: "r.csv", text: "", expected: ": error: file is empty (no rating rows)"),
    ]

    @Test(arguments: ratingsCases)
    func malformedRatingsFile(_ bad: BadFile) throws {
        let path = try writeFile(makeTemporaryFolder(), bad.name, bad.text)
        let error = try #require(throws: DataError.self) { try DatasetLoader().loadRatings(file: path) }
        #expect(error.description == path + bad.expected)
        #expect(error.line == bad.line && error.column == bad.column)
    }

    @Test func errorInTheTestFileNamesTheTestFile() throws {
        let folder = makeTemporaryFolder()
        try writeFile(folder, "trainingset.tsv", "1\t2\t5\n")
        let test = try writeFile(folder, "testset.tsv", "1\t3\t5\n\n1\t4\n")
        let error = try #require(throws: DataError.self) { try DatasetLoader().loadECIR(folder: folder) }
        #expect(error.description == test + ":3:4: error: expected 3 fields as on line 1, found 2")
    }

    @Test func missingFile() throws {
        let path = makeTemporaryFolder() + "/absent.csv"
        let error = try #require(throws: DataError.self) { try DatasetLoader().loadRatings(file: path) }
        #expect(error.description == path + ": error: cannot open file: No such file or directory")
    }

    /// D15: `load "/dev/zero"` used to grow to 4 GB and abort.
    @Test func aDeviceIsNotADataFile() throws {
        let error = try #require(throws: DataError.self) { try DatasetLoader().loadRatings(file: "/dev/zero") }
        #expect(error.description == "/dev/zero: error: is not a regular file (a device, pipe or socket)")
    }

    @Test func folderGivenWhereAFileIsExpected() throws {
        let folder = makeTemporaryFolder()
        let error = try #require(throws: DataError.self) { try DatasetLoader().loadRatings(file: folder) }
        #expect(error.description == folder + ": error: is a folder, expected a file")
    }

    @Test func missingFolder() throws {
        let folder = makeTemporaryFolder() + "/nope"
        let error = try #require(throws: DataError.self) { try DatasetLoader().loadECIR(folder: folder) }
        #expect(error.description == folder + ": error: no such folder")
    }

    @Test func fileGivenWhereAFolderIsExpected() throws {
        let file = try writeFile(makeTemporaryFolder(), "trainingset.tsv", "1\t2\t3\n")
        let error = try #require(throws: DataError.self) { try DatasetLoader().loadECIR(folder: file) }
        #expect(error.description == file + ": error: not a folder")
    }

    @Test func folderWithoutTheECIRFiles() throws {
        let folder = makeTemporaryFolder()
        let none = try #require(throws: DataError.self) { try DatasetLoader().loadECIR(folder: folder) }
        #expect(none.description == folder
            + ": error: missing trainingset.tsv and testset.tsv: an ECIR dataset folder holds trainingset.tsv and testset.tsv")
        try writeFile(folder, "trainingset.tsv", "1\t2\t3\n")
        let one = try #require(throws: DataError.self) { try DatasetLoader().loadECIR(folder: folder) }
        #expect(one.description == folder
            + ": error: missing testset.tsv: an ECIR dataset folder holds trainingset.tsv and testset.tsv")
        #expect(!DatasetLoader.isECIRFolder(folder))
    }
}

/// D14, D16: a byte order mark is not part of an id; a threshold that drops every row says so.
@Suite struct RatingsFileEdgeTests {
    static func parse(_ text: String, minRating: Double? = nil) throws -> RatingsTable {
        try RatingsFileParser(path: "r.csv", format: .generic(nil), minRating: minRating).parse(Array(text.utf8))
    }

    @Test func aByteOrderMarkIsNotPartOfTheFirstID() throws {
        let table = try Self.parse("\u{FEFF}1\t2\t5\n1\t3\t4\n2\t2\t5\n")
        #expect(table.userNames == ["1", "2"])
    }

    @Test func aByteOrderMarkDoesNotHideTheHeader() throws {
        let table = try Self.parse("\u{FEFF}user,item,rating\n1,2,5\n3,2,4\n")
        #expect(table.userNames == ["1", "3"])
        #expect(table.itemNames == ["2"])
    }

    @Test func aThresholdAboveEveryRatingIsAnError() throws {
        let error = try #require(throws: DataError.self) { try Self.parse("1\t2\t3\n1\t3\t4\n", minRating: 4.5) }
        #expect(error.description == "r.csv: error: `min-rating` 4.5 drops every one of the 2 rows; the threshold is above every rating")
    }
}
