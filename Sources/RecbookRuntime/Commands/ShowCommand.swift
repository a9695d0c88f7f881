import RecbookResults
/// A bare name: shows the value bound to it.
enum ShowCommand {
    static func show(_ name: String, in environment: ExecutionEnvironment) -> CommandOutcome {
        switch environment.values[name] {
        case .dataset(let value)?:
            return CommandOutcome(outputs: [.text(DatasetSummary.line(for: value.dataset)), .table(StatsCommand.table(for: value.dataset, name: name))])
        case .model(let value)?:
            return CommandOutcome(outputs: [.text("\(name): \(value.summary), trained on \(value.datasetName)")])
        case .evaluation(let value)?:
            return CommandOutcome(outputs: EvaluationReport.outputs(value))
        case .comparison(let value)?:
            return CommandOutcome(outputs: value.outputs)
        case nil:
            return CommandOutcome(outputs: [.text("\(name) has no value")])
        }
    }
}
