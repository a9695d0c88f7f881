import RecbookResults
import Testing
@testable import RecbookRuntime

/// `evaluate`'s protocols at the notebook level: sampled negatives shared across models,
/// corpus-level metrics in `compare` and citations, activity groups, and `split`.
@Suite struct EvaluationProtocolTests {
    static func draw(_ result: RunResult, cell: Int) -> String? {
        let text = result.text(ofCell: cell)
        guard let range = text.range(of: "Negatives draw ") else { return nil }
        return String(text[range.upperBound...].prefix(12))
    }

    @Test func sampledNegativesDependOnTheDatasetNotTheModel() throws {
        let source = """
            ```recbook
            \(tinyData)
            \(tinyTrain)
            pop = train mostpop data
            val = split data validation=holdout ratio=0.3
            ```
            ```recbook
            a = evaluate pop candidates=sampled negatives=20 k=10
            ```
            ```recbook
            b = evaluate bpr candidates=sampled negatives=20 k=10
            ```
            ```recbook
            c = evaluate pop on=val candidates=sampled negatives=20 k=10
            ```
            ```recbook
            d = evaluate bpr candidates=sampled negatives=20 k=10 sampling=popularity
            ```
            ```recbook
            e = evaluate bpr candidates=sampled negatives=20 k=10 seed=5
            ```
            """
        let result = try runNotebook(source)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let draws = (1...5).map { Self.draw(result, cell: $0) }
        #expect(draws.allSatisfy { $0?.count == 12 }, "\(draws)")
        #expect(draws[0] == draws[1])  // two models, one dataset: the same negatives
        #expect(Set(draws.compactMap { $0 }).count == 4)  // another dataset, law or seed: other negatives
        // The caveat is its own kind of output, kept at `output=summary` and over families.
        let notices = result.cells[1].outputs.compactMap { if case .notice(let t) = $0 { t } else { nil } }
        #expect(notices.count == 1 && notices[0].contains("Krichene & Rendle, KDD 2020"))
        // The same negatives for the same model whatever the statement's name or place.
        let again = try runNotebook(source.replacingOccurrences(of: "b = evaluate", with: "renamed = evaluate"))
        #expect(Self.draw(again, cell: 2) == draws[1])
        #expect(again.figures(ofCell: 2) == result.figures(ofCell: 2))
    }

    @Test func theSampledNoticeSurvivesSummariesAndFamilies() throws {
        let source = "```recbook\ndata = load synthetic users=40 items=60 per-user=10 seeds=2\npop = train mostpop data\n"
            + "e = evaluate pop candidates=sampled negatives=10 output=summary\n```"
        let result = try runNotebook(source)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let notices = result.cells[0].outputs.filter { if case .notice = $0 { true } else { false } }
        #expect(notices.count == 1)  // two elements, one caveat
    }

