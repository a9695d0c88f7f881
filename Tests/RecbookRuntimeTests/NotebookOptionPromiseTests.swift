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
        let shape = try #require(result.cells[2].error)
        #expect(shape.message == "`bpr` has 30 users × 40 items, but the dataset has 20 × 40")
        #expect(shape.location == SourceLocation(line: 12, column: 21))
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
}
