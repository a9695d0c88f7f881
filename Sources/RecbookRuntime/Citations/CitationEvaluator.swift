import RecbookLanguage
import RecbookResults
import RecommenderKit

/// Computes the citations of a run's prose from the values the run bound.
enum CitationEvaluator {
    /// The words and options citations resolve against, from `evaluate`'s declaration.
    static let vocabulary: CitationVocabulary = {
        var vocabulary = CitationVocabulary(
            metrics: Metric.allCases.map {
                CitableMetric(name: $0.rawValue, displayName: $0.displayName, usesCutoff: $0.usesCutoff, hasUserValues: !$0.isCorpusLevel)
            },
            metricsOption: EvaluateCommand.metrics.signature.name, cutoffsOption: EvaluateCommand.cutoffs.signature.name)
        vocabulary.groupsOption = EvaluateCommand.groups.signature.name
        vocabulary.groupsWord = EvaluateCommand.Grouping.activity.rawValue
        vocabulary.detectionMetrics = DetectionMetric.allCases.map { CitableMetric(name: $0.rawValue, displayName: $0.displayName, usesCutoff: false) }
        return vocabulary
    }()

    static func evaluate(_ citations: [CheckedCitation], values: BoundValues) -> [CitationResult] {
        citations.map { evaluate($0, values: values) }
    }

    static func evaluate(_ citation: CheckedCitation, values: BoundValues) -> CitationResult {
        let explanation = explain(citation)
        guard let subject = seedValues(citation.subject, citation.metric, citation.cutoff, citation.group, values) else {
            return CitationResult(literal: citation.literal, text: nil, explanation: explanation + " (not computed: the run stopped before it)")
        }
        var runs = subject
        var scale = 1.0
        if let baselineValue = citation.baseline {
            guard let baseline = seedValues(baselineValue, citation.metric, citation.cutoff, citation.baselineGroup, values) else {
                return CitationResult(literal: citation.literal, text: nil, explanation: explanation + " (not computed: the run stopped before it)")
            }
            // Paired by seed: the checker gave both the same seed axis, or one side is a
            // deterministic model's single, exact value, set against every seed of the other.
            if baseline.count == subject.count {
                runs = zip(subject, baseline).map { $0 - $1 }
            } else if baseline.count == 1 {
                runs = subject.map { $0 - baseline[0] }
            } else if subject.count == 1 {
                runs = baseline.map { subject[0] - $0 }
            } else {
                return CitationResult(literal: citation.literal, text: nil, explanation: explanation + " (the two sides have different seeds)")
            }
            if citation.quantity == .relativeChange {
                let baseMean = baseline.reduce(0, +) / Double(baseline.count)
                scale = baseMean != 0 ? 1 / baseMean : .nan
            }
        }
        let interval = MeanInterval(runs)
        let mean = interval.mean * scale, lower = interval.lower * scale, upper = interval.upper * scale
        let sd = interval.standardDeviation * scale
        let format: (Double) -> String = switch citation.quantity {
        case .value: { NumberFormat.fixed(4).format($0) }
        case .difference: { ($0 > 0 ? "+" : "") + NumberFormat.fixed(4).format($0) }
        case .relativeChange: { NumberFormat.percent(2).format($0) }
        }
        let text: String = switch citation.part {
        case .full:
            citation.overSeeds
                ? "\(format(mean)) (95 % CI \(format(lower)) – \(format(upper)), n = \(interval.n))" : format(mean)
        case .mean: format(mean)
        case .ci: "\(format(lower)) – \(format(upper))"
        case .low: format(lower)
        case .high: format(upper)
        case .sd: citation.quantity == .relativeChange ? NumberFormat.percent(2).format(sd).replacingPlus() : NumberFormat.fixed(4).format(sd)
        case .n: String(interval.n)
        }
        return CitationResult(
            literal: citation.literal, text: text, explanation: explanation, mean: mean,
            lower: citation.overSeeds ? lower : nil, upper: citation.overSeeds ? upper : nil,
            standardDeviation: citation.overSeeds ? sd : nil, n: interval.n)
    }

    /// The metric of an evaluation over its seeds (one value without a seed axis); nil if not bound.
    /// `group`: the mean over that activity quartile of the users rather than over all.
    private static func seedValues(_ value: Value, _ metric: String, _ cutoff: Int?, _ group: Int?, _ values: BoundValues) -> [Double]? {
        guard let (name, selection) = value.referencedName, let family = values[name]?.selecting(selection) else { return nil }
        if let detectionMetric = family.detectionMetric(metric) { return family.detectionSeedValues(detectionMetric) }
        guard let metric = Metric(rawValue: metric) else { return nil }
        if let group { return family.groupSeedValues(metric, at: cutoff, point: [:], group: group, values: values) }
        return family.seedValues(metric, at: cutoff, point: [:])
    }

    /// "HR@100 of `under_attack` against `clean`: relative change of the means, paired by seed, over 10 seeds, 95 % Student t interval".
    static func explain(_ citation: CheckedCitation) -> String {
        let subject = citation.subject.referencedName.map { describe($0) } ?? "?"
        var text = "\(citation.metricLabel) of \(subject)" + quartile(citation.group)
        if let baseline = citation.baseline?.referencedName {
            let side = describe(baseline) + quartile(citation.baselineGroup)
            switch citation.quantity {
            case .difference: text += " minus that of \(side)"
            case .relativeChange: text += ", change relative to \(side) (the paired difference over its mean)"
            case .value: break
            }
        }
        if citation.overSeeds {
            if let exact = citation.exactSide {
                text += "; \(exact) is one exact value (a deterministic model), set against each seed; mean"
            } else {
                text += citation.baseline != nil ? "; paired by seed; mean" : "; mean"
            }
            text += " over seeds with a 95 % Student t interval"
        }
        return text
    }

    /// " over its users' activity quartile Q1 (the least active)".
    private static func quartile(_ group: Int?) -> String {
        guard let group else { return "" }
        let note = group == 1 ? " (the least active)" : group == CitationVocabulary.groupCount ? " (the most active)" : ""
        return " over its users' activity quartile Q\(group)\(note)"
    }

    private static func describe(_ reference: (name: String, selection: [Coordinate])) -> String {
        reference.selection.isEmpty
            ? reference.name
            : reference.name + "[" + reference.selection.map { "\($0.axis)=\($0.value.description)" }.joined(separator: ", ") + "]"
    }
}

private extension String {
    /// A spread has no sign.
    func replacingPlus() -> String { hasPrefix("+") ? String(dropFirst()) : self }
}
