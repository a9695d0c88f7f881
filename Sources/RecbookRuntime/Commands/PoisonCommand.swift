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

    static let signature: CommandSignature = {
        var signature = CommandSignature(
        name: "poison",
        summary: "Injects fake user profiles that push target items (a shilling attack); the dataset read is untouched.",
        subjects: [attack, data],
        options: [targets, users, share, filler, fillerShare, selected, CommonOptions.seed, CommonOptions.seeds],
        result: .value(.dataset),
        example: #"poisoned = poison bandwagon data targets="42" users=25 filler=30"#, isRandom: true)
        signature.exclusiveOptions = [[users.signature.name, share.signature.name], [filler.signature.name, fillerShare.signature.name]]
        return signature
    }()

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let statement = invocation.statement
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
