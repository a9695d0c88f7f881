import Foundation
import RecbookResults
import Testing
import NotebookDocument
@testable import RecbookRuntime
import RecommenderKit
import RecbookFiles

/// Running notebooks: state across cells, immutability, failures and determinism.
struct NotebookRunnerTests {
    @Test func valuesCarryAcrossCellsAndAttacksLeaveTheModelUntouched() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            \(tinyTrain)
            ```

            ```recbook
            before = evaluate bpr k=10
            hit = attack fgsm bpr epsilon=0.5
            ```

            ```recbook
            after = evaluate bpr k=10
            attacked = evaluate hit k=10
            compare before after attacked
            ```
            """)
        #expect(result.cells.map(\.status) == [.succeeded, .succeeded, .succeeded])
        let before = result.figures(ofCell: 1)
        let after = result.figures(ofCell: 2)
        #expect(before["HR@10"] != nil)
        // The second cell's `evaluate bpr` came before the attack, the third cell's after it:
        // identical figures mean the attack built a new model and left `bpr` as it was.
        let afterTable = try #require(result.tables(ofCell: 2).first { $0.title == "Metrics" })
        let rowBefore = afterTable.rows[0].dropFirst(), rowAfter = afterTable.rows[1].dropFirst()
        #expect(Array(rowBefore) == Array(rowAfter))
        #expect(before["AUC"] == afterTable.rows[0].last.flatMap { if case .number(let v, _) = $0 { v } else { nil } })
        #expect(after.isEmpty == false)
        // The attacked model's AUC differs from the clean one's.
        let attackedAUC = afterTable.rows[2].last
        #expect(attackedAUC != afterTable.rows[0].last)
    }

    @Test func aFailureStopsOnlyTheCellsThatNeedItsValue() throws {
        let result = try runNotebook("""
            Intro.

            ```recbook
            \(tinyData)
            ```

            ```recbook
            other = load "/nonexistent/recbook-data"
            ```

            ```recbook
            stats data
            ```

            ```recbook
            stats other
            ```

            ```recbook
            pop = train mostpop other
            ```

            ```recbook
            e = evaluate pop
            ```
            """, path: "nb.md")
        // `stats data` reads nothing that failed, so it runs; the others wait on `other`.
        #expect(result.cells.map(\.status) == [.succeeded, .failed, .succeeded, .notRun, .notRun, .notRun])
        let error = try #require(result.cells[1].error)
        #expect(error.location == SourceLocation(line: 8, column: 14))
        #expect(error.headline.hasPrefix("nb.md:8:14: error: cannot load `/nonexistent/recbook-data`"))
        #expect(!result.cells[2].outputs.isEmpty)
        #expect(result.cells[3].outputs.isEmpty)
        #expect(result.cells[3].notRunReason == "needs `other`, which failed at line 8")
        #expect(result.cells[4].notRunReason == "needs `other`, which failed at line 8")
        // Waiting on a cell that did not run names that cell.
        #expect(result.cells[5].notRunReason == "needs `pop`, which was not computed (line 19)")
        #expect(!result.succeeded)
    }

    @Test func divergenceIsAFailureWithItsCause() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            bad = train bprmf data factors=8 epochs=3 batch=32 lr=1e30
            ```
            """)
        let error = try #require(result.cells[0].error)
        #expect(error.message.contains("diverged"))
        #expect(error.location == SourceLocation(line: 3, column: 1))
    }

    @Test func unknownUserIsReportedAtItsValue() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            pop = train mostpop data
            recommend pop user="nobody" n=3
            ```
            """)
        let error = try #require(result.cells[0].error)
        #expect(error.location == SourceLocation(line: 4, column: 20))
        #expect(error.message.hasPrefix(#"no user "nobody" in `data`"#))
    }

    @Test func splitOptionsOnAnECIRFolderAreRejected() throws {
        let folder = temporaryDirectory()
        try writeFile(folder + "/trainingset.tsv", "1\t1\t5\n1\t2\t5\n2\t1\t4\n2\t3\t4\n")
        try writeFile(folder + "/testset.tsv", "1\t3\t5\n2\t2\t4\n")
        let result = try runNotebook("""
            ```recbook
            data = load "\(folder)" split=holdout
            ```
            """)
        let error = try #require(result.cells[0].error)
        #expect(error.message.hasPrefix("option `split` applies to a single ratings file"))
        #expect(error.location == SourceLocation(line: 2, column: 16 + folder.count))
    }

    @Test func theManifestHashesEveryDataFileRead() throws {
        let folder = temporaryDirectory()
        let train = "1\t1\t5\n1\t2\t5\n2\t1\t4\n2\t3\t4\n"
        try writeFile(folder + "/trainingset.tsv", train)
        try writeFile(folder + "/testset.tsv", "1\t3\t5\n2\t2\t4\n")
        let result = try runNotebook("""
            ---
            params:
              path: "\(folder)"
            ---
            ```recbook
            data = load $path
            ```
            """)
        #expect(result.cells[0].status == .succeeded)
        let files = result.manifest.dataFiles
        // Shown relative to the working directory, so a published report does not reveal the machine.
        #expect(files.map { absolute($0.path) } == [folder + "/trainingset.tsv", folder + "/testset.tsv"])
        #expect(files.allSatisfy { !$0.path.hasPrefix("/") })
        #expect(files[0].bytes == train.utf8.count)
        #expect(files[0].sha256 == SHA256.hexDigest(of: Array(train.utf8)))
        // So is the absolute path the parameter holds.
        let relative = PathDisplay.relative(folder, from: FileManager.default.currentDirectoryPath)
        #expect(!relative.hasPrefix("/"))
        #expect(absolute(relative) == folder)
        #expect(result.manifest.parameters == [RunManifest.Parameter(name: "path", value: "\"\(relative)\"")])
    }

    @Test func sameSeedSameNumbersWhateverTheThreadCount() throws {
        let source = """
            ```recbook
            \(tinyData)
            \(tinyTrain)
            hit = attack fgsm bpr
            e = evaluate hit k=[5, 10]
            ```
            """
        let one = try runNotebook(source, seed: 11, threads: 1)
        let two = try runNotebook(source, seed: 11, threads: 2)
        let other = try runNotebook(source, seed: 12, threads: 1)
        // Everything but wall time is identical.
        func numbers(_ r: RunResult) -> [String: Double] { r.figures(ofCell: 0).filter { $0.key != "Training time" } }
        #expect(numbers(one).count == 8)
        #expect(numbers(one) == numbers(two))
        #expect(one.tables(ofCell: 0) == two.tables(ofCell: 0))
        #expect(numbers(one) != numbers(other))
    }

    @Test func exportWritesEmbeddingsAndRecommendations() throws {
        let output = temporaryDirectory()
        let folder = output + "/export"
        // `to=` is relative to the run's output folder.
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            \(tinyTrain)
            export bpr to="export" n=5
            ```
            """, output: output)
        #expect(result.cells[0].status == .succeeded)
        for file in ["user_factors.npy", "item_factors.npy", "users.txt", "items.txt", "recommendations.tsv"] {
            #expect(fileExists(folder + "/" + file), "missing \(file)")
        }
        let rows = try readFile(folder + "/recommendations.tsv").split(separator: "\n")
        #expect(rows.count == 40 * 5)
        #expect(rows[0].split(separator: "\t").count == 3)
    }

    @Test func aBareNameShowsItsValue() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            data
            ```
            """)
        #expect(result.text(ofCell: 0).contains("40 users, 60 items"))
        #expect(result.tables(ofCell: 0).first?.title == "Dataset “data”")
    }

    /// `other` is split from a 30-user dataset, so the checker cannot know its users: the run
    /// refuses to pair them with `data`'s 40, naming both evaluations and both datasets.
    @Test func comparingEvaluationsOfOtherUsersNamesBothDatasets() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            big = load synthetic users=30 items=60 per-user=10
            other = split big
            m = train mostpop data
            n = train mostpop other
            ea = evaluate m k=5
            eb = evaluate n k=5
            compare ea eb
            ```
            """)
        let error = try #require(result.cells[0].error)
        #expect(error.message == "`eb` (of `other`) was evaluated on other users than `ea` (of `data`); `compare` pairs users, so compare evaluations of the same dataset's users")
        #expect(error.location == SourceLocation(line: 9, column: 12))
    }

    @Test func evaluatingOnAnotherDatasetNeedsTheSameIDs() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            same = load synthetic users=40 items=60 per-user=10 seed=3
            big = load synthetic users=40 items=50 per-user=10
            other = split big
            pop = train mostpop data
            ok = evaluate pop on=same k=5
            bad = evaluate pop on=other k=5
            ```
            """)
        // `other` is split from `big`, so the checker does not know its counts: the run compares the ids.
        let error = try #require(result.cells[0].error)
        #expect(error.message == "`other` has other items than `data`, which `pop` was trained on; a model scores only the users and items of its training data")
        #expect(error.location == SourceLocation(line: 8, column: 23))
        #expect(result.text(ofCell: 0).contains("pop on same: 40 users evaluated"))
    }
}

/// Ratings files are split as the `load` options say.
struct RatingsFileLoadingTests {
    @Test func aRatingsFileIsSplitByTimestampOrAtRandom() throws {
        let folder = temporaryDirectory()
        var csv = "userId,movieId,rating,timestamp\n"
        for user in 1...4 {
            for item in 1...6 { csv += "u\(user),m\(item),4,\(1000 + user * 10 + item)\n" }
        }
        try writeFile(folder + "/ratings.csv", csv)
        let result = try runNotebook("""
            ```recbook
            loo = load "\(folder)/ratings.csv"
            stats loo
            held = load "\(folder)/ratings.csv" split=holdout ratio=0.5
            stats held
            ```
            """)
        #expect(result.cells[0].status == .succeeded, "\(String(describing: result.cells[0].error))")
        let tables = result.tables(ofCell: 0)
        func count(_ table: Table, _ label: String) -> Double? {
            for row in table.rows where row.first == .text(label) {
                if case .number(let v, _) = row[1] { return v }
            }
            return nil
        }
        // Leave-one-out keeps each user's latest row for testing: 4 test and 20 training rows.
        #expect(count(tables[0], "Test interactions") == 4)
        #expect(count(tables[0], "Training interactions") == 20)
        // A 50% holdout per user: 3 of 6 rows each.
        #expect(count(tables[1], "Test interactions") == 12)
        #expect(count(tables[1], "Training interactions") == 12)
        #expect(result.manifest.dataFiles.map { absolute($0.path) } == [folder + "/ratings.csv"])
    }
}

/// What `export` writes for models without embeddings.
struct BaselineExportTests {
    @Test func baselinesExportRecommendationsButNoEmbeddings() throws {
        let folder = temporaryDirectory()
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            pop = train mostpop data
            export pop to="all" n=3
            ```
            """, output: folder)
        // `what=embeddings` of a baseline is refused by the checker (LikelyMistakeTests).
        #expect(result.cells[0].error == nil)
        #expect(fileExists(folder + "/all/recommendations.tsv"))
        #expect(!fileExists(folder + "/all/user_factors.npy"))
    }
}

/// A path the reports show relative to the working directory, made absolute again (Foundation's
/// own path arithmetic, independent of recbook's).
func absolute(_ relative: String) -> String {
    let joined = FileManager.default.currentDirectoryPath + "/" + relative
    return URL(fileURLWithPath: joined).standardizedFileURL.path
}
