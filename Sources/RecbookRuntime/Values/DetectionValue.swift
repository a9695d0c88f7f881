import RecbookLanguage
import RecommenderKit

/// The users a shilling detector flagged in one dataset, and how well it did against the
/// fake users that dataset records.
struct DetectionValue: Sendable {
    var detection: ShillingDetection
    /// The binding of the dataset the detector read.
    var datasetName: String
}

/// One target item of a target-item evaluation, by raw id.
struct TargetItemRow: Sendable {
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
