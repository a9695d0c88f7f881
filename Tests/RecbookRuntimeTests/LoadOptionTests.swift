import RecbookResults
import Testing
import NotebookDocument
@testable import RecbookRuntime

/// `load PATH test=FILE`, `min-rating=` and `load synthetic preset=`, run from a notebook.
@Suite struct LoadOptionTests {
    /// Training rows: a–x 5, a–y 3, b–x 4, b–z 4.5, c–y 1; test rows: a–z 4, b–y 2, c–x 5.
    static func files() throws -> (train: String, test: String) {
        let folder = temporaryDirectory()
        try writeFile(folder + "/train.tsv", "a\tx\t5\na\ty\t3\nb\tx\t4\nb\tz\t4.5\nc\ty\t1\n")
        try writeFile(folder + "/test.tsv", "a\tz\t4\nb\ty\t2\nc\tx\t5\n")
        return (folder + "/train.tsv", folder + "/test.tsv")
    }

    @Test func testOptionReadsTheTestFileAndMinRatingDropsLowRows() throws {
        let (train, test) = try Self.files()
        let result = try runNotebook("""
            ```recbook
            all = load "\(train)" test="\(test)"
            ```

            ```recbook
            liked = load "\(train)" test="\(test)" min-rating=4
            ```
            """)
        #expect(result.succeeded)
        // A train/test pair is named after its folder.
        let name = String(train.split(separator: "/").dropLast().last!)
        // Every row a positive: users a, b, c; items x, y, z; 5 training and 3 test rows.
        #expect(result.text(ofCell: 0) == "\(name): 3 users, 3 items, 5 training and 3 test interactions")
        // Rating ≥ 4 keeps a–x, b–x, b–z for training and a–z, c–x for testing; c keeps only a
        // test row, so it has no training rows and evaluation leaves it out.
        #expect(result.text(ofCell: 1) == "\(name): 3 users, 2 items, 3 training and 2 test interactions\n"
            + "note: 1 test user has no training rows; evaluation leaves it out")
    }

    @Test func aMissingTestFileIsALocatedError() throws {
        let (train, _) = try Self.files()
        let result = try runNotebook("""
            ```recbook
            data = load "\(train)" test="/nonexistent/recbook-test.tsv"
            ```
            """)
        let error = try #require(result.cells[0].error)
        #expect(error.location == SourceLocation(line: 2, column: 13))
        #expect(error.message.hasPrefix("cannot load `\(train)`: /nonexistent/recbook-test.tsv"), "\(error.message)")
    }

    @Test func presetsSetTheSizesThatAreNotGiven() throws {
        // ml-500 has 3,172 items and ml-1m 3,706 (MovieLens' own); users and per-user given.
        let result = try runNotebook("""
            ```recbook
            a = load synthetic users=20 per-user=4 seed=1
            ```

            ```recbook
            b = load synthetic preset=ml-500 users=20 per-user=4 seed=1
            ```

            ```recbook
            c = load synthetic preset=ml-1m users=20 per-user=4 seed=1
            ```
            """)
        #expect(result.succeeded)
        #expect(result.text(ofCell: 0).hasPrefix("a: 20 users, 3,172 items, "), "\(result.text(ofCell: 0))")
        #expect(result.text(ofCell: 1).hasPrefix("b: 20 users, 3,172 items, "))
        #expect(result.text(ofCell: 2).hasPrefix("c: 20 users, 3,706 items, "))
        // ml-500 is the default preset: the same data.
        #expect(result.text(ofCell: 0).dropFirst(2) == result.text(ofCell: 1).dropFirst(2))
    }
}
