import RecbookFiles
import Testing
@testable import RecommenderKit

/// Data files are read once, in windows of whole lines, parsed in pieces on several cores and
/// hashed on the way. None of that may show: small windows (many of them, and lines longer
/// than a window), thread counts and file order must give the dataset, the errors and the
/// digest that reading the whole file serially gives.
@Suite struct WindowedLoadingTests {
    /// 40 users × up to 9 items, in an order that is not grouped by user, with a duplicate,
    /// blank lines, CRLF endings and ids of different lengths.
    static let shuffledRows: String = {
        var lines: [String] = []
        for step in 0..<300 {
            let user = (step * 7) % 40, item = (step * 13) % 9 * 111
            lines.append("\(user)\t\(item)\t1")
            if step % 50 == 0 { lines.append("") }
        }
        lines.append("3\t0\t1")  // a repeat of an earlier (user, item) row
        return lines.enumerated().map { $0.offset % 3 == 0 ? $0.element + "\r" : $0.element }.joined(separator: "\n") + "\n"
    }()

    /// The pairs the file holds, read with no parser at all.
    static func expectedPairs(_ text: String) -> Set<String> {
        // "\r\n" is one Character in Swift: split on both endings.
        Set(text.split(whereSeparator: \.isNewline).compactMap { line -> String? in
            let fields = line.split(separator: "\t")
            guard fields.count == 3 else { return nil }
            return "\(fields[0])-\(fields[1])"
        })
    }

    @Test(arguments: [(16, 1), (16, 3), (100, 2), (1 << 20, 1), (1 << 20, 4)])
    func windowsAndThreadsGiveTheSameDataset(windowBytes: Int, threads: Int) throws {
        let folder = makeTemporaryFolder()
        let train = try writeFile(folder, "trainingset.tsv", Self.shuffledRows)
        let test = try writeFile(folder, "testset.tsv", "5\t888\t1\n")
        var parser = RatingsFileParser(path: train, format: .ecir, minRating: nil, keep: .interactions)
        parser.context = ComputeContext(threads: threads)
        var (rows, digest) = try parser.parseFile(windowBytes: windowBytes)
        #expect(digest.bytes == Self.shuffledRows.utf8.count)
        #expect(digest.sha256 == SHA256.hexDigest(of: Array(Self.shuffledRows.utf8)))

        let users = IDMap(rawIDs: rows.users.names), items = IDMap(rawIDs: rows.items.names)
        let (matrix, duplicates) = DatasetAssembly.matrix(&rows, users: users, items: items, context: ComputeContext(threads: threads))
        let pairs = Set(matrix.pairs.map { "\(users.rawID(of: $0.user))-\(items.rawID(of: $0.item))" })
        #expect(pairs == Self.expectedPairs(Self.shuffledRows))
        // 300 generated rows repeat with period lcm(40, 9) = 360 > 300, so only the appended row repeats.
        #expect(duplicates == 1)
        #expect(matrix.count == 300)

        var loader = DatasetLoader()
        loader.context = ComputeContext(threads: threads)
        let whole = try loader.loadECIR(train: train, test: test)
        #expect(whole.train == matrix)
        #expect(whole.duplicatesCollapsed == 1)
        #expect(whole.sourceDigests.map(\.sha256) == [digest.sha256, SHA256.hexDigest(of: Array("5\t888\t1\n".utf8))])
    }

    @Test func groupedAndShuffledFilesGiveTheSameMatrix() throws {
        let folder = makeTemporaryFolder()
        let shuffled = try writeFile(folder, "a.tsv", Self.shuffledRows)
        // The same rows grouped by user in ascending order: the in-place path, no reordering.
        let grouped = Self.shuffledRows.split(whereSeparator: \.isNewline)
            .sorted { Int($0.split(separator: "\t")[0])! < Int($1.split(separator: "\t")[0])! }
            .joined(separator: "\n")
        let groupedPath = try writeFile(folder, "b.tsv", grouped)
        func matrix(_ path: String) throws -> InteractionMatrix {
            var (rows, _) = try RatingsFileParser(path: path, format: .ecir, minRating: nil, keep: .interactions).parseFile(windowBytes: 64)
            let users = IDMap(rawIDs: rows.users.names), items = IDMap(rawIDs: rows.items.names)
            return DatasetAssembly.matrix(&rows, users: users, items: items, context: .singleThreaded).0
        }
        let reference = try matrix(shuffled)
        #expect(try matrix(groupedPath) == reference)
        // And both equal the matrix built from pairs by the general constructor.
        var pairs: [(user: Int, item: Int)] = []
        let users = IDMap(rawIDs: (0..<40).map(String.init))
        let items = IDMap(rawIDs: (0..<9).map { String($0 * 111) })
        for key in Self.expectedPairs(Self.shuffledRows) {
            let parts = key.split(separator: "-")
            pairs.append((users.index(of: String(parts[0]))!, items.index(of: String(parts[1]))!))
        }
        #expect(reference == InteractionMatrix(userCount: 40, itemCount: 9, pairs: pairs))
    }

