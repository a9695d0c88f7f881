import NotebookDocument

/// Sweeps, seeds and the axes of families (docs/language.md, "Sweeps and seeds").
extension Checker {
    /// The most elements one statement may run over.
    public static let maximumFamilySize = 1000
    /// The most values a list option takes (`k=[…]`), and a sweep.
    public static let maximumListLength = 1000

    /// The items of `sweep[…]`, written directly or through a parameter.
    func sweepItems(_ syntax: ValueSyntax) -> [ValueSyntax]? {
        switch syntax.form {
        case .sweep(let items): return items
        case .parameter(let name):
            if case .sweep(let items)? = parameters[name]?.value.form { return items }
            return nil
        default: return nil
        }
    }

    /// Checks each value of a sweep; nil after reporting a problem.
    mutating func checkSweep(
        _ items: [ValueSyntax], at option: OptionSyntax, signature: OptionSignature, command: CommandSignature,
        context: ValueContext
    ) -> [Value]? {
        if command.families == .aggregate {
            report(Diagnostic(
                file: file, range: option.value.range, identifier: "not-sweepable",
                summary: CheckerMessages.readsWholeFamilies(command.name)))
            return nil
        }
        guard signature.isSweepable, !signature.isReplicateCount else {
            report(Diagnostic(
                file: file, range: option.value.range, identifier: "not-sweepable",
                summary: CheckerMessages.notSweepable(signature.name, type: signature.type)))
            return nil
        }
        guard !items.isEmpty else {
            report(Diagnostic(
                file: file, range: option.value.range, identifier: "empty-sweep",
                summary: CheckerMessages.emptySweep(signature.name)))
            return nil
        }
        var values: [Value] = []
        var ok = true
        for item in items {
            guard let value = checkValue(item, type: signature.type, bounds: signature.bounds, context: context)?.value else {
                ok = false
                continue
            }
            if values.contains(value) {
                report(Diagnostic(
                    file: file, range: item.range, identifier: "duplicate-sweep-value",
                    summary: CheckerMessages.duplicateSweepValue(item.text, option: signature.name)))
                ok = false
            }
            values.append(value)
        }
        return ok ? values : nil
    }

    /// The statement's axes: each input's (which must agree where they share a name), then
    /// its sweeps, then `seed` for `seeds=N`. Aggregating commands have none, but their inputs'
    /// axes must be the same.
    mutating func familyAxes(
        references: [(name: String, range: SourceRange, selected: [Coordinate])], sweeps: [CheckedOption], replicates: CheckedOption?,
        signature: CommandSignature, statement: StatementSyntax
    ) -> [Axis] {
        if signature.families == .aggregate {
            let families = references.compactMap { ref in bound[ref.name].map { (ref, Self.remaining($0.axes, ref.selected)) } }
            if let (first, firstAxes) = families.first {
                for (ref, axes) in families.dropFirst() where axes != firstAxes {
                    report(Diagnostic(
                        file: file, range: ref.range, identifier: "misaligned-axes",
                        summary: CheckerMessages.misalignedFamilies(
                            ref.name, axes: CheckerMessages.describe(axes), first: first.name, firstAxes: CheckerMessages.describe(firstAxes), command: signature.name)))
                }
            }
            return []
        }
        var axes: [Axis] = []
        var origin: [String: String] = [:]
        for ref in references {
            guard let binding = bound[ref.name] else { continue }
            for axis in Self.remaining(binding.axes, ref.selected) {
                if let existing = axes.first(where: { $0.name == axis.name }) {
                    if existing.values != axis.values {
                        report(Diagnostic(
                            file: file, range: ref.range, identifier: "misaligned-axes",
                            summary: CheckerMessages.misalignedAxis(
                                axis.name, of: ref.name, values: CheckerMessages.describe(axis.values),
                                other: origin[axis.name] ?? "?", otherValues: CheckerMessages.describe(existing.values))))
                    }
                } else {
                    axes.append(axis)
                    origin[axis.name] = ref.name
                }
            }
        }
        for option in sweeps {
            guard let values = option.sweep else { continue }
            if let from = origin[option.name] {
                report(Diagnostic(
                    file: file, range: option.range ?? statement.range, identifier: "axis-already-present",
                    summary: CheckerMessages.axisAlreadyPresent(option.name, from: from)))
                continue
            }
            axes.append(Axis(name: option.name, values: values))
            origin[option.name] = CheckerMessages.thisStatement
        }
        if let replicates, case .integer(let count)? = replicates.value {
            if let from = origin[Axis.seedName] {
                report(Diagnostic(
                    file: file, range: replicates.range ?? statement.range, identifier: "seeds-already-present",
                    summary: CheckerMessages.seedsAlreadyPresent(from: from)))
            } else if statement.command.map({ cmd in cmd.options.contains { $0.name == "seed" } }) == true {
                report(Diagnostic(
                    file: file, range: replicates.range ?? statement.range, identifier: "seed-and-seeds",
                    summary: CheckerMessages.seedAndSeeds))
            } else {
                axes.append(.seeds(count))
            }
        }
        let size = axes.reduce(1) { $0 * $1.values.count }
        if size > Self.maximumFamilySize {
            report(Diagnostic(
                file: file, range: statement.command?.range ?? statement.range, identifier: "family-too-large",
                summary: CheckerMessages.familyTooLarge(size, axes: CheckerMessages.describe(axes), limit: Self.maximumFamilySize)))
        }
        return axes
    }

    /// Options that name an axis must name one of the first subject's.
    mutating func checkAxisOptions(
        _ options: [CheckedOption], signature: CommandSignature, references: [(name: String, range: SourceRange, selected: [Coordinate])]
    ) {
        guard let first = references.first, let binding = bound[first.name] else { return }
        let names = Self.remaining(binding.axes, first.selected).map(\.name)
        // Two axis options of one statement (`rows=`, `columns=`) must name different axes.
        var named: [String: String] = [:]
        var nameTwice = false
        for option in options where signature.option(named: option.name)?.type == .axis {
            guard case .word(let axis)? = option.value else { continue }
            if let other = named[axis] {
                nameTwice = true
                report(Diagnostic(
                    file: file, range: option.valueRange ?? first.range, identifier: "same-axis-twice",
                    summary: CheckerMessages.sameAxisTwice(axis, options: other, option.name)))
            }
            named[axis] = option.name
        }
        for option in options {
            guard signature.option(named: option.name)?.type == .axis, case .word(let name)? = option.value,
                !names.contains(name)
            else { continue }
            let suggestion = Suggestions.closest(to: name, among: names)
            report(Diagnostic(
                file: file, range: option.valueRange ?? first.range, identifier: "unknown-axis",
                summary: CheckerMessages.unknownAxis(name, of: first.name, axes: names),
                fixIts: suggestion.map { [Diagnostic.FixIt(range: option.valueRange ?? first.range, replacement: $0)] } ?? []))
        }
        // Tables and heat maps average what they do not show: over seeds only.
        if signature.averagesOverSeedsOnly, !nameTwice, named.keys.allSatisfy(names.contains),
            let extra = names.first(where: { $0 != Axis.seedName && named[$0] == nil })
        {
            report(Diagnostic(
                file: file, range: first.range, identifier: "extra-axis",
                summary: CheckerMessages.extraAxis(extra, command: signature.name, evaluation: first.name)))
        }
    }

    /// A family's axes once some are selected (`hits[epsilon=0.5]` keeps only `seed`).
    static func remaining(_ axes: [Axis], _ selected: [Coordinate]) -> [Axis] {
        axes.filter { axis in !selected.contains { $0.axis == axis.name } }
    }
}
