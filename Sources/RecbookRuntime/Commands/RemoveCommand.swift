import RecbookLanguage
import RecbookResults
import RecommenderKit

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
