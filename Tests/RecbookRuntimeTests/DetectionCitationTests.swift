import Testing
import RecbookResults
import NotebookDocument
@testable import RecbookLanguage
@testable import RecbookRuntime
@testable import RecommenderKit

/// A detection's precision, recall and F1 in prose, against hand-computed statistics.
@Suite struct DetectionCitationTests {
    /// Ten fake users (0–9); `caught` of them flagged, with 10 users flagged in all.
    static func detection(caught: Int) -> ValueFamily.Element {
        let flagged = Array(0..<caught) + Array(100..<(110 - caught))
        let score = DetectionScore(flagged: flagged, injected: Array(0..<10))
        let detection = ShillingDetection(method: .pca, suspicion: [], flagged: flagged, score: score)
        return ValueFamily.Element(value: .detection(DetectionValue(detection: detection, datasetName: "d")), derivation: Derivation(text: "caught \(caught)"))
    }

    static let values: [String: ValueFamily] = [
        "flags": ValueFamily(axes: [.seeds(3)], elements: [2, 3, 4].map { detection(caught: $0) }),
        "better": ValueFamily(axes: [.seeds(3)], elements: [3, 3, 7].map { detection(caught: $0) }),
    ]

    static func text(_ metric: String, _ subject: String, minus baseline: String? = nil) -> String? {
        let citation = CheckedCitation(
            literal: "= test", range: SourceLocation(line: 1, column: 1)..<SourceLocation(line: 1, column: 2),
            quantity: baseline == nil ? .value : .difference, subject: .reference(subject), baseline: baseline.map { .reference($0) },
            metric: metric, cutoff: nil, part: .full, overSeeds: true, metricLabel: metric)
        return CitationEvaluator.evaluate(citation, values: BoundValues(values)).text
    }

    // Recall = precision = F1 = caught / 10: 0.2, 0.3, 0.4 → mean 0.3, sd 0.1, half-width
    // t(0.975, 2) · 0.1 / √3 = 4.302653 · 0.057735 = 0.248414. Paired differences of `better`:
    // 0.1, 0, 0.3 → mean 0.1333, sd 0.152753, half-width 0.379458.
    @Test func detectionMetricsAreMeansOverSeedsWithTheirInterval() {
        for metric in ["precision", "recall", "f1"] {
            #expect(Self.text(metric, "flags") == "0.3000 (95 % CI 0.0516 – 0.5484, n = 3)")
        }
        #expect(Self.text("recall", "better", minus: "flags") == "+0.1333 (95 % CI -0.2461 – +0.5128, n = 3)")
    }
}
