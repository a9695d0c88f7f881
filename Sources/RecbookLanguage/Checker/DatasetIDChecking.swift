import NotebookDocument

/// `evaluate m on=other`: a model scores by the ids of the data it was trained on, so another
/// dataset must have the same users and items. When both are generated with their counts
/// written (`load synthetic users=N items=M`, whose ids are 0..<N and 0..<M), a difference is
/// an error before the run; otherwise the run compares the ids.
extension Checker {
    mutating func checkSameIDs(_ options: [CheckedOption], signature: CommandSignature, subjects: [CheckedSubject?]) {
        for option in options where option.isExplicit {
            guard case .datasetOfSubject(let index)? = signature.option(named: option.name)?.defaultValue,
                let other = option.reference, index < subjects.count, let model = subjects[index]?.reference,
                let own = bound[model]?.dataset, own != other,
                let range = option.valueRange ?? option.range
            else { continue }
            let (ownUsers, ownItems) = (statedCount(of: own, .statesUsers), statedCount(of: own, .states))
            let (otherUsers, otherItems) = (statedCount(of: other, .statesUsers), statedCount(of: other, .states))
            var users: (Int, Int)?, items: (Int, Int)?
            if let a = otherUsers, let b = ownUsers, a != b { users = (a, b) }
            if let a = otherItems, let b = ownItems, a != b { items = (a, b) }
            guard users != nil || items != nil else { continue }
            report(Diagnostic(
                file: file, range: range, identifier: "dataset-ids-differ",
                summary: CheckerMessages.otherIDs(other, trainedOn: own, model: model, users: users, items: items),
                notes: [bound[other].map { Diagnostic.Note(range: $0.range, message: CheckerMessages.definedHere(other)) },
                        bound[own].map { Diagnostic.Note(range: $0.range, message: CheckerMessages.definedHere(own)) }].compactMap { $0 }))
        }
    }

    /// `compare e1 e2` pairs users: evaluations of generated datasets with other stated
    /// user counts cannot be paired.
    mutating func checkSameUsers(_ command: CommandSyntax, signature: CommandSignature, subjects: [CheckedSubject?]) {
        guard signature.pairsUsers else { return }
        let evaluations = subjects.enumerated().compactMap { i, subject in subject?.reference.map { (name: $0, range: command.subjects[i].range) } }
        guard let first = evaluations.first, let firstData = evaluatedDataset(first.name),
            let firstUsers = statedCount(of: firstData, .statesUsers)
        else { return }
        for evaluation in evaluations.dropFirst() {
            guard let data = evaluatedDataset(evaluation.name), data != firstData,
                let users = statedCount(of: data, .statesUsers), users != firstUsers
            else { continue }
            let items = (statedCount(of: data, .states), statedCount(of: firstData, .states))
            let itemsDiffer = items.0 != nil && items.1 != nil && items.0 != items.1
            report(Diagnostic(
                file: file, range: evaluation.range, identifier: "evaluated-users-differ",
                summary: CheckerMessages.otherUsers(
                    evaluation.name, dataset: data, baseline: first.name, baselineDataset: firstData,
                    users: (users, firstUsers), itemsDiffer: itemsDiffer)))
        }
    }

    /// The dataset an evaluation was computed on: its dataset option (`on=`, by default the model's).
    private func evaluatedDataset(_ name: String) -> String? {
        guard let statement = boundStatements[name], let command = statement.command, let signature = catalogue[command]
        else { return nil }
        return statement.options.first { option in
            if case .datasetOfSubject? = signature.option(named: option.name)?.defaultValue { true } else { false }
        }?.reference
    }

    /// A count a dataset's own statement writes (not one derived through `split` or `poison`,
    /// which may change users).
    private func statedCount(of dataset: String, _ role: ItemCountRole) -> Int? {
        guard let statement = boundStatements[dataset], let command = statement.command, let signature = catalogue[command]
        else { return nil }
        for option in statement.options where option.isExplicit && signature.option(named: option.name)?.itemCountRole == role {
            if case .integer(let n)? = option.value { return n }
        }
        return nil
    }
}