    @Test func theEvaluationNoteStatesAProtocolOtherThanTheDefault() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            pop = train mostpop data
            a = evaluate pop
            ```
            ```recbook
            b = evaluate pop ties=expected mask=false
            ```
            ```recbook
            c = evaluate pop candidates=sampled negatives=12
            ```
            """)
        #expect(result.text(ofCell: 0).contains("pop on data: 40 users evaluated\n") || result.text(ofCell: 0).hasSuffix("pop on data: 40 users evaluated"))
        #expect(result.text(ofCell: 1).contains("pop on data: 40 users evaluated; ties expected, training items not masked"))
        #expect(result.text(ofCell: 2).contains("pop on data: 40 users evaluated; against 12 sampled negatives per user"))
    }

    @Test func tooManyNegativesFailAtTheOption() throws {
        let result = try runNotebook("```recbook\n\(tinyData)\npop = train mostpop data\ne = evaluate pop candidates=sampled negatives=59\n```")
        let error = try #require(result.cells[0].error)
        #expect(error.identifier == "too-few-negatives")
        #expect(error.message.hasPrefix("cannot sample 59 negatives per user: a user of `data` has only "))
    }

    @Test func corpusMetricsCompareAndCiteWithoutAPairedTest() throws {
        let source = """
            ```recbook
            \(tinyData)
            \(tinyTrain)
            pop = train mostpop data
            a = evaluate pop metrics=[hr, coverage, gini, arp] k=10
            b = evaluate bpr metrics=[hr, coverage, gini, arp] k=10
            compare a b
            ```

            Coverage was `= a.coverage@10` against `= b.coverage@10`.
            """
        let result = try runNotebook(source)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let change = try #require(result.tables(ofCell: 0).first { $0.title == "Change against “a”" })
        let coverageRow = try #require(change.rows.first { $0[1].displayText == "Coverage@10" })
        let hrRow = try #require(change.rows.first { $0[1].displayText == "HR@10" })
        #expect(coverageRow.last?.displayText == "–")  // one figure per evaluation: nothing to pair
        #expect(hrRow.last?.displayText != "–")
        // The cell's figures keep the last statement's (b's) value per label.
        let figures = result.figures(ofCell: 0)
        #expect(result.citation("= b.coverage@10")?.mean == figures["Coverage@10"])
        // MostPop recommends nearly the same list to everyone: far less coverage than BPR-MF.
        let popCoverage = try #require(result.citation("= a.coverage@10")?.mean)
        let bprCoverage = try #require(result.citation("= b.coverage@10")?.mean)
        #expect(popCoverage < bprCoverage)
    }

    @Test func activityGroupsPartitionTheEvaluatedUsers() throws {
        let result = try runNotebook("```recbook\n\(tinyData)\npop = train mostpop data\ne = evaluate pop k=10 groups=activity\n```")
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let table = try #require(result.tables(ofCell: 0).first { $0.title?.contains("by user activity") == true })
        #expect(table.columns.count == 5 && table.columns[1].hasPrefix("Q1 ("))
        let n = table.rows[0].dropFirst().map { Int($0.displayText)! }
        #expect(n.reduce(0, +) == 40)  // every evaluated user in exactly one quartile
        #expect(n.max()! - n.min()! <= 1)
        #expect(table.rows.map { $0[0].displayText } == ["n", "HR@10", "nDCG@10", "AUC"])
    }

    @Test func activityGroupsOverSeedsAreAveragedCellByCell() throws {
        let source = """
            ```recbook
            data = load synthetic users=40 items=60 per-user=10
            bpr = train bprmf data factors=8 epochs=2 batch=32 seeds=3
            e = evaluate bpr k=10 groups=activity
            ```
            ```recbook
            e1 = evaluate bpr[seed=1] k=10 groups=activity
            e2 = evaluate bpr[seed=2] k=10 groups=activity
            e3 = evaluate bpr[seed=3] k=10 groups=activity
            ```
            """
        let result = try runNotebook(source)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let averaged = try #require(result.tables(ofCell: 0).first { $0.title?.hasSuffix("mean (95 % t interval) over 3 seeds") == true })
        // The group sizes are the same on every seed (one dataset): shown as plain counts.
        #expect(averaged.rows[0].dropFirst().allSatisfy { if case .number = $0 { true } else { false } })
        #expect(averaged.rows[1][0].displayText == "HR@10")
        // Each seed's own table, from the single evaluations: the mean of their Q1 HR@10.
        let single = result.tables(ofCell: 1).filter { $0.title?.contains("by user activity") == true }
        try #require(single.count == 3)
        let q1 = single.map { table -> Double in
            if case .number(let v, _) = table.rows[1][1] { v } else { .nan }
        }
        let mean = q1.reduce(0, +) / 3
        let shown = averaged.rows[1][1].displayText
        #expect(shown.hasPrefix(NumberFormat.fixed(4).format(mean)), "\(shown) vs \(q1)")
    }

    @Test func citationsNameAnActivityQuartile() throws {
        let source = """
            ```recbook
            data = load synthetic users=40 items=60 per-user=10
            bpr = train bprmf data factors=8 epochs=2 batch=32 seeds=3
            e = evaluate bpr k=10 groups=activity
            one = evaluate bpr[seed=1] k=10 groups=activity
            ```

            `= one.hr@10`, `= one.hr@10 in q1`, `= one.hr@10 in q2`, `= one.hr@10 in q3`, `= one.hr@10 in q4`,
            `= e.hr@10 in q1`, `= e.hr@10 in q4`, `= e.hr@10 in q1 - e in q4`, `= e.hr@10 in q1 vs e`.
            """
        let result = try runNotebook(source)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let table = try #require(result.tables(ofCell: 0).last { $0.title?.contains("by user activity") == true }, "\(result.tables(ofCell: 0).map(\.title))")
        let sizes = table.rows[0].dropFirst().map { Double($0.displayText)! }
        let quartiles = try (1...4).map { try #require(result.citation("= one.hr@10 in q\($0)")?.mean) }
        // As the report's table shows them, and weighted by the quartiles' sizes they give the mean over all users.
        #expect(quartiles.map { NumberFormat.fixed(4).format($0) } == table.rows[1].dropFirst().map(\.displayText))
        let overall = try #require(result.citation("= one.hr@10")?.mean)
        let weighted = zip(sizes, quartiles).map { $0 * $1 }.reduce(0, +) / sizes.reduce(0, +)
        #expect(abs(weighted - overall) < 1e-12, "\(weighted) vs \(overall)")
        // Over seeds: the paired difference of two quartiles is the difference of their means.
        let q1 = try #require(result.citation("= e.hr@10 in q1")), q4 = try #require(result.citation("= e.hr@10 in q4"))
        let difference = try #require(result.citation("= e.hr@10 in q1 - e in q4"))
        #expect(q1.n == 3 && difference.n == 3)
        #expect(abs(try #require(difference.mean) - (try #require(q1.mean) - (try #require(q4.mean)))) < 1e-12)
        // A baseline without its own `in` is measured over the subject's quartile: zero change.
        #expect(result.citation("= e.hr@10 in q1 vs e")?.mean == 0)
        #expect(result.citation("= e.hr@10 in q1 - e in q4")?.explanation
            == "HR@10 of e over its users' activity quartile Q1 (the least active) minus that of e over its users' activity quartile Q4 (the most active); paired by seed; mean over seeds with a 95 % Student t interval")
    }

    @Test func corpusMetricsWorkInTablesAndPlots() throws {
        let source = """
            ```recbook
            \(tinyData)
            grid = train bprmf data factors=sweep[4, 8] epochs=1 batch=32 seeds=2
            e = evaluate grid k=5 metrics=[hr, coverage, gini] output=none
            table e rows=factors metric=coverage k=5
            plot e x=factors metric=gini k=5
            ```
            ```recbook
            e1 = evaluate grid[factors=4, seed=1] k=5 metrics=[coverage]
            ```
            ```recbook
            e2 = evaluate grid[factors=4, seed=2] k=5 metrics=[coverage]
            ```
            """
        let result = try runNotebook(source)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let table = try #require(result.tables(ofCell: 0).first { $0.title?.hasPrefix("Coverage@5") == true })
        #expect(table.rows.map { $0[0].displayText } == ["4", "8"])
        // The cell at factors=4 is the mean over the two seeds of each run's corpus-level coverage.
        let perSeed = try [1, 2].map { try #require(result.figures(ofCell: $0)["Coverage@5"]) }
        #expect(table.rows[0][1].displayText.hasPrefix(NumberFormat.fixed(4).format((perSeed[0] + perSeed[1]) / 2)))
        #expect(result.cells[0].outputs.contains { if case .chart = $0 { true } else { false } })
    }
}
