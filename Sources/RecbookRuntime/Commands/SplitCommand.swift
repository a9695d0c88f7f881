import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `split DATASET validation=…`: a validation dataset carved from the training part, so a
/// notebook can tune on it and report on the untouched test part.
enum SplitCommand: NotebookCommand {
    static let data = Subject<BoundName>(
        0, "DATASET", type: .reference(ReferenceRequirement(kind: .dataset)), doc: "The dataset whose training part is split.")
    static let validation = ValueOption<ValidationMethod>(
        "validation", default: .leaveOneOut,
        doc: "`leave-one-out`: one random training item per user is held out; `holdout`: a random `ratio` of them.")
    static let ratio = ValueOption<Double>(
        "ratio", default: 0.2, bounds: .openInterval(0, 1), doc: "Share of each user's training items held out (holdout).",
        requires: OptionRequirement("validation", is: "holdout"))

    static let signature = CommandSignature(
        name: "split",
        summary: "Holds out part of a dataset's training items as a validation test set (train: the rest; ids unchanged).",
        subjects: [data],
        options: [validation, ratio, CommonOptions.seed],
        result: .value(.dataset),
        example: "val = split data validation=holdout ratio=0.2")

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let name = invocation[data]
        let source = invocation.dataset(name).dataset
        let method = invocation[validation]
        let split = source.validationSplit(
            method, ratio: invocation[ratio], generator: invocation.generator)
        let note = "\(NumberFormat.integer.format(Double(split.test.count))) of \(NumberFormat.integer.format(Double(source.train.count))) "
            + "training interactions of “\(name.name)” held out for validation; its test items are left out"
        return CommandOutcome(value: .dataset(DatasetValue(dataset: split)), outputs: [.text(note)])
    }
}
