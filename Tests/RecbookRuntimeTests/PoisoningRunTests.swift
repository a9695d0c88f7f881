import RecbookResults
import Testing
@testable import RecbookRuntime

/// Poisoning statements in running notebooks: what they show, and the failures only the run can find.
@Suite struct PoisoningRunTests {
    /// One cell per statement, so each can fail on its own.
    static func cells(_ statements: [String]) -> String {
        statements.map { "```recbook\n\($0)\n```\n" }.joined(separator: "\n")
    }

    @Test func poisonedDataTrainsAndDefencesRun() throws {
        let result = try runNotebook(Self.cells([
            tinyData,
            #"poisoned = poison segment data targets="7" users=6 filler=4 selected=3"#,
            "flags = detect similarity poisoned flag=6 neighbours=3",
            "cleaned = remove poisoned flagged=flags",
            "stats cleaned",
            "m = train mostpop cleaned",
            #"pushed = evaluate m targets=["7", "9"] k=[5, 10]"#,
        ]))
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let budget = result.figures(ofCell: 1)
        #expect(budget["Fake users"] == 6)
        // Every profile holds the target, 3 segment items and 4 filler items.
        #expect(budget["Interactions added"] == Double(6 * 8))
        let detection = result.figures(ofCell: 2)
        #expect(detection["Flagged"] == 6)
        #expect(detection["Precision"] == detection["Fake users flagged"]! / 6)
        #expect(detection["Recall"] == detection["Fake users flagged"]! / 6)
        #expect(result.text(ofCell: 3).contains("removed 6 flagged users"))
        // The fake users the detector missed are still counted as fake.
        let stats = try #require(result.tables(ofCell: 4).first)
        let fake = stats.rows.first { $0.first == .text("Fake users (injected by `poison`)") }
        #expect(fake?.last == .number(6 - detection["Fake users flagged"]!, .integer) || (fake == nil && detection["Fake users flagged"] == 6))
        let targets = try #require(result.tables(ofCell: 6).first { $0.title == "Target items" })
        #expect(targets.rows.count == 2)
        // Each target's mean position is a figure too, and agrees with the table's column.
        let figures = result.figures(ofCell: 6)
        for row in targets.rows {
            guard case .text(let id) = row[0], case .number(let rank, _) = row[row.count - 1] else {
                Issue.record("unexpected row \(row)")
                continue
            }
            #expect(figures["Mean rank of “\(id)”"] == rank)
            #expect(rank >= 1)
        }
    }

    @Test func budgetSweepsAndSeedsRunThroughEverything() throws {
        let result = try runNotebook(Self.cells([
            tinyData,
            #"poisoned = poison bandwagon data targets="7" users=sweep[2, 8] filler=3 selected=2 seeds=2"#,
            "m = train mostpop poisoned",
            #"pushed = evaluate m targets="7" k=[5] output=none"#,
            "plot pushed x=users metric=hr k=5",
            "table pushed rows=users metric=hr k=5",
            "flags = detect pca poisoned flag-share=0.1",
        ]))
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
    }

    @Test func targetEvaluationsOfCleanAndPoisonedDataCompareUserByUser() throws {
        // Genuine users keep their indices in the poisoned data, and fake users are never
        // measured, so both evaluations cover the same users and pair user by user.
        let result = try runNotebook(Self.cells([
            tinyData,
            #"poisoned = poison random data targets="7" users=100 filler=1"#,
            "clean = train mostpop data",
            "pushed = train mostpop poisoned",
            #"before = evaluate clean targets="7" k=[5]"#,
            #"after = evaluate pushed targets="7" k=[5]"#,
            "compare before after k=5",
        ]))
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        #expect(result.text(ofCell: 4) .contains("users evaluated"))
        #expect(result.text(ofCell: 4) == result.text(ofCell: 5).replacing("pushed on poisoned", with: "clean on data"))
        // Most-popular scores: the target gains 100 fake users; another item would need 60 of
        // them (it has at most 40 genuine ones) to tie, and the 100 filler picks allow one such
        // item at most. So the target is among everyone's top 2.
        #expect(result.figures(ofCell: 5)["HR@5"] == 1)
    }

    @Test func aTargetThatDoesNotExistFailsAtItsPlace() throws {
        let result = try runNotebook(Self.cells([tinyData, #"p = poison random data targets=["7", "nope"] users=2 filler=3"#]))
        let error = try #require(result.cells[1].error)
        #expect(error.headline == #"test.md:6:32: error: cannot poison: no item "nope" in the dataset (its item ids look like "0", "1", "2")"#)
    }

    @Test func aProfileLargerThanTheItemsFails() throws {
        // The synthetic data has 60 items: 1 target + 60 filler items cannot be distinct.
        let result = try runNotebook(Self.cells([tinyData, #"p = poison random data targets="7" users=2 filler=60"#]))
        let error = try #require(result.cells[1].error)
        #expect(error.headline == "test.md:6:44: error: cannot poison: a fake profile would need 61 distinct items (targets + selected + filler), but the dataset has 60")
    }

    @Test func removingFlagsOfAnotherDatasetFails() throws {
        let result = try runNotebook(Self.cells([
            tinyData,
            #"p = poison random data targets="7" users=2 filler=3"#,
            "flags = detect pca data flag=2",
            "c = remove p flagged=flags",
        ]))
        #expect(result.cells[3].error?.headline == "test.md:14:22: error: `flags` flagged users of `data`, not of `p`; detect on `p` to remove its users")
    }

    @Test func anUnknownTargetOfAnEvaluationFails() throws {
        let result = try runNotebook(Self.cells([tinyData, "m = train mostpop data", #"e = evaluate m targets="nope""#]))
        #expect(result.cells[2].error?.headline == #"test.md:10:24: error: no item "nope" in `data` (its ids look like "0", "1", "2")"#)
    }
}
