import RecbookResults
import Testing
import NotebookDocument
@testable import RecbookRuntime

/// Options whose promises are only visible when a notebook runs: `seed=`, `adv-train lr=` and
/// `variant=`, `train from=`, `compare test=`, `attack pgd`. Tiny synthetic data throughout;
/// the data's own `seed=` keeps it fixed when the notebook seed changes.
@Suite struct NotebookOptionPromiseTests {
    static let data = "data = load synthetic users=30 items=40 per-user=8 seed=3"
    static let train = "train bprmf data factors=8 epochs=1 batch=32"

    /// Cells of single statements; the figures of cell `i` are statement `i`'s.
    static func cells(_ statements: [String]) -> String {
        statements.map { "```recbook\n\($0)\n```" }.joined(separator: "\n\n")
    }

    static func auc(_ result: RunResult, _ cell: Int) throws -> Double {
        try #require(result.figures(ofCell: cell)["AUC"], "cell \(cell) has no AUC")
    }

    @Test func seedOptionGivesAStatementTheSameStreamWhateverTheNotebookSeed() throws {
        let source = Self.cells([
            "\(Self.data)\nfixed = \(Self.train) seed=7\nother = \(Self.train) seed=8\nfree = \(Self.train)",
            "evaluate fixed k=10", "evaluate other k=10", "evaluate free k=10",
        ])
        let one = try runNotebook(source, seed: 1), two = try runNotebook(source, seed: 2)
        #expect(one.succeeded && two.succeeded)
        // seed=7 draws the same numbers under notebook seeds 1 and 2 ...
        #expect(try Self.auc(one, 1) == Self.auc(two, 1))
        #expect(try Self.auc(one, 2) == Self.auc(two, 2))
        // ... which differ from seed=8's, while a statement without seed= follows the notebook seed.
        #expect(try Self.auc(one, 1) != Self.auc(one, 2))
        #expect(try Self.auc(one, 3) != Self.auc(two, 3))
    }

    @Test func advTrainLearningRateAndSeedVariantChangeTheTrainedModel() throws {
        let result = try runNotebook(Self.cells([
            "\(Self.data)\nbpr = \(Self.train)\n"
                + "plain = adv-train bpr epsilon=0.5 alpha=1 epochs=1 seed=9\n"
                + "fast = adv-train bpr epsilon=0.5 alpha=1 epochs=1 lr=0.5 seed=9\n"
                + "same = adv-train bpr epsilon=0.5 alpha=1 epochs=1 lr=0.05 seed=9\n"
                + "seedish = adv-train bpr epsilon=0.5 alpha=1 epochs=1 variant=seed seed=9",
            "evaluate plain k=10", "evaluate fast k=10", "evaluate same k=10", "evaluate seedish k=10",
        ]))
        #expect(result.succeeded)
        let plain = try Self.auc(result, 1)
        // lr=0.05 is bprmf's default learning rate, which adv-train otherwise inherits: the same
        // model (seed=9 on all four, since written options are part of the derived stream).
        #expect(try Self.auc(result, 3) == plain)
        #expect(try Self.auc(result, 2) != plain)
        #expect(try Self.auc(result, 4) != plain)
    }

    @Test func trainFromContinuesTheModelAsIfTrainedInOneGo() throws {
        // Epoch streams are numbered globally and the optimizer state carries over, so one
        // epoch and then one more `from=` it is two epochs at once.
        let result = try runNotebook(Self.cells([
            "\(Self.data)\nfirst = \(Self.train) seed=5\nmore = train bprmf data from=first epochs=1\n"
                + "both = train bprmf data factors=8 epochs=2 batch=32 seed=5",
            "evaluate more k=10", "evaluate both k=10", "evaluate first k=10",
        ]))
        #expect(result.succeeded)
        #expect(try Self.auc(result, 1) == Self.auc(result, 2))
        #expect(try Self.auc(result, 1) != Self.auc(result, 3))
    }

