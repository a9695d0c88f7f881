import RecbookRuntime
import Testing
import NotebookDocument
@testable import RecbookLanguage

/// The diagnostics of sweeps, seeds and axes, with their exact text and position. The
/// statements under test start on line 8, after `CheckerDiagnosticTests.prelude`.
@Suite struct FamilyDiagnosticTests {
    @Test(arguments: [
        ("h = attack fgsm bpr epsilon=sweep[]", ["8:29: empty-sweep: `sweep[]` of option `epsilon` has no values"]),
        ("e = evaluate bpr k=sweep[10, 100]",
         ["8:20: not-sweepable: option `k` cannot be swept (it takes an integer or a list of integers)"]),
        ("h = attack fgsm bpr epsilon=sweep[0.5, 0.5]", ["8:40: duplicate-sweep-value: the sweep of `epsilon` lists `0.5` twice"]),
        ("h = attack fgsm bpr epsilon=sweep[0.5, -1]", ["8:40: out-of-range: `epsilon` must be greater than 0, got -1"]),
        ("b = train bprmf data seeds=3\nh = attack fgsm b seeds=2",
         ["9:19: seeds-already-present: `b` already runs over seeds (axis `seed`), and its seeds carry through; remove `seeds=`"]),
        ("b = train bprmf data seed=1 seeds=3",
         ["8:29: seed-and-seeds: `seed=` fixes one stream, `seeds=` asks for several; give one of them"]),
        ("a = attack fgsm bpr epsilon=sweep[0.1, 0.5]\nea = evaluate a\ncompare ea e1",
         ["10:12: misaligned-axes: `e1` runs over no axes, but `ea` over epsilon (2); `compare` needs families with the same axes"]),
        ("b = train bprmf data seeds=1000\nh = attack fgsm b epsilon=sweep[0.1, 0.2]",
         ["9:5: family-too-large: this statement would run 2000 times (seed (1000) × epsilon (2)); the limit is 1000"]),
        ("m = train bprmf data lr=sweep[0.01, 0.05]\nt = train bprmf data from=m lr=sweep[0.1, 0.2]",
         ["9:29: axis-already-present: `lr` is already an axis of `m`; a statement cannot sweep it again"]),
        ("a = attack fgsm bpr epsilon=sweep[0.1, 0.5]\nea = evaluate a\nplot ea x=epsilno",
         ["10:11: unknown-axis: `ea` has no axis `epsilno`; its axes: `epsilon`"]),
        ("plot e1 x=epsilon", ["8:11: unknown-axis: `e1` has no axis `epsilon`; it is a single value"]),
        ("g = train bprmf data factors=sweep[4, 8] lr=sweep[0.05, 0.1]\neg = evaluate g\ntable eg rows=lr columns=lr",
         ["10:26: same-axis-twice: `rows` and `columns` both name axis `lr`; choose two different axes"]),
        ("a = attack fgsm bpr epsilon=sweep[0.1, 0.5]\nea = evaluate a[epsilno=0.1]",
         ["9:17: unknown-axis: `a` has no axis `epsilno`; its axes: `epsilon`"]),
        ("a = attack fgsm bpr epsilon=sweep[0.1, 0.5]\nea = evaluate a[epsilon=0.3]",
         ["9:25: not-on-axis: axis `epsilon` of `a` has no value 0.3; its values: 0.1, 0.5"]),
        ("compare e1 e2 test=sweep[t-test, none]",
         ["8:20: not-sweepable: `compare` reads whole families; sweep the statements it reads instead"]),
    ])
    func diagnostic(statement: String, expected: [String]) {
        #expect(CheckerDiagnosticTests.diagnostics(statement) == expected)
    }

    @Test func axesFollowValuesThroughChainsOfStatements() throws {
        let fixture = NotebookFixture(CheckerDiagnosticTests.prelude + """

            b = train bprmf data factors=sweep[8, 16] seeds=3
            h = attack fgsm b epsilon=sweep[0.1, 0.5, 1]
            eh = evaluate h
            compare eh eh
            """)
        let program = try #require(fixture.program())
        let axes = { (name: String) in program.binding(named: name)?.axes.map(\.description) }
        #expect(axes("b") == ["factors (2)", "seed (3)"])
        #expect(axes("h") == ["factors (2)", "seed (3)", "epsilon (3)"])
        #expect(axes("eh") == ["factors (2)", "seed (3)", "epsilon (3)"])
        // The aggregate reads whole families and runs once.
        #expect(program.cells[0].statements.last?.axes.isEmpty == true)
        #expect(program.binding(named: "bpr")?.axes.isEmpty == true)
    }

    @Test func aSelectionDropsTheAxesItFixes() throws {
        let fixture = NotebookFixture(CheckerDiagnosticTests.prelude + """

            b = train bprmf data seeds=3
            h = attack fgsm b epsilon=sweep[0.1, 0.5]
            one = evaluate h[epsilon=0.5]
            single = evaluate h[seed=2, epsilon=0.1]
            """)
        let program = try #require(fixture.program())
        #expect(program.binding(named: "one")?.axes.map(\.name) == ["seed"])
        #expect(program.binding(named: "single")?.axes.isEmpty == true)
    }

    @Test func aSweepCanComeFromAParameter() throws {
        let fixture = NotebookFixture(
            cells: [NotebookFixture.CellSpec(code: "data = load \"d\"\nbpr = train bprmf data\nh = attack fgsm bpr epsilon=$eps", fenceLine: 5)],
            parameters: [("eps", "sweep[0.25, 0.5]")])
        let program = try #require(fixture.program())
        #expect(program.binding(named: "h")?.axes == [Axis(name: "epsilon", values: [.float(0.25), .float(0.5)])])
    }
}
