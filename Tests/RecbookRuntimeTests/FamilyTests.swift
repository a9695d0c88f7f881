import RecbookResults
import NotebookDocument
import RecbookLanguage
import Testing
@testable import RecbookRuntime

/// Sweeps and seeds at run time: elements equal the statements they stand for, seeds
/// aggregate to means with t intervals, comparisons pair by seed, threads change nothing.
@Suite struct FamilyTests {
    static func table(_ result: RunResult, cell: Int, titled prefix: String) throws -> Table {
        try #require(result.tables(ofCell: cell).first { ($0.title ?? "").hasPrefix(prefix) })
    }

    static func number(_ value: TableValue) -> Double? {
        if case .number(let x, _) = value { x } else { nil }
    }

    @Test func aSweepElementEqualsTheSingleStatementItStandsFor() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            \(tinyTrain)
            ```

            ```recbook
            hits = attack random bpr epsilon=sweep[0.1, 1]
            swept = evaluate hits k=[5]
            ```

            ```recbook
            one = attack random bpr epsilon=1
            single = evaluate one k=[5]
            ```
            """)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let rows = try Self.table(result, cell: 1, titled: "“swept” for each element").rows
        #expect(rows.count == 2)
        #expect(rows.map { $0[0].displayText } == ["0.1", "1"])
        let single = result.figures(ofCell: 2)
        // Columns: epsilon, then the figures in order (HR@5, nDCG@5, AUC).
        #expect(Self.number(rows[1][1]) == single["HR@5"])
        #expect(Self.number(rows[1][3]) == single["AUC"])
        #expect(Self.number(rows[0][3]) != single["AUC"])
    }

    static let seeded = """
        ```recbook
        \(tinyData)
        b = train bprmf data factors=8 epochs=2 batch=32 seeds=4
        e = evaluate b k=[5]
        h = attack fgsm b epsilon=0.5
        eh = evaluate h k=[5]
        compare e eh
        ```
        """

    @Test func seedsAggregateToTheirMeanWithATInterval() throws {
        let result = try runNotebook(Self.seeded)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let each = try Self.table(result, cell: 0, titled: "“e” for each element")
        let auc = each.rows.compactMap { Self.number($0[3]) }
        #expect(auc.count == 4)
        #expect(Set(auc).count > 1, "different seeds should give different models")
        let over = try Self.table(result, cell: 0, titled: "“e” over seeds")
        #expect(over.columns.prefix(3) == ["n", "HR@5 mean", "HR@5 95 % CI"])
        let row = over.rows[0]
        #expect(Self.number(row[0]) == 4)
        // AUC mean (columns: n, HR mean, HR CI, nDCG mean, nDCG CI, AUC mean, AUC CI).
        let mean = auc.reduce(0, +) / 4
        #expect(abs((Self.number(row[5]) ?? 0) - mean) < 1e-12)
        // The interval: mean ± t(0.975, 3) · sd / 2, with t(0.975, 3) = 3.182446 from a t table.
        let sd = (auc.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
        let half = 3.182446 * sd / 2
        #expect(row[6].displayText == NumberFormat.fixed(4).format(mean - half) + " – " + NumberFormat.fixed(4).format(mean + half))
    }

    @Test func comparisonsOfSeedFamiliesArePairedBySeed() throws {
        let result = try runNotebook(Self.seeded)
        let clean = try Self.table(result, cell: 0, titled: "“e” for each element").rows.compactMap { Self.number($0[3]) }
        let attacked = try Self.table(result, cell: 0, titled: "“eh” for each element").rows.compactMap { Self.number($0[3]) }
        let change = try Self.table(result, cell: 0, titled: "Change against “e”, paired by seed")
        let aucRow = try #require(change.rows.first { $0[1].displayText == "AUC" })
        let differences = zip(attacked, clean).map { $0 - $1 }
        let meanDifference = differences.reduce(0, +) / Double(differences.count)
        #expect(abs((Self.number(aucRow[3]) ?? 0) - meanDifference) < 1e-12)
        #expect(change.columns.last == "p (paired t over seeds, Holm)")
        // One row per metric (HR, nDCG, AUC), all under the Holm header checked above.
        #expect(change.rows.count == 3)
    }

    @Test func aPlotDrawsTheSeedMeanWithItsIntervalAgainstTheAxis() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            b = train bprmf data factors=8 epochs=2 batch=32 seeds=3
            hits = attack random b epsilon=sweep[0.1, 1]
            e = evaluate hits k=[5]
            plot e x=epsilon metric=auc
            ```
            """)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let rows = try Self.table(result, cell: 0, titled: "“e” for each element").rows
        // Rows run seed-major: (1, 0.1), (1, 1), (2, 0.1), …; columns seed, epsilon, HR@5, nDCG@5, AUC.
        let aucAtOne = rows.filter { $0[1].displayText == "1" }.compactMap { Self.number($0[4]) }
        #expect(aucAtOne.count == 3)
        let charts = result.cells[0].outputs.compactMap { if case .chart(let c) = $0 { c } else { nil } }
        let chart = try #require(charts.last)
        #expect(chart.kind == .line && chart.series.count == 1)
        let series = chart.series[0]
        #expect(series.x == [0.1, 1])
        #expect(abs(series.y[1] - aucAtOne.reduce(0, +) / 3) < 1e-12)
        let lower = try #require(series.lower), upper = try #require(series.upper)
        #expect(lower[1] < series.y[1] && series.y[1] < upper[1])
        #expect(chart.caption == "mean over 3 seeds; bands: 95 % Student t interval")
        #expect(chart.yLabel == "AUC" && chart.xLabel == "epsilon")
    }

    @Test func aSelectedElementIsThatElement() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            b = train bprmf data factors=8 epochs=2 batch=32 seeds=3
            e = evaluate b k=[5]
            one = evaluate b[seed=2] k=[5]
            ```
            """)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let rows = try Self.table(result, cell: 0, titled: "“e” for each element").rows
        let figures = result.figures(ofCell: 0)
        // The single evaluation's figures are the cell's only figures row; seed 2 is the second row.
        #expect(Self.number(rows[1][3]) == figures["AUC"])
        #expect(Self.number(rows[0][3]) != figures["AUC"])
    }

    @Test func aHeatMapHoldsTheSeedMeanOfEachGridCell() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            grid = train bprmf data factors=sweep[4, 8] lr=sweep[0.05, 0.1] epochs=1 batch=64 seeds=2
            e = evaluate grid k=[5]
            heatmap e rows=factors columns=lr metric=auc
            ```
            """)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        // Rows of the element table: factors, lr, seed, HR@5, nDCG@5, AUC (last axis fastest).
        let rows = try Self.table(result, cell: 0, titled: "“e” for each element").rows
        #expect(rows.count == 8)
        let charts = result.cells[0].outputs.compactMap { if case .chart(let c) = $0 { c } else { nil } }
        let grid = try #require(charts.last?.grid)
        #expect(grid.rows == ["4", "8"] && grid.columns == ["0.05", "0.1"])
        // Cell (factors 8, lr 0.05) is the mean of elements 4 and 5 (its two seeds).
        let expected = ((Self.number(rows[4][5]) ?? 0) + (Self.number(rows[5][5]) ?? 0)) / 2
        #expect(abs(grid.values[1][0] - expected) < 1e-12)
    }

    @Test func familiesAreBitIdenticalWhateverTheThreadCount() throws {
        let one = try runNotebook(Self.seeded, threads: 1)
        let three = try runNotebook(Self.seeded, threads: 3)
        // Training times differ (the tables of `b`); every table of evaluations, attacks and
        // comparisons must not.
        let evaluationTables = { (r: RunResult) in r.tables(ofCell: 0).filter { !($0.title ?? "").hasPrefix("“b”") } }
        #expect(evaluationTables(one).count >= 4)
        #expect(evaluationTables(one) == evaluationTables(three))
    }

    /// Three seeds on two threads: one worker is free while the other trains the third, and
    /// starts the evaluations of the first two; `h` reads nothing of `e` and may start in
    /// `e`'s tail. Under the cache's canonical names too, and served from the cache after.
    static let unevenFamilies = """
        ```recbook
        \(tinyData)
        b = train bprmf data factors=8 epochs=4 batch=32 seeds=3
        e = evaluate b k=[5]
        h = attack fgsm b epsilon=sweep[0.25, 0.5]
        eh = evaluate h k=[5]
        ```
        """

    @Test func elementsStartedInThePreviousStatementsTailGiveTheSameValues() throws {
        let evaluationTables = { (r: RunResult) in r.tables(ofCell: 0).filter { !($0.title ?? "").hasPrefix("“b”") } }
        let one = try runNotebook(Self.unevenFamilies, threads: 1)
        #expect(one.cells[0].statements.allSatisfy { $0.elementsStartedEarly == nil })
        let cache = temporaryDirectory() + "/cache"
        for source in [StatementRecord.Source.computed, .cache] {
            let notebook = try NotebookParser.parse(path: "test.md", source: Self.unevenFamilies)
            guard case .success(let program) = Checker.check(notebook, overrides: [], catalogue: .standard) else {
                throw CheckFailed(headlines: ["does not check"])
            }
            let settings = CacheSettings(folder: cache, codeIdentity: "test-1")
            let two = NotebookRunner(
                notebook: notebook, program: program, configuration: RunConfiguration(seed: 7, threads: 2, cache: settings)
            ).run()
            let records = two.cells[0].statements
            #expect(records.allSatisfy { $0.source == source }, "\(source)")
            // How many started early depends on timing (a worker's thread may start late): at most all.
            #expect(records.allSatisfy { ($0.elementsStartedEarly ?? 0) <= 6 }, "\(records)")
            #expect(evaluationTables(two) == evaluationTables(one), "\(source)")
        }
    }

    /// Which next statements may start in a family's tail, and what each of their elements reads.
    @Test func theNextStatementStartsEarlyOnlyWhenEachElementReadsOneElementOfTheFamily() throws {
        let notebook = try NotebookParser.parse(path: "test.md", source: """
            ```recbook
            \(tinyData)
            b = train bprmf data factors=8 epochs=1 batch=32 seeds=3
            e = evaluate b k=[5]
            h = attack fgsm b epsilon=sweep[0.25, 0.5]
            one = evaluate b[seed=1] k=[5]
            c = compare e e
            single = train bprmf data factors=8 epochs=1 batch=32
            ```
            """)
        guard case .success(let program) = Checker.check(notebook, overrides: [], catalogue: .standard) else {
            throw CheckFailed(headlines: ["does not check"])
        }
        let statements = program.cells[0].statements
        let (b, e, h, one, c, single) = (statements[1], statements[2], statements[3], statements[4], statements[5], statements[6])
        let environment = ExecutionEnvironment(
            notebookPath: "test.md", configuration: RunConfiguration(seed: 7, threads: 2), observer: SilentRunObserver())
        let placeholder = ValueFamily.single(.comparison(ComparisonValue(outputs: [])), derivation: Derivation(text: "x"))
        environment.bind("data", to: placeholder)
        // `e` reads `b` at its own seed: element i reads element i.
        #expect(NotebookRunner.lookahead(e, after: b, in: environment)?.reads == [0, 1, 2])
        // `h` (seed × epsilon) reads `b` at its seed: both epsilons of seed i read element i.
        #expect(NotebookRunner.lookahead(h, after: b, in: environment)?.reads == [0, 0, 1, 1, 2, 2])
        // While `e` runs, `h` reads nothing of it, but needs `b`, which is bound by then.
        #expect(NotebookRunner.lookahead(h, after: e, in: environment) == nil)
        environment.bind("b", to: placeholder)
        #expect(NotebookRunner.lookahead(h, after: e, in: environment)?.reads == [nil, nil, nil, nil, nil, nil])
        // A selection, an aggregating command and a single statement never start early.
        #expect(NotebookRunner.lookahead(one, after: b, in: environment) == nil)
        #expect(NotebookRunner.lookahead(c, after: e, in: environment) == nil)
        #expect(NotebookRunner.lookahead(single, after: b, in: environment) == nil)
        #expect(NotebookRunner.lookahead(nil, after: b, in: environment) == nil)
    }

    @Test func aFailureInAnElementStartedEarlyIsReportedAsWithOneThread() throws {
        // `bad` reads nothing of `b`, so its elements may run while `b`'s last ones do; its
        // second element diverges.
        let source = """
            ```recbook
            \(tinyData)
            b = train bprmf data factors=8 epochs=2 batch=32 seeds=4
            bad = train bprmf data factors=8 epochs=3 batch=32 lr=sweep[0.05, 1e30]
            ```
            """
        for threads in [1, 2] {
            let result = try runNotebook(source, threads: threads)
            let error = try #require(result.cells[0].error, "\(threads) threads")
            #expect(error.message.contains("diverged"), "\(threads) threads: \(error.message)")
            #expect(error.location == SourceLocation(line: 4, column: 1), "\(threads) threads")
        }
    }
}
