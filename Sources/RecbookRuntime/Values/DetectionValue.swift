import RecbookLanguage
import RecommenderKit

/// The users a shilling detector flagged in one dataset, and how well it did against the
/// fake users that dataset records.
struct DetectionValue: Sendable, Codable {
    var detection: ShillingDetection
    /// The binding of the dataset the detector read.
    var datasetName: String
}

/// One target item of a target-item evaluation, by raw id.
struct TargetItemRow: Sendable, Codable {
    var rawID: String
    var summary: TargetItemSummary
}

extension ExecutionEnvironment {
    func detection(_ name: String, at coordinates: [String: Value] = [:]) -> DetectionValue {
        guard case .detection(let v) = element(name, at: coordinates).value else { fatalError("`\(name)` is not a detection") }
        return v
    }
}

extension Invocation {
    func detection(_ name: BoundName) -> DetectionValue {
        environment.detection(name.name, at: coordinates.merging(name.selection.map { ($0.axis, $0.value) }) { _, selected in selected })
    }
}

// The poisoning library's enums are the words of `poison` and `detect`.
extension ShillingAttackKind: WordArgument {}
extension ShillingDetectorKind: WordArgument {}

/// What a citation of a detection can show.
enum DetectionMetric: String, CaseIterable {
    case precision, recall, f1

    var displayName: String {
        switch self {
        case .precision: "Precision"
        case .recall: "Recall"
        case .f1: "F1"
        }
    }

    func value(of score: DetectionScore) -> Double {
        switch self {
        case .precision: score.precision
        case .recall: score.recall
        case .f1: score.f1
        }
    }
}

extension ValueFamily {
    /// The metric, when this family holds detections (nil for evaluations).
    func detectionMetric(_ name: String) -> DetectionMetric? {
        guard case .detection? = elements.first?.value else { return nil }
        return DetectionMetric(rawValue: name)
    }

    /// The detection metric over every seed of the family (one value without a seed axis);
    /// the checker left no other axis.
    func detectionSeedValues(_ metric: DetectionMetric) -> [Double] {
        elements.map { element in
            guard case .detection(let value) = element.value else { preconditionFailure("not a detection") }
            return metric.value(of: value.detection.score)
        }
    }
}
