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
                notes: [bound[other].map { Diagnostic.Note(range: $0.range, message: "`\(other)` was defined here") },
                        bound[own].map { Diagnostic.Note(range: $0.range, message: "`\(own)` was defined here") }].compactMap { $0 }))
        }
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
