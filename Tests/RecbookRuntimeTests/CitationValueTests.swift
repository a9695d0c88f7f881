import Testing
import RecbookResults
import NotebookDocument
@testable import RecbookLanguage
@testable import RecbookRuntime
@testable import RecommenderKit

/// A citation's value against hand-computed statistics, and against the tables of a run.
@Suite struct CitationValueTests {
    /// An evaluation over 20 users whose HR@10 is `hits` / 20.
    static func evaluation(hits: Int) -> ValueFamily.Element {
        let key = MetricKey(.hr, cutoff: 10)
        let perUser = (0..<20).map { $0 < hits ? 1.0 : 0.0 }
        let result = EvaluationResult(users: Array(0..<20), skippedUsers: [], cutoffs: [10], keys: [key], values: [key: perUser])
        return ValueFamily.Element(
            value: .evaluation(EvaluationValue(result: result, modelName: "m", datasetName: "d")),
            derivation: Derivation(text: "hits \(hits)"))
    }

    /// Three seeds: `base` has HR@10 0.2, 0.3, 0.4; `attacked` 0.1, 0.25, 0.4 (differences −0.1, −0.05, 0).
    static let values: [String: ValueFamily] = [
        "base": ValueFamily(axes: [.seeds(3)], elements: [4, 6, 8].map { evaluation(hits: $0) }),
        "attacked": ValueFamily(axes: [.seeds(3)], elements: [2, 5, 8].map { evaluation(hits: $0) }),
        "single": ValueFamily.single(evaluation(hits: 6).value, derivation: Derivation(text: "single")),
    ]

    static func text(_ quantity: CheckedCitation.Quantity, _ subject: String, _ baseline: String? = nil, part: CheckedCitation.Part = .full) -> String? {
        let exact = [subject, baseline].first { $0 == "single" } ?? nil
        let citation = CheckedCitation(
            literal: "= test", range: NotebookDocument.SourceLocation(line: 1, column: 1)..<NotebookDocument.SourceLocation(line: 1, column: 2),
            quantity: quantity, subject: .reference(subject), baseline: baseline.map { .reference($0) }, metric: "hr", cutoff: 10,
            part: part, overSeeds: subject != "single" || (baseline != nil && baseline != "single"),
            exactSide: baseline == nil ? nil : exact, metricLabel: "HR@10")
        return CitationEvaluator.evaluate(citation, values: BoundValues(values)).text
    }

    // Hand computation, t(0.975, 2) = 4.302653:
    // base: mean 0.3, sd 0.1, half-width 4.302653 · 0.1 / √3 = 0.248414.
    // attacked − base: −0.1, −0.05, 0 → mean −0.05, sd 0.05, half-width 0.124207.
    // relative to base's mean 0.3: −16.667 %, interval −58.069 % to +24.736 %, sd 16.667 %.
    @Test func aMeanOverSeedsShowsItsIntervalAndN() {
        #expect(Self.text(.value, "base") == "0.3000 (95 % CI 0.0516 – 0.5484, n = 3)")
        #expect(Self.text(.value, "base", part: .mean) == "0.3000")
        #expect(Self.text(.value, "base", part: .ci) == "0.0516 – 0.5484")
        #expect(Self.text(.value, "base", part: .low) == "0.0516")
        #expect(Self.text(.value, "base", part: .high) == "0.5484")
        #expect(Self.text(.value, "base", part: .sd) == "0.1000")
        #expect(Self.text(.value, "base", part: .n) == "3")
    }

    @Test func differencesArePairedBySeed() {
        #expect(Self.text(.difference, "attacked", "base") == "-0.0500 (95 % CI -0.1742 – +0.0742, n = 3)")
        #expect(Self.text(.relativeChange, "attacked", "base") == "-16.67% (95 % CI -58.07% – +24.74%, n = 3)")
        #expect(Self.text(.relativeChange, "attacked", "base", part: .sd) == "16.67%")
    }

    /// One exact value (a deterministic model's, HR@10 0.3) against every seed of a family:
    /// attacked − single is −0.2, −0.05, +0.1 (mean −0.05, sd 0.15, half-width 0.372621), and
    /// single − attacked its negative.
    @Test func anExactValueStandsAgainstEverySeed() {
        #expect(Self.text(.difference, "attacked", "single") == "-0.0500 (95 % CI -0.4226 – +0.3226, n = 3)")
        #expect(Self.text(.difference, "single", "attacked") == "+0.0500 (95 % CI -0.3226 – +0.4226, n = 3)")
        // Relative to the single value's 0.3.
        #expect(Self.text(.relativeChange, "attacked", "single") == "-16.67% (95 % CI -140.87% – +107.54%, n = 3)")
    }

    @Test func aSingleRunIsItsValue() {
        #expect(Self.text(.value, "single") == "0.3000")
    }

    @Test func aValueTheRunDidNotComputeHasNoText() {
        #expect(Self.text(.value, "unbound") == nil)
    }

    /// The cited figure is the one `compare` puts in its tables.
    @Test func aCitationShowsWhatTheTablesShow() throws {
        let result = try runNotebook("""
            Clean `= clean.hr@10 | mean`, attacked `= hit.hr@10 vs clean | mean`.

            ```recbook
            \(tinyData)
            bpr = train bprmf data factors=8 epochs=2 batch=32 seeds=2
            clean = evaluate bpr k=10
            a = attack fgsm bpr epsilon=0.5
            hit = evaluate a k=10
            compare clean hit
            ```
            """)
        let tables = result.tables(ofCell: 0)
        let summary = try #require(tables.first { $0.title?.hasPrefix("Over 2 seeds") == true })
        let change = try #require(tables.first { $0.title?.hasPrefix("Change against") == true })
        let meanColumn = try #require(summary.columns.firstIndex(of: "HR@10"))
        let relativeColumn = try #require(change.columns.firstIndex(of: "Relative change"))
        let hrRow = try #require(change.rows.first { $0.contains(.text("HR@10")) })
        #expect(result.citation("= clean.hr@10 | mean")?.text == summary.rows[0][meanColumn].displayText)
        #expect(result.citation("= hit.hr@10 vs clean | mean")?.text == hrRow[relativeColumn].displayText)
    }
}
