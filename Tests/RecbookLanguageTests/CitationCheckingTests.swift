import RecbookRuntime
import Testing
import NotebookDocument
@testable import RecbookLanguage

/// Citations in prose are resolved before anything runs: every problem is a located error.
/// The cell takes lines 1–9; the prose under test stands on line 11.
@Suite struct CitationCheckingTests {
    static let cell = """
        ```recbook
        data = load synthetic users=40 items=60
        bpr = train bprmf data
        e1 = evaluate bpr k=[10, 100]
        many = train bprmf data seeds=3
        es = evaluate many
        hits = attack fgsm many epsilon=sweep[0.1, 0.5]
        eh = evaluate hits k=10
        ```
        """

    static func check(_ prose: String) -> Checker.Outcome {
        let notebook = try! NotebookParser.parse(path: "nb.md", source: cell + "\n\n" + prose + "\n")
        return Checker.check(notebook, catalogue: .standard)
    }

    static func diagnostics(_ prose: String) -> [String] {
        guard case .failure(let diagnostics) = check(prose) else { return [] }
        return diagnostics.map(NotebookFixture.describe)
    }

    static func citations(_ prose: String) -> [CheckedCitation] {
        guard case .success(let program) = check(prose) else { return [] }
        return program.citations
    }

    @Test(arguments: [
        ("A `= nope.hr`.", ["11:6: undefined-name: undefined name `nope`"]),
        ("A `= e2.hr`.", ["11:6: undefined-name: undefined name `e2`; did you mean `e1`?"]),
        ("A `= e1.hrr`.", ["11:9: unknown-metric: unknown metric `hrr`; metrics: hr, ndcg, auc, precision, recall, mrr, map, coverage, gini, arp, aplt, novelty"]),
        ("A `= e1.hr@50`.", ["11:11: cutoff-not-computed: `e1` has no cut-off 50; it computes k = 10, 100"]),
        ("A `= e1.auc@10`.", ["11:12: metric-without-cutoff: `auc` looks at the whole ranking and takes no cut-off; remove `@`"]),
        ("A `= e1.recall`.", ["11:6: metric-not-computed: `e1` does not compute `recall`; it computes `hr`, `ndcg`, `auc`"]),
        ("A `= bpr.hr`.", ["11:6: wrong-kind: a citation expects an evaluation, but `bpr` is a bprmf model\n  note 3:1: `bpr` was defined here"]),
        ("A `= eh.hr`.", ["11:6: unselected-axes: `eh` runs over epsilon (2); a citation names one value, so select the other axes, e.g. `eh[epsilon=0.1]`"]),
        ("A `= eh[epsilon=0.3].hr`.", ["11:17: not-on-axis: axis `epsilon` of `eh` has no value 0.3; its values: 0.1, 0.5"]),
        ("A `= es.hr vs e1`.", ["11:15: misaligned-axes: `es` runs over seed (3) but `e1` over no axes; a comparison pairs runs of the same seeds (a single run stands against seeds only when it evaluates a deterministic model: mostpop, itemknn, ease)"]),
        ("A `= e1.hr | ci`.", ["11:14: part-needs-seeds: `| ci` needs a mean over seeds, but `e1` is a single run"]),
        ("A `= es.hr | median`.", ["11:14: unknown-citation-part: unknown part `median`; parts: mean, ci, low, high, sd, n"]),
        ("A `= e1 hr`.", ["11:9: citation-syntax: expected `.` and a metric after the evaluation's name in the citation, found `hr`\n  note: a citation reads `= EVAL.METRIC@K`, optionally followed by `in qN` (an activity quartile), by `vs EVAL` (relative change) or `- EVAL` (difference), and by `| PART`"]),
        ("A `= e1.hr@`.", ["11:12: citation-syntax: expected a cut-off (a whole number) after `@` in the citation, found the end of the citation\n  note: a citation reads `= EVAL.METRIC@K`, optionally followed by `in qN` (an activity quartile), by `vs EVAL` (relative change) or `- EVAL` (difference), and by `| PART`"]),
        ("A `= e1.hr extra`.", ["11:12: citation-syntax: expected `in`, `vs`, `-`, `|` or the end of the citation in the citation, found `extra`\n  note: a citation reads `= EVAL.METRIC@K`, optionally followed by `in qN` (an activity quartile), by `vs EVAL` (relative change) or `- EVAL` (difference), and by `| PART`"]),
        // Both sides must have computed the cut-off; without `@` it is the subject's largest.
        ("A `= eh[epsilon=0.1].hr - es`.", ["11:27: cutoff-not-computed: `es` has no cut-off 10; it computes k = 100"]),
        // Every problem is reported, in document order.
        ("`= x.hr` and\n`= e1.ndcg@7`", ["11:4: undefined-name: undefined name `x`", "12:11: cutoff-not-computed: `e1` has no cut-off 7; it computes k = 10, 100"]),
    ])
    func diagnostic(prose: String, expected: [String]) {
        #expect(Self.diagnostics(prose) == expected)
    }