    @Test func trainFromRejectsAnotherWidthAndAnotherDatasetShape() throws {
        let result = try runNotebook("""
            ```recbook
            \(Self.data)
            small = load synthetic users=20 items=40 per-user=8 seed=3
            bpr = \(Self.train)
            ```

            ```recbook
            wider = train bprmf data from=bpr factors=16 epochs=1
            ```

            ```recbook
            moved = train bprmf small from=bpr epochs=1
            ```
            """)
        #expect(result.cells.map(\.status) == [.succeeded, .failed, .failed])
        let width = try #require(result.cells[1].error)
        #expect(width.message == "`factors` cannot change when continuing from `bpr` (it has 8)")
        #expect(width.location == SourceLocation(line: 8, column: 35))
        #expect(width.headline == "test.md:8:35: error: `factors` cannot change when continuing from `bpr` (it has 8)")
        let shape = try #require(result.cells[2].error)
        #expect(shape.message == "`bpr` has 30 users × 40 items, but the dataset has 20 × 40")
        #expect(shape.location == SourceLocation(line: 12, column: 21))
        #expect(shape.headline == "test.md:12:21: error: `bpr` has 30 users × 40 items, but the dataset has 20 × 40")
    }

    static func changeTable(_ result: RunResult, _ cell: Int) throws -> Table {
        try #require(result.tables(ofCell: cell).first { ($0.title ?? "").hasPrefix("Change against") })
    }

    static func pValues(_ table: Table) -> [Double] {
        table.rows.compactMap { row in if case .number(let v, .pValue) = row.last { v } else { nil } }
    }

    @Test func compareTestChoosesThePValueColumn() throws {
        let result = try runNotebook(Self.cells([
            "\(Self.data)\nbpr = \(Self.train) seed=1\nhit = attack fgsm bpr epsilon=2\n"
                + "clean = evaluate bpr k=10 metrics=[hr, auc]\nbroken = evaluate hit k=10 metrics=[hr, auc]",
            "compare clean broken test=wilcoxon", "compare clean broken test=none", "compare clean broken",
        ]))
        #expect(result.succeeded)
        let wilcoxon = try Self.changeTable(result, 1), none = try Self.changeTable(result, 2), t = try Self.changeTable(result, 3)
        #expect(wilcoxon.columns.last == "p (Wilcoxon)" && t.columns.last == "p (paired t-test)")
        #expect(none.columns == ["Evaluation", "Metric", "Value", "Change vs “clean”"])
        #expect(none.rows.allSatisfy { $0.count == 4 })
        let pw = Self.pValues(wilcoxon), pt = Self.pValues(t)
        #expect(pw.count == wilcoxon.rows.count && pt.count == t.rows.count && !pw.isEmpty)
        #expect(pw.allSatisfy { $0 > 0 && $0 <= 1 } && pt.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(pw != pt, "the two tests give different p-values on the same pairs")
        #expect(!result.text(ofCell: 2).contains("(p "))
        #expect(result.text(ofCell: 1).contains("(p "))
    }

    @Test func pgdAttackRunsAndDiffersFromOneFGSMStep() throws {
        let result = try runNotebook(Self.cells([
            "\(Self.data)\nbpr = \(Self.train) seed=1\n"
                + "weak = attack pgd bpr epsilon=0.1 steps=3\nstrong = attack pgd bpr epsilon=3 steps=3\n"
                + "fgsm = attack fgsm bpr epsilon=3",
            "evaluate bpr k=10", "evaluate weak k=10", "evaluate strong k=10", "evaluate fgsm k=10",
        ]))
        #expect(result.succeeded)
        let clean = try Self.auc(result, 1), weak = try Self.auc(result, 2), strong = try Self.auc(result, 3)
        #expect(weak != clean && strong != clean && weak != strong)
        // Three projected steps are not one FGSM step of the same budget.
        #expect(try Self.auc(result, 4) != strong)
        #expect(try Self.auc(result, 4) != clean)
    }

