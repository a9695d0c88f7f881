import NotebookDocument

/// Citations in prose (docs/language.md, "Numbers in prose"): each is resolved against the
/// whole notebook's values before anything runs.
extension Checker {
    mutating func checkCitations(in notebook: Notebook) -> [CheckedCitation] {
        var checked: [CheckedCitation] = []
        for block in notebook.blocks {
            guard case .prose(let prose) = block else { continue }
            for citation in prose.citations {
                let (syntax, problem) = CitationParser.parse(citation, file: file)
                if let problem { report(problem) }
                if let syntax, let resolved = checkCitation(syntax, citation) { checked.append(resolved) }
            }
        }
        return checked
    }

    private mutating func checkCitation(_ syntax: CitationSyntax, _ citation: InlineCitation) -> CheckedCitation? {
        if citesDetection(syntax) {
            if let range = syntax.groupRange ?? syntax.baselineGroupRange {
                report(Diagnostic(file: file, range: range, identifier: "no-activity-groups", summary: CitationMessages.groupOfDetection()))
            }
            return checkDetectionCitation(syntax, citation)
        }
        let vocabulary = catalogue.citations
        let errorsBefore = diagnostics.count
        guard let metric = vocabulary.metrics.first(where: { $0.name == syntax.metric }) else {
            let names = vocabulary.metrics.map(\.name)
            let suggestion = Suggestions.closest(to: syntax.metric, among: names)
            report(Diagnostic(
                file: file, range: syntax.metricRange, identifier: "unknown-metric",
                summary: CitationMessages.unknownMetric(syntax.metric, known: names),
                fixIts: suggestion.map { [Diagnostic.FixIt(range: syntax.metricRange, replacement: $0)] } ?? []))
            return nil
        }
        if !metric.usesCutoff, let range = syntax.cutoffRange {
            report(Diagnostic(file: file, range: range, identifier: "metric-without-cutoff", summary: CitationMessages.noCutoff(metric.name)))
        }
        let subject = evaluation(syntax.subject, metric: metric, cutoff: syntax.cutoff, cutoffRange: syntax.cutoffRange)
        var baseline: (value: Value, axes: [Axis], cutoff: Int?)?
        var exactSide: String?
        if let baselineSyntax = syntax.baseline {
            baseline = evaluation(baselineSyntax, metric: metric, cutoff: syntax.cutoff ?? subject?.cutoff, cutoffRange: syntax.cutoffRange)
            if let subject, let baseline, subject.axes != baseline.axes {
                // A deterministic model's single evaluation is exact: it may stand against seeds.
                if baseline.axes.isEmpty, let name = deterministicEvaluation(baseline.value) {
                    exactSide = name
                } else if subject.axes.isEmpty, let name = deterministicEvaluation(subject.value) {
                    exactSide = name
                } else {
                    report(Diagnostic(
                        file: file, range: baselineSyntax.range, identifier: "misaligned-axes",
                        summary: CitationMessages.unpaired(
                            syntax.subject.text, CheckerMessages.describe(subject.axes), baseline: baselineSyntax.text, CheckerMessages.describe(baseline.axes))))
                }
            }
        }
        let groups = checkGroups(syntax, metric: metric)
        let overSeeds = subject?.axes.isEmpty == false || (exactSide != nil && baseline?.axes.isEmpty == false)
        let part = checkPart(syntax, overSeeds: overSeeds)
        guard diagnostics.count == errorsBefore, let subject else { return nil }
        let label = metric.displayName + (subject.cutoff.map { "@\($0)" } ?? "")
        return CheckedCitation(
            literal: citation.literal, range: citation.range,
            quantity: syntax.comparison.map { $0 == .difference ? .difference : .relativeChange } ?? .value,
            subject: subject.value, baseline: baseline?.value, metric: metric.name, cutoff: subject.cutoff,
            part: part, overSeeds: overSeeds, exactSide: exactSide, metricLabel: label,
            group: groups.subject, baselineGroup: groups.baseline)
    }

    /// The activity quartiles (`in qN`) of the two sides: a written number must be one of the
    /// four, the metric must have a value per user, and each side measured over a quartile must
    /// be an evaluation that cut its users into them (`groups=activity`). A baseline without its
    /// own `in` takes the subject's.
    private mutating func checkGroups(_ syntax: CitationSyntax, metric: CitableMetric) -> (subject: Int?, baseline: Int?) {
        let written = [(syntax.group, syntax.groupRange), (syntax.baselineGroup, syntax.baselineGroupRange)]
            .compactMap { group, range in group.flatMap { g in range.map { (g, $0) } } }
        guard let first = written.first else { return (nil, nil) }
        for (group, range) in written where !(1...CitationVocabulary.groupCount).contains(group) {
            report(Diagnostic(file: file, range: range, identifier: "unknown-activity-group", summary: CitationMessages.unknownGroup(group)))
        }
        if !metric.hasUserValues {
            report(Diagnostic(
                file: file, range: first.1, identifier: "metric-without-user-values", summary: CitationMessages.groupWithoutUserValues(metric.name)))
        }
        let baselineGroup = syntax.baseline == nil ? nil : syntax.baselineGroup ?? syntax.group
        if syntax.group != nil { requireActivityGroups(syntax.subject) }
        if let baseline = syntax.baseline, baselineGroup != nil { requireActivityGroups(baseline) }
        return (syntax.group, baselineGroup)
    }

