import RecbookLanguage
import RecbookResults
import RecommenderKit

/// `detect METHOD DATASET`: flags the users a shilling detector finds most suspicious.
enum DetectCommand: NotebookCommand {
    static let method = Subject<ShillingDetectorKind>(
        0, "METHOD", doc: "`pca`: smallest contribution to the top principal components (Mehta & Nejdl 2007); `similarity`: highest mean similarity to the nearest neighbours (Chirita et al. 2005).")
    static let data = Subject<BoundName>(1, "DATASET", type: .reference(ReferenceRequirement(kind: .dataset)), doc: "The dataset to screen.")
    static let flag = OptionalOption<Int>(
        "flag", bounds: .between(1, 10_000_000), absent: "`flag-share` of the users", doc: "Number of users flagged: the most suspicious.")
    static let flagShare = ValueOption<Double>(
        "flag-share", default: 0.05, bounds: NumericBounds(lower: 0, lowerInclusive: false, upper: 1),
        doc: "Users flagged as a share of all users, when `flag` is not written.")
    static let components = ValueOption<Int>(
        "components", default: 3, bounds: .between(1, 100), doc: "Principal components whose loadings count.",
        when: .subject(0, is: ShillingDetectorKind.pca.rawValue))
    static let neighbours = ValueOption<Int>(
        "neighbours", default: 25, bounds: .between(1, 10_000), doc: "Nearest neighbours whose similarity is averaged.",
        when: .subject(0, is: ShillingDetectorKind.similarity.rawValue))

    static let signature: CommandSignature = {
        var signature = CommandSignature(
        name: "detect",
        summary: "Flags the users a shilling detector finds most suspicious, scored against the fake users the dataset records.",
        subjects: [method, data],
        options: [flag, flagShare, components, neighbours],
        result: .value(.detection),
        example: "flags = detect pca poisoned flag=25")
        signature.exclusiveOptions = [[flag.signature.name, flagShare.signature.name]]
        return signature
    }()

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let name = invocation[data]
        let dataset = invocation.dataset(name).dataset
        let kind = invocation[method]
        var detector = ShillingDetector(method: kind, rule: invocation[flag].map(FlagRule.count) ?? .share(invocation[flagShare]))
        // Each option exists only for its own method.
        switch kind {
        case .pca: detector.components = invocation[components]
        case .similarity: detector.neighbours = invocation[neighbours]
        }
        let value = DetectionValue(detection: detector.detect(dataset, generator: invocation.generator), datasetName: name.name)
        return CommandOutcome(value: .detection(value), outputs: outputs(value))
    }

    static func outputs(_ value: DetectionValue) -> [CellOutput] {
        let score = value.detection.score
        var outputs: [CellOutput] = [
            .text("\(value.detection.method.rawValue) flagged \(score.flagged) users of `\(value.datasetName)`: "
                + "\(score.truePositives) of its \(score.injected) fake users")
        ]
        var figures = [
            Figure(label: "Flagged", value: Double(score.flagged), format: .integer),
            Figure(label: "Fake users flagged", value: Double(score.truePositives), format: .integer),
        ]
        // Precision, recall and F1 are undefined for a dataset without fake users.
        if score.injected > 0 {
            figures += [
                Figure(label: "Precision", value: score.precision, format: .fixed(4)),
                Figure(label: "Recall", value: score.recall, format: .fixed(4)),
                Figure(label: "F1", value: score.f1, format: .fixed(4)),
            ]
        }
        outputs.append(.figures(figures))
        return outputs
    }
}