    /// The error names the line where it is in the file, whichever window and piece holds it.
    @Test(arguments: [16, 40, 1 << 20])
    func errorsNameTheirLineInTheWholeFile(windowBytes: Int) throws {
        let folder = makeTemporaryFolder()
        var lines = (0..<120).map { "\($0 % 10)\t\($0)\t1" }
        lines.insert("", at: 30)  // blank lines count: the bad row below is on line 100 + 2
        lines.insert("", at: 31)
        lines[101] = "7\t8\tfive"
        let path = try writeFile(folder, "bad.tsv", lines.joined(separator: "\n") + "\n")
        for threads in [1, 3] {
            var parser = RatingsFileParser(path: path, format: .ecir, minRating: nil, keep: .interactions)
            parser.context = ComputeContext(threads: threads)
            let error = try #require(throws: DataError.self) { try parser.parseFile(windowBytes: windowBytes) }
            #expect(error.description == "\(path):102:5: error: rating 'five' is not a number")
        }
    }

    /// The earliest error in the file wins, even when a later piece finishes first.
    @Test func theFirstOfSeveralErrorsIsReported() throws {
        let folder = makeTemporaryFolder()
        var lines = (0..<200).map { "\($0 % 10)\t\($0)\t1" }
        lines[20] = "1\t2"
        lines[150] = "1\t2\t3\t4\t5"
        let path = try writeFile(folder, "bad.tsv", lines.joined(separator: "\n"))
        var parser = RatingsFileParser(path: path, format: .ecir, minRating: nil, keep: .interactions)
        parser.context = ComputeContext(threads: 4)
        let error = try #require(throws: DataError.self) { try parser.parseFile(windowBytes: 1 << 20) }
        #expect(error.description == "\(path):21:4: error: expected 3 fields as on line 1, found 2")
    }

    /// A header in the first window, blank lines before it, and table columns (ratings,
    /// timestamps, lines) that line up across windows.
    @Test func ratingsTablesKeepLinesAcrossWindows() throws {
        let folder = makeTemporaryFolder()
        var text = "\n\nuserId,movieId,rating,timestamp\n"
        for row in 0..<50 { text += "u\(row % 4),m\(row),\(row % 5).5,\(1000 + row)\n" }
        let path = try writeFile(folder, "ratings.csv", text)
        for (window, threads) in [(24, 1), (24, 3), (1 << 20, 2)] {
            var parser = RatingsFileParser(path: path, format: .generic(.comma), minRating: 2, keep: .table)
            parser.context = ComputeContext(threads: threads)
            let table = try parser.parseFile(windowBytes: window).0.table(sourceFile: path)
            // Ratings 0.5 and 1.5 (row % 5 ∈ {0, 1}) fall below 2: 20 of the 50 rows.
            #expect(table.rowsBelowThreshold == 20)
            #expect(table.count == 30)
            #expect(table.hasTimestamps)
            let kept = (0..<50).filter { $0 % 5 >= 2 }
            #expect(table.rows == kept.map { row in
                RatingsRow(user: "u\(row % 4)", item: "m\(row)", rating: Double(row % 5) + 0.5, timestamp: Int64(1000 + row), line: row + 4)
            })
        }
    }

    /// Rows the one-pass numeric path must hand to the general scanner, each read as the
    /// general rules say: "007" is its own id (not 7), spaces and quotes are trimmed, signs,
    /// exponents and long ratings are parsed by `Double`.
    @Test func rowsOffTheNumericPathKeepTheGeneralRules() throws {
        let folder = makeTemporaryFolder()
        let text = "7\t1\t1\n007\t1\t1\n  8\t2 \t1\n\"9\"\t3\t-1\n10\t4\t2.5\r\n11\t5\t1e0\n12\t6\t1.0000000000000001\n13\t7\t+2"
        let path = try writeFile(folder, "rows.tsv", text)
        for window in [8, 1 << 20] {
            let parser = RatingsFileParser(path: path, format: .ecir, minRating: nil, keep: .table)
            let table = try parser.parseFile(windowBytes: window).0.table(sourceFile: path)
            #expect(table.rows == [
                RatingsRow(user: "7", item: "1", rating: 1, line: 1),
                RatingsRow(user: "007", item: "1", rating: 1, line: 2),
                RatingsRow(user: "8", item: "2", rating: 1, line: 3),
                RatingsRow(user: "9", item: "3", rating: -1, line: 4),
                RatingsRow(user: "10", item: "4", rating: 2.5, line: 5),
                RatingsRow(user: "11", item: "5", rating: 1, line: 6),
                RatingsRow(user: "12", item: "6", rating: 1.0000000000000001, line: 7),
                RatingsRow(user: "13", item: "7", rating: 2, line: 8),
            ])
        }
    }
}
