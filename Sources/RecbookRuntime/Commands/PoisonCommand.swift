import NotebookDocument
import RecbookLanguage
import RecbookResults
import RecommenderKit

/// `poison ATTACK DATASET`: the dataset with fake user profiles injected (a shilling attack).
enum PoisonCommand: NotebookCommand {
    static let attack = Subject<ShillingAttackKind>(
        0, "ATTACK", doc: "The shilling attack: filler items `random`, popularity-weighted (`average`), plus the most popular (`bandwagon`) or the target's segment (`segment`).")
    static let data = Subject<BoundName>(1, "DATASET", type: .reference(ReferenceRequirement(kind: .dataset)), doc: "The dataset to poison.")
    static let targets = RequiredOption<[String]>(
        "targets", type: .oneOrList(.string), doc: "Item(s) every fake user takes, as raw ids in the data files.")
    static let users = OptionalOption<Int>(
        "users", bounds: .between(1, 100_000), absent: "`share` of the genuine users", doc: "Number of fake users.")
    static let share = ValueOption<Double>(
        "share", default: 0.05, bounds: NumericBounds(lower: 0, lowerInclusive: false, upper: 1),
        doc: "Fake users as a share of the genuine users, when `users` is not written.")
    static let filler = OptionalOption<Int>(
        "filler", bounds: .between(1, 1_000_000), absent: "`filler-share` of the items", doc: "Filler items per fake user.")
    static let fillerShare = ValueOption<Double>(
        "filler-share", default: 0.03, bounds: NumericBounds(lower: 0, lowerInclusive: false, upper: 1),
        doc: "Filler items per fake user as a share of all items, when `filler` is not written.")
    static let selected = ValueOption<Int>(
        "selected", default: 10, bounds: .between(1, 100_000),
        doc: "Selected items per fake user: the most popular (`bandwagon`) or the most co-consumed with the targets (`segment`).",
        when: .subject(0, is: ShillingAttackKind.bandwagon.rawValue, ShillingAttackKind.segment.rawValue))

    static let signature = CommandSignature(
        name: "poison",
        summary: "Injects fake user profiles that push target items (a shilling attack); the dataset read is untouched.",
        subjects: [attack, data],
        options: [targets, users, share, filler, fillerShare, selected, CommonOptions.seed, CommonOptions.seeds],
        result: .value(.dataset),
        example: #"poisoned = poison bandwagon data targets="42" users=25 filler=30"#, isRandom: true)

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let statement = invocation.statement
        for (count, share) in [(users, Self.share), (filler, fillerShare)] as [(OptionalOption<Int>, ValueOption<Double>)]
        where statement.wrote(count) && statement.wrote(share) {
            throw .bothBudgetOptions(count.signature.name, share.signature.name, at: statement.range(of: share))
        }
        let name = invocation[data]
        let source = invocation.dataset(name).dataset
        let kind = invocation[attack]
        let attackConfiguration = ShillingAttack(
            kind: kind, targets: invocation[targets],
            fakeUsers: invocation[users].map(FakeUserBudget.count) ?? .share(invocation[share]),
            filler: invocation[filler].map(FillerSize.count) ?? .share(invocation[fillerShare]),
            selectedCount: kind.usesSelectedItems ? invocation[selected] : 0)
        let poisoned: PoisonedDataset
        do {
            poisoned = try attackConfiguration.inject(into: source, generator: invocation.generator)
        } catch {
            let place: SourceRange?
            switch error {
            case .unknownTarget, .duplicateTarget, .noSegment: place = statement.valueRange(of: targets)
            case .profileTooLarge: place = statement.range(of: filler) ?? statement.range(of: fillerShare) ?? statement.range
            case .invalidBudget: place = statement.range
            }
            throw .poisoning(error, at: place ?? statement.range)
        }
        var dataset = poisoned.dataset
        dataset.name = invocation.binding ?? name.name
        let budget = poisoned.budget
        let selectedNote = poisoned.selectedItems.isEmpty ? "" : ", \(poisoned.selectedItems.count) selected"
        let outputs: [CellOutput] = [
            .text("\(name) poisoned (\(kind.rawValue)): \(budget.fakeUsers) fake users of \(budget.profileSize) items each "
                + "(\(poisoned.targets.count) target\(poisoned.targets.count == 1 ? "" : "s")\(selectedNote), "
                + "\(budget.profileSize - poisoned.targets.count - poisoned.selectedItems.count) filler) pushing "
                + invocation[targets].map { "\"\($0)\"" }.joined(separator: ", ")),
            .figures([
                Figure(label: "Fake users", value: Double(budget.fakeUsers), format: .integer),
                Figure(label: "Interactions added", value: Double(budget.interactionsAdded), format: .integer),
                Figure(label: "Share of users", value: budget.shareOfUsers, format: .percent(2)),
                Figure(label: "Share of interactions", value: budget.shareOfInteractions, format: .percent(2)),
            ]),
        ]
        return CommandOutcome(value: .dataset(DatasetValue(dataset: dataset)), outputs: outputs)
    }
}

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

    static let signature = CommandSignature(
        name: "detect",
        summary: "Flags the users a shilling detector finds most suspicious, scored against the fake users the dataset records.",
        subjects: [method, data],
        options: [flag, flagShare, components, neighbours],
        result: .value(.detection),
        example: "flags = detect pca poisoned flag=25")

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let statement = invocation.statement
        if statement.wrote(flag) && statement.wrote(flagShare) {
            throw .bothBudgetOptions(flag.signature.name, flagShare.signature.name, at: statement.range(of: flagShare))
        }
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

/// `remove DATASET flagged=DETECTION`: the dataset without the flagged users.
enum RemoveCommand: NotebookCommand {
    static let data = Subject<BoundName>(0, "DATASET", type: .reference(ReferenceRequirement(kind: .dataset)), doc: "The dataset to clean.")
    static let flagged = RequiredOption<BoundName>(
        "flagged", type: .reference(ReferenceRequirement(kind: .detection)), doc: "The detection whose flagged users are removed (made by `detect` on DATASET).")

    static let signature = CommandSignature(
        name: "remove",
        summary: "Removes the users a detection flagged (their training and test rows); items keep their ids.",
        subjects: [data],
        options: [flagged],
        result: .value(.dataset),
        example: "cleaned = remove poisoned flagged=flags")

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let name = invocation[data]
        let detectionName = invocation[flagged]
        let detection = invocation.detection(detectionName)
        guard detection.datasetName == name.name else {
            throw .detectionOfOtherDataset(
                detectionName.name, detectedOn: detection.datasetName, dataset: name.name,
                at: invocation.statement.valueRange(of: flagged))
        }
        let source = invocation.dataset(name).dataset
        var cleaned = source.removingUsers(detection.detection.flagged)
        cleaned.name = invocation.binding ?? name.name
        let score = detection.detection.score
        let outputs: [CellOutput] = [
            .text("\(name): removed \(score.flagged) flagged users (\(score.truePositives) fake, \(score.flagged - score.truePositives) genuine); "
                + "\(cleaned.injectedUsers.count) fake users remain"),
            .text(DatasetSummary.line(for: cleaned)),
        ]
        return CommandOutcome(value: .dataset(DatasetValue(dataset: cleaned)), outputs: outputs)
    }
}