    private mutating func requireActivityGroups(_ syntax: ValueSyntax) {
        let vocabulary = catalogue.citations
        guard let name = syntax.referencedName, let statement = boundStatements[name], statement.resultType?.kind == .evaluation else { return }
        if case .word(vocabulary.groupsWord)? = statement.option(vocabulary.groupsOption).value { return }
        report(Diagnostic(
            file: file, range: syntax.range, identifier: "no-activity-groups",
            summary: CitationMessages.noGroups(name, option: vocabulary.groupsOption, word: vocabulary.groupsWord)))
    }

    /// The name of the evaluation `value` cites when it measures a model of a deterministic
    /// family (`mostpop`, `itemknn`, `ease`: the same data give the same model), else nil.
    private func deterministicEvaluation(_ value: Value) -> String? {
        guard let (name, _) = value.referencedName, let statement = boundStatements[name], statement.command == "evaluate",
            let model = statement.subjects.first?.value?.referencedName?.name, let family = bound[model]?.type.family,
            [ModelFamily.mostpop, .itemknn, .ease].contains(family)
        else { return nil }
        return name
    }

    /// A `k=` that reads evaluations (`compare`, `plot`, `table`, `heatmap`) must be a cut-off
    /// each of them computed.
    mutating func checkCutoffOptions(
        _ options: [CheckedOption], signature: CommandSignature, references: [(name: String, range: SourceRange, selected: [Coordinate])]
    ) {
        for option in options {
            guard signature.option(named: option.name)?.type == .cutoff, case .integer(let k)? = option.value else { continue }
            for reference in references {
                guard let statement = boundStatements[reference.name], statement.resultType?.kind == .evaluation,
                    let cutoffs = statement.option(catalogue.citations.cutoffsOption).ints, !cutoffs.contains(k)
                else { continue }
                report(Diagnostic(
                    file: file, range: option.valueRange ?? reference.range, identifier: "cutoff-not-computed",
                    summary: CitationMessages.cutoffNotComputed(k, evaluation: reference.name, computed: cutoffs)))
                break
            }
        }
    }

    /// Resolves one cited evaluation: its value, the axes left (at most `seed`), and the cut-off.
    private mutating func evaluation(
        _ syntax: ValueSyntax, metric: CitableMetric, cutoff: Int?, cutoffRange: SourceRange?
    ) -> (value: Value, axes: [Axis], cutoff: Int?)? {
        guard let (value, name, axes) = citedValue(syntax, kind: .evaluation) else { return nil }
        let vocabulary = catalogue.citations
        let statement = boundStatements[name]
        let metrics = statement?.option(vocabulary.metricsOption).words ?? []
        guard metrics.contains(metric.name) else {
            report(Diagnostic(
                file: file, range: syntax.range, identifier: "metric-not-computed",
                summary: CitationMessages.notComputed(metric.name, evaluation: name, computed: metrics)))
            return nil
        }
        guard metric.usesCutoff else { return (value, axes, nil) }
        let cutoffs = statement?.option(vocabulary.cutoffsOption).ints ?? []
        guard let k = cutoff ?? cutoffs.max() else { return nil }
        guard cutoffs.contains(k) else {
            report(Diagnostic(
                file: file, range: cutoffRange ?? syntax.range, identifier: "cutoff-not-computed",
                summary: CitationMessages.cutoffNotComputed(k, evaluation: name, computed: cutoffs)))
            return nil
        }
        return (value, axes, k)
    }

    /// The part of the figure a citation shows (`| ci`): a known word, and one that needs seeds
    /// only when the cited values run over seeds.
    mutating func checkPart(_ syntax: CitationSyntax, overSeeds: Bool) -> CheckedCitation.Part {
        guard let written = syntax.part, let range = syntax.partRange else { return .full }
        guard let known = CheckedCitation.Part(rawValue: written), known != .full else {
            let names = CheckedCitation.Part.allCases.filter { $0 != .full }.map(\.rawValue)
            report(Diagnostic(
                file: file, range: range, identifier: "unknown-citation-part", summary: CitationMessages.unknownPart(written),
                fixIts: Suggestions.closest(to: written, among: names).map { [Diagnostic.FixIt(range: range, replacement: $0)] } ?? []))
            return .full
        }
        if !overSeeds, [.ci, .low, .high, .sd].contains(known) {
            report(Diagnostic(
                file: file, range: range, identifier: "part-needs-seeds",
                summary: CitationMessages.partNeedsSeeds(written, syntax.subject.text)))
        }
        return known
    }

    /// A cited value of `kind`: its name and the axes left, which may only be `seed`.
    mutating func citedValue(_ syntax: ValueSyntax, kind: ValueKind) -> (value: Value, name: String, axes: [Axis])? {
        let context = ValueContext(command: "=", option: nil, placeholder: nil, subjectPhrase: CitationMessages.citationSubject)
        guard let value = checkValue(syntax, type: .reference(ReferenceRequirement(kind: kind)), bounds: nil, context: context)?.value,
            let (name, selection) = value.referencedName, let binding = bound[name]
        else { return nil }
        let axes = Self.remaining(binding.axes, selection)
        let unselected = axes.filter { $0.name != Axis.seedName }
        if !unselected.isEmpty {
            let example = name + "[" + unselected.map { "\($0.name)=\($0.values.first?.description ?? "")" }.joined(separator: ", ") + "]"
            report(Diagnostic(
                file: file, range: syntax.range, identifier: "unselected-axes",
                summary: CitationMessages.unselectedAxes(name, axes: CheckerMessages.describe(unselected), example: example)))
            return nil
        }
        return (value, name, axes)
    }
}
