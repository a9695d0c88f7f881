import RecbookResults

/// A bare name: shows the value bound to it (a family's first element, with its axes named).
enum ShowCommand {
    static func show(_ name: String, in environment: ExecutionEnvironment) -> CommandOutcome {
        guard let family = environment.values[name], let first = family.elements.first else {
            return CommandOutcome(outputs: [.text("\(name) has no value")])
        }
        var outputs: [CellOutput] = []
        if !family.axes.isEmpty {
            outputs.append(.text("\(name) is a family of \(family.elements.count) values over \(family.axes.map(\.description).joined(separator: " × ")); its first:"))
        }
        switch first.value {
        case .dataset(let value):
            outputs += [.text(DatasetSummary.line(for: value.dataset)), .table(StatsCommand.table(for: value.dataset, name: name))]
        case .model(let value):
            outputs.append(.text("\(name): \(value.summary), trained on \(value.datasetName)"))
        case .evaluation(let value):
            outputs += EvaluationReport.outputs(value)
        case .comparison(let value):
            outputs += value.outputs
        case .detection(let value):
            outputs += DetectCommand.outputs(value)
        }
        return CommandOutcome(outputs: outputs)
    }
}