    /// `in qN` names an activity quartile of an evaluation that computed them (`groups=activity`).
    @Test(arguments: [
        ("A `= eg.arp@10 in q5`.", ["7:19: unknown-activity-group: there is no activity quartile q5; they are q1 (the least active users) to q4 (the most active)"]),
        ("A `= e1.hr@10 in q1`.", ["7:6: no-activity-groups: `e1` has no activity quartiles; add `groups=activity` to its `evaluate`"]),
        ("A `= eg.coverage@10 in q1`.", ["7:24: metric-without-user-values: `coverage` describes all lists together and has no value per user, so a quartile of users has none"]),
        ("A `= eg.hr@10 in x1`.", ["7:18: citation-syntax: expected an activity quartile such as `q1` after `in` in the citation, found `x1`\n  note: a citation reads `= EVAL.METRIC@K`, optionally followed by `in qN` (an activity quartile), by `vs EVAL` (relative change) or `- EVAL` (difference), and by `| PART`"]),
        // The baseline is measured over the subject's quartile unless it names its own.
        ("A `= eg.hr@10 in q1 - e1`.", ["7:23: no-activity-groups: `e1` has no activity quartiles; add `groups=activity` to its `evaluate`"]),
        ("A `= eg.hr@10 in q1 - e1 in q2`.", ["7:23: no-activity-groups: `e1` has no activity quartiles; add `groups=activity` to its `evaluate`"]),
        ("A `= eg.hr@10 - e1`.", []),
        ("A `= eg.arp@10 in q1 - eg in q4 | mean`, `= eg.hr@10 in q2 vs eg`, `= eg.ndcg in q3`.", []),
    ])
    func activityQuartiles(prose: String, expected: [String]) throws {
        let notebook = try NotebookParser.parse(path: "nb.md", source: """
            ```recbook
            data = load synthetic users=40 items=60
            bpr = train bprmf data
            e1 = evaluate bpr k=[10, 100]
            eg = evaluate bpr k=10 metrics=[hr, ndcg, arp, coverage] groups=activity
            ```

            """ + prose + "\n")
        switch Checker.check(notebook, catalogue: .standard) {
        case .failure(let diagnostics):
            #expect(diagnostics.map(NotebookFixture.describe) == expected)
        case .success(let program):
            #expect(expected.isEmpty)
            if prose.contains("q4 | mean") {
                #expect(program.citations.map(\.group) == [1, 2, 3] && program.citations.map(\.baselineGroup) == [4, 2, nil])
            }
        }
    }

    /// A deterministic model's single evaluation is exact, so it may stand against a family
    /// over seeds on either side; a single run of a random model may not (see `es.hr vs e1`).
    @Test func aDeterministicModelsSingleEvaluationStandsAgainstSeeds() throws {
        func check(_ prose: String) throws -> Checker.Outcome {
            try Checker.check(NotebookParser.parse(path: "nb.md", source: """
                ```recbook
                data = load synthetic users=40 items=60
                many = train bprmf data seeds=3
                es = evaluate many
                pop = train mostpop data
                ep = evaluate pop
                knn = train itemknn data
                ek = evaluate knn
                hits = attack fgsm many epsilon=sweep[0.1, 0.5]
                eh = evaluate hits
                ```

                """ + prose + "\n"), catalogue: .standard)
        }
        guard case .success(let program) = try check("`= es.hr - ep`, `= ek.hr vs es | ci`, `= eh[epsilon=0.5].hr - ek`, `= ep.hr - ek`.") else {
            Issue.record("the notebook does not check"); return
        }
        #expect(program.citations.map(\.exactSide) == ["ep", "ek", "ek", nil])
        #expect(program.citations.map(\.overSeeds) == [true, true, true, false])
        // Only `seed` may stand against the single value: other axes must still be selected.
        guard case .failure(let diagnostics) = try check("`= eh.hr - ek`.") else {
            Issue.record("unselected axes were accepted"); return
        }
        #expect(diagnostics.map(\.identifier) == ["unselected-axes"])
    }

    @Test func aCitationMayNameAValueDefinedLaterInTheNotebook() {
        let notebook = try! NotebookParser.parse(path: "nb.md", source: "Ahead: `= e1.hr`.\n\n" + Self.cell + "\n")
        guard case .success(let program) = Checker.check(notebook, catalogue: .standard) else {
            Issue.record("expected the notebook to check")
            return
        }
        #expect(program.citations.map(\.literal) == ["= e1.hr"])
    }

    @Test func resolvedCitationsCarryTheirQuantityCutoffAndAxes() throws {
        let citations = Self.citations("`= e1.hr` `= e1.ndcg@10` `= e1.auc` `= es.hr vs es` `= eh[epsilon=0.5].hr - eh[epsilon=0.1] | sd`")
        try #require(citations.count == 5)
        // Without `@`, the largest computed cut-off.
        #expect(citations.map(\.cutoff) == [100, 10, nil, 100, 10])
        #expect(citations.map(\.metricLabel) == ["HR@100", "nDCG@10", "AUC", "HR@100", "HR@10"])
        #expect(citations.map(\.quantity) == [.value, .value, .value, .relativeChange, .difference])
        #expect(citations.map(\.overSeeds) == [false, false, false, true, true])
        #expect(citations.map(\.part) == [.full, .full, .full, .full, .sd])
        #expect(citations[4].subject == .element(of: "eh", at: [Coordinate(axis: "epsilon", value: .float(0.5))]))
        #expect(citations[4].baseline == .element(of: "eh", at: [Coordinate(axis: "epsilon", value: .float(0.1))]))
    }
}
