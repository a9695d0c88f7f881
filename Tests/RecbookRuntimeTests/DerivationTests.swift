import NotebookDocument
import RecbookLanguage
import RecbookResults
import Testing
@testable import RecbookRuntime

/// A statement's random stream comes from the notebook's seed and the statement's
/// derivation (command, options, inputs' derivations), never from names or positions.
@Suite struct DerivationTests {
    /// Every number a cell showed, in order: figures, then table cells.
    static func numbers(_ result: RunResult, cell: Int) -> [Double] {
        var out: [Double] = []
        for output in result.cells[cell].outputs {
            switch output {
            case .figures(let figures): out += figures.map(\.value)
            case .table(let table):
                for row in table.rows { for case .number(let v, _) in row { out.append(v) } }
            default: break
            }
        }
        return out
    }

    static let evaluationOf = "k=[5, 20] metrics=[hr, ndcg, auc]"

    @Test func renamingBindingsChangesNothing() throws {
        let a = try runNotebook("""
            ```recbook
            \(tinyData)
            \(tinyTrain)
            e = evaluate bpr \(Self.evaluationOf)
            ```
            """)
        let b = try runNotebook("""
            ```recbook
            movies = load synthetic users=40 items=60 per-user=10
            model_with_another_name = train bprmf movies factors=8 epochs=2 batch=32
            scores = evaluate model_with_another_name \(Self.evaluationOf)
            ```
            """)
        #expect(a.succeeded && b.succeeded)
        #expect(a.cells[0].outputs.count == b.cells[0].outputs.count)
        // The evaluation's figures and table are the last outputs of the cell.
        let ea = Self.numbers(a, cell: 0), eb = Self.numbers(b, cell: 0)
        #expect(!ea.isEmpty)
        // Training times differ run to run; compare everything but durations.
        #expect(Self.evaluationFigures(a) == Self.evaluationFigures(b))
        #expect(ea.count == eb.count)
    }

    /// The HR/nDCG/AUC figures of the first cell's evaluation.
    static func evaluationFigures(_ result: RunResult) -> [String: Double] {
        result.figures(ofCell: 0).filter { $0.key.hasPrefix("HR") || $0.key.hasPrefix("nDCG") || $0.key.hasPrefix("AUC") }
    }

    @Test func equalDerivationsGiveBitIdenticalValues() throws {
        // Two identical trainings under different names: identical models, so identical evaluations.
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            first = train bprmf data factors=8 epochs=2 batch=32
            second = train bprmf data factors=8 epochs=2 batch=32
            ```

            ```recbook
            a = evaluate first \(Self.evaluationOf)
            ```

            ```recbook
            b = evaluate second \(Self.evaluationOf)
            ```
            """)
        #expect(result.succeeded)
        let a = result.figures(ofCell: 1), b = result.figures(ofCell: 2)
        #expect(!a.isEmpty)
        #expect(a == b)
    }

    @Test func insertingAndReorderingIndependentStatementsChangesNothing() throws {
        let plain = try runNotebook("""
            ```recbook
            \(tinyData)
            \(tinyTrain)
            hit = attack random bpr epsilon=0.5
            e = evaluate hit \(Self.evaluationOf)
            ```
            """)
        // An unrelated training (binding nothing it shares) and a display-only statement
        // come first, and the attack moves before an independent statement.
        let shuffled = try runNotebook("""
            ```recbook
            \(tinyData)
            stats data
            other = train bprmf data factors=4 epochs=1 batch=16
            train random data
            \(tinyTrain)
            hit = attack random bpr epsilon=0.5
            noise = attack random other epsilon=0.5
            e = evaluate hit \(Self.evaluationOf)
            ```
            """)
        #expect(plain.succeeded && shuffled.succeeded)
        #expect(Self.evaluationFigures(plain) == Self.evaluationFigures(shuffled))
        #expect(!Self.evaluationFigures(plain).isEmpty)
    }

    @Test func optionsOnlyShownDoNotChangeTheDerivation() throws {
        let notebook = try NotebookParser.parse(path: "d.md", source: """
            ```recbook
            \(tinyData)
            \(tinyTrain)
            a = evaluate bpr
            b = evaluate bpr k=[100]
            compare a b test=wilcoxon
            compare a b
            compare a b k=100
            ```
            """)
        guard case .success(let program) = Checker.check(notebook, catalogue: .standard) else {
            Issue.record("the notebook should check")
            return
        }
        let statements = program.cells[0].statements
        var derivations: [String: Derivation] = [:]
        var all: [Derivation] = []
        for statement in statements {
            let derivation = Derivation.of(statement) { name, _ in derivations[name] }
            if let name = statement.binding?.name { derivations[name] = derivation }
            all.append(derivation)
        }
        // `k=[100]` is the default written out: the same value, the same derivation.
        #expect(all[2] == all[3])
        // `test=` changes only what is shown.
        #expect(all[4] == all[5])
        // `k=100` on compare selects what is shown too, but it is a value option: it differs.
        #expect(all[4] != all[6])
        // Inputs enter by their derivation, not their name.
        #expect(all[2].text.contains("@" + all[1].digest))
        #expect(!all[2].text.contains("bpr"))
    }

    @Test func anExplicitSeedFixesTheStreamWhateverTheNotebookSeed() throws {
        func run(_ train: String, notebookSeed: UInt64) throws -> [String: Double] {
            // The data has its own seed, so only the training's stream can differ.
            let result = try runNotebook("""
                ```recbook
                data = load synthetic users=40 items=60 per-user=10 seed=5
                \(train)
                e = evaluate bpr \(Self.evaluationOf)
                ```
                """, seed: notebookSeed)
            #expect(result.succeeded)
            return Self.evaluationFigures(result)
        }
        let seeded = "bpr = train bprmf data factors=8 epochs=2 batch=32 seed=11"
        #expect(try run(seeded, notebookSeed: 7) == run(seeded, notebookSeed: 8))
        #expect(try run(tinyTrain, notebookSeed: 7) != run(tinyTrain, notebookSeed: 8))
    }
}
