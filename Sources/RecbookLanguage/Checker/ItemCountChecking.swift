import NotebookDocument

/// Options bounded by a dataset's number of items (`negatives=` of sampled evaluation): an
/// error before the run when the dataset's item count is written in the notebook
/// (`load synthetic items=N`, and datasets derived from one, such as `split`).
extension Checker {
    mutating func checkItemCountBounds(_ options: [CheckedOption], signature: CommandSignature, subjects: [CheckedSubject?]) {
        for option in options {
            guard signature.option(named: option.name)?.itemCountRole == .staysBelow, option.isExplicit,
                case .integer(let n)? = option.value
            else { continue }
            // The statement's dataset: a dataset option (`on`, filled in by default), else a
            // model subject's dataset, else a dataset subject.
            let names = options.compactMap(\.reference) + subjects.compactMap { $0?.reference }
            guard let dataset = names.compactMap({ datasetName(of: $0) }).first,
                let items = knownItemCount(of: dataset), n >= items, let range = option.valueRange ?? option.range
            else { continue }
            report(Diagnostic(
                file: file, range: range,
                identifier: "out-of-range",
                summary: CheckerMessages.tooManyNegatives(n, option: option.name, dataset: dataset, items: items)))
        }
    }

    /// The dataset a bound name is or was trained on.
    private func datasetName(of name: String) -> String? {
        guard let binding = bound[name] else { return nil }
        return binding.type.kind == .dataset ? name : binding.dataset
    }

    /// A dataset's number of items when the notebook states it: its own `states` option, or
    /// that of the dataset it was made from.
    func knownItemCount(of dataset: String) -> Int? {
        var name = dataset
        for _ in 0..<100 {
            guard let statement = boundStatements[name], let command = statement.command,
                let signature = catalogue[command]
            else { return nil }
            for option in statement.options where option.isExplicit && signature.option(named: option.name)?.itemCountRole == .states {
                if case .integer(let n)? = option.value { return n }
            }
            guard let source = statement.subjects.compactMap(\.reference).first(where: { bound[$0]?.type.kind == .dataset })
            else { return nil }
            name = source
        }
        return nil
    }
}
