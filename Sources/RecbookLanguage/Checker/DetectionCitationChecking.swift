import NotebookDocument

/// Citations of detections (`= flags.recall`, `= flags[users=50].precision - other`): precision,
/// recall and F1 of the flagged users, over seeds like evaluation metrics, without cut-offs.
extension Checker {
    /// Whether the citation names a detection rather than an evaluation.
    func citesDetection(_ syntax: CitationSyntax) -> Bool {
        syntax.subject.referencedName.flatMap { bound[$0]?.type.kind } == .detection
    }

    mutating func checkDetectionCitation(_ syntax: CitationSyntax, _ citation: InlineCitation) -> CheckedCitation? {
        let errorsBefore = diagnostics.count
        let metrics = catalogue.citations.detectionMetrics
        guard let metric = metrics.first(where: { $0.name == syntax.metric }) else {
            let names = metrics.map(\.name)
            report(Diagnostic(
                file: file, range: syntax.metricRange, identifier: "unknown-metric",
                summary: CitationMessages.unknownMetric(syntax.metric, known: names),
                fixIts: Suggestions.closest(to: syntax.metric, among: names).map { [Diagnostic.FixIt(range: syntax.metricRange, replacement: $0)] } ?? []))
            return nil
        }
        if let range = syntax.cutoffRange {
            report(Diagnostic(
                file: file, range: range, identifier: "metric-without-cutoff",
                summary: CitationMessages.detectionTakesNoCutoff(metric.name)))
        }
        let subject = detection(syntax.subject)
        var baseline: (value: Value, axes: [Axis])?
        if let baselineSyntax = syntax.baseline {
            baseline = detection(baselineSyntax)
            if let subject, let baseline, subject.axes != baseline.axes {
                report(Diagnostic(
                    file: file, range: baselineSyntax.range, identifier: "misaligned-axes",
                    summary: CitationMessages.unpaired(
                        syntax.subject.text, CheckerMessages.describe(subject.axes), baseline: baselineSyntax.text, CheckerMessages.describe(baseline.axes))))
            }
        }
        let overSeeds = subject?.axes.isEmpty == false
        let part = checkPart(syntax, overSeeds: overSeeds)
        guard diagnostics.count == errorsBefore, let subject else { return nil }
        return CheckedCitation(
            literal: citation.literal, range: citation.range,
            quantity: syntax.comparison.map { $0 == .difference ? .difference : .relativeChange } ?? .value,
            subject: subject.value, baseline: baseline?.value, metric: metric.name, cutoff: nil,
            part: part, overSeeds: overSeeds, metricLabel: metric.displayName)
    }

    /// One cited detection: its value and the axes left, which may only be `seed`.
    private mutating func detection(_ syntax: ValueSyntax) -> (value: Value, axes: [Axis])? {
        citedValue(syntax, kind: .detection).map { ($0.value, $0.axes) }
    }
}