    /// Most-popular on a hand-made dataset, evaluated with and without masking training items,
    /// so every user's HR@1 is known by hand. Training popularity: A 6 > B 3 > C 1 > D 0.
    ///   u1–u4: train A, test B — unmasked top A: 0; masked top B: 1
    ///   u5:    train A, test C — 0; masked top B: 0
    ///   u6:    train A B, test C — 0; masked top C: 1
    ///   u7:    train B, test A — top A either way: 1, 1
    ///   u8:    train B C, test D — top A either way: 0, 0
    static func popularityFolder() throws -> String {
        let folder = temporaryDirectory()
        let train = ["u1\tA", "u2\tA", "u3\tA", "u4\tA", "u5\tA", "u6\tA", "u6\tB", "u7\tB", "u8\tB", "u8\tC"]
        let test = ["u1\tB", "u2\tB", "u3\tB", "u4\tB", "u5\tC", "u6\tC", "u7\tA", "u8\tD"]
        try writeFile(folder + "/trainingset.tsv", train.map { $0 + "\t5\n" }.joined())
        try writeFile(folder + "/testset.tsv", test.map { $0 + "\t5\n" }.joined())
        return folder
    }

    @Test func compareWilcoxonAndTTestPValuesMatchHandComputations() throws {
        let folder = try Self.popularityFolder()
        let result = try runNotebook(Self.cells([
            "data = load \"\(folder)\"\npop = train mostpop data\n"
                + "open = evaluate pop k=1 metrics=hr mask=false\nmasked = evaluate pop k=1 metrics=hr",
            "compare open masked test=wilcoxon", "compare open masked test=t-test", "compare open masked test=none",
        ]))
        #expect(result.succeeded)
        let metrics = try #require(result.tables(ofCell: 1).first { $0.title == "Metrics" })
        // HR@1: unmasked only u7 hits (1/8); masked u1–u4, u6, u7 (6/8).
        #expect(metrics.rows.map { $0.dropFirst().first } == [.number(0.125, .fixed(4)), .number(0.75, .fixed(4))])
        // Differences masked − open: +1 for u1–u4 and u6, 0 for u5, u7, u8.
        // Wilcoxon: the 3 zeros dropped, n = 5 equal |d| share rank 3, W+ = 15, W− = 0;
        // mean n(n+1)/4 = 7.5, variance n(n+1)(2n+1)/24 − (5³ − 5)/48 = 13.75 − 2.5 = 11.25,
        // z = −7.5/√11.25 = −√5, p = 2Φ(−√5) = erfc(√2.5) = 0.025347318677468252
        // (scipy.stats.wilcoxon(d, correction=False, method="approx") gives the same).
        #expect(try Self.pValues(Self.changeTable(result, 1)).count == 1)
        let wilcoxon = try #require(Self.pValues(Self.changeTable(result, 1)).first)
        #expect(abs(wilcoxon - 0.025347318677468252) < 1e-12)
        // Paired t-test over all 8 users: mean 0.625, sd √(15/56), t = 0.625 / (sd/√8) = 3.41565,
        // 7 d.f.: p = 0.01120143255409014 (scipy.stats.ttest_rel).
        let t = try #require(Self.pValues(Self.changeTable(result, 2)).first)
        #expect(abs(t - 0.01120143255409014) < 1e-9)
        #expect(try Self.changeTable(result, 3).columns.count == 4 && Self.pValues(Self.changeTable(result, 3)).isEmpty)
    }

    @Test func aBlockGridTrainsTheSameOnEveryThreadCountAndSaysSo() throws {
        let source = Self.cells([
            "\(Self.data)\ngrid = train bprmf data factors=8 epochs=2 optimizer=sgd-per-sample blocks=3 seed=4\n"
                + "single = train bprmf data factors=8 epochs=2 optimizer=sgd-per-sample seed=4\ngrid",
            "evaluate grid k=10", "evaluate single k=10",
        ])
        let one = try runNotebook(source, threads: 1), two = try runNotebook(source, threads: 2)
        #expect(one.succeeded && two.succeeded)
        #expect(try Self.auc(one, 1) == Self.auc(two, 1))
        // The grid is another schedule, not one order split up.
        #expect(try Self.auc(one, 1) != Self.auc(one, 2))
        #expect(one.text(ofCell: 0).hasSuffix(
            "grid: bprmf, 8 factors, sgd-per-sample on 3×3 blocks lr 0.05, 2 epochs, trained on data"), "\(one.text(ofCell: 0))")
    }
}
