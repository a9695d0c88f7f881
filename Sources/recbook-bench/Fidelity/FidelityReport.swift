import RecbookResults
/// The fidelity table (recbook beside the seed's TensorFlow figures) and the acceptance checks.
struct FidelityReport {
    var outcomes: [SeedOutcome]
    var variants: APRVariantChoice
    var synthetic: Bool

    typealias Figure = SeedReference.Figure

    /// One row: a label, recbook's per-seed values, and the reference (if any).
    private struct Row {
        var label: String
        var values: [Double]
        var reference: Figure?
        var digits: Int
    }

    private func values(_ pick: (SeedOutcome) -> Double?) -> [Double] { outcomes.compactMap(pick) }

    /// Relative HR@100 drop per seed: (clean − attacked) / clean.
    private func drops(_ clean: (SeedOutcome) -> SeedOutcome.Scores?, _ attacked: (SeedOutcome) -> SeedOutcome.Scores?) -> [Double] {
        outcomes.compactMap { o in
            guard let c = clean(o), let a = attacked(o), c.hr > 0 else { return nil }
            return (c.hr - a.hr) / c.hr
        }
    }

    var bprDrops: [Double] { drops({ $0.bpr }, { $0.bprFGSM }) }
    var aprSeedDrops: [Double] { drops({ $0.aprSeed }, { $0.aprSeedFGSM }) }
    var aprBatchDrops: [Double] { drops({ $0.aprBatch }, { $0.aprBatchFGSM }) }

    private var rows: [Row] {
        var rows: [Row] = [
            Row(label: "BPR HR@100", values: values { $0.bpr.hr }, reference: SeedReference.bprHR, digits: 4),
            Row(label: "BPR nDCG@100", values: values { $0.bpr.ndcg }, reference: SeedReference.bprNDCG, digits: 4),
            Row(label: "BPR AUC", values: values { $0.bpr.auc }, reference: SeedReference.bprAUC, digits: 4),
            Row(label: "BPR + FGSM HR@100", values: values { $0.bprFGSM.hr }, reference: SeedReference.bprFGSMHR, digits: 4),
            Row(label: "BPR + FGSM nDCG@100", values: values { $0.bprFGSM.ndcg }, reference: nil, digits: 4),
            Row(label: "BPR + FGSM AUC", values: values { $0.bprFGSM.auc }, reference: nil, digits: 4),
            Row(label: "BPR relative HR drop under FGSM", values: bprDrops.map { $0 * 100 },
                reference: Figure(mean: SeedReference.bprFGSMDrop * 100, range: nil), digits: 1),
        ]
        if variants.runsSeed {
            rows += [
                Row(label: "APR (seed variant) HR@100", values: values { $0.aprSeed?.hr }, reference: SeedReference.aprHR, digits: 4),
                Row(label: "APR (seed variant) nDCG@100", values: values { $0.aprSeed?.ndcg }, reference: nil, digits: 4),
                Row(label: "APR (seed variant) AUC", values: values { $0.aprSeed?.auc }, reference: nil, digits: 4),
                Row(label: "APR (seed variant) + FGSM HR@100", values: values { $0.aprSeedFGSM?.hr }, reference: SeedReference.aprFGSMHR, digits: 4),
                Row(label: "APR (seed variant) relative HR drop", values: aprSeedDrops.map { $0 * 100 },
                    reference: Figure(mean: SeedReference.aprFGSMDrop * 100, range: nil), digits: 1),
            ]
        }
        if variants.runsPerBatch {
            rows += [
                Row(label: "APR (per-batch) HR@100", values: values { $0.aprBatch?.hr }, reference: nil, digits: 4),
                Row(label: "APR (per-batch) nDCG@100", values: values { $0.aprBatch?.ndcg }, reference: nil, digits: 4),
                Row(label: "APR (per-batch) AUC", values: values { $0.aprBatch?.auc }, reference: nil, digits: 4),
                Row(label: "APR (per-batch) + FGSM HR@100", values: values { $0.aprBatchFGSM?.hr }, reference: nil, digits: 4),
                Row(label: "APR (per-batch) relative HR drop", values: aprBatchDrops.map { $0 * 100 }, reference: nil, digits: 1),
            ]
        }
        return rows
    }

    var markdown: String {
        var out: [String] = []
        let unit = { (row: Row) in row.label.contains("drop") ? " %" : "" }
        out.append(markdownTable(
            ["", "recbook mean", "recbook range", "seed (TF) mean", "seed (TF) range"],
            rows.map { row in
                let s = Samples(row.values)
                return [
                    row.label, fixed(s.mean, row.digits) + unit(row),
                    s.isEmpty ? "–" : fixed(s.minimum, row.digits) + "–" + fixed(s.maximum, row.digits) + unit(row),
                    row.reference.map { fixed($0.mean, row.digits) + unit(row) } ?? "–",
                    row.reference?.range.map { fixed($0.lowerBound, row.digits) + "–" + fixed($0.upperBound, row.digits) } ?? "–",
                ]
            }))
        out.append("\nReference: \(SeedReference.source). recbook: \(outcomes.count) seeds (1…\(outcomes.count)).\n")
        out.append("### Per seed\n")
        out.append(perSeedTable)
        out.append("\n### Acceptance checks\n")
        if synthetic {
            out.append("(Synthetic data: the ranges are the real data's, so the range checks only say how close the synthetic set comes; the two relative checks are the meaningful ones.)\n")
        }
        out.append(checks.map { "- \($0.passed ? "PASS" : "FAIL"): \($0.text)" }.joined(separator: "\n"))
        return out.joined(separator: "\n")
    }

    private var perSeedTable: String {
        var header = ["seed", "BPR HR", "BPR nDCG", "BPR AUC", "FGSM HR"]
        if variants.runsSeed { header += ["APR seed HR", "APR seed + FGSM HR"] }
        if variants.runsPerBatch { header += ["APR per-batch HR", "APR per-batch + FGSM HR"] }
        header.append("time")
        return markdownTable(header, outcomes.map { o in
            var row = [String(o.seed), fixed(o.bpr.hr, 3), fixed(o.bpr.ndcg, 4), fixed(o.bpr.auc, 4), fixed(o.bprFGSM.hr, 3)]
            if variants.runsSeed { row += [fixed(o.aprSeed?.hr ?? .nan, 3), fixed(o.aprSeedFGSM?.hr ?? .nan, 3)] }
            if variants.runsPerBatch { row += [fixed(o.aprBatch?.hr ?? .nan, 3), fixed(o.aprBatchFGSM?.hr ?? .nan, 3)] }
            row.append(duration(o.seconds))
            return row
        })
    }

    struct Check {
        var passed: Bool
        var text: String
    }

    var checks: [Check] {
        var checks: [Check] = []
        func inside(_ label: String, _ values: [Double], _ figure: Figure, _ digits: Int) {
            guard let range = figure.range, !values.isEmpty else { return }
            let mean = Samples(values).mean
            checks.append(Check(
                passed: range.contains(mean),
                text: "\(label) mean \(fixed(mean, digits)), must lie in the seed's range \(fixed(range.lowerBound, digits))–\(fixed(range.upperBound, digits))"))
        }
        inside("BPR HR@100", values { $0.bpr.hr }, SeedReference.bprHR, 4)
        inside("BPR nDCG@100", values { $0.bpr.ndcg }, SeedReference.bprNDCG, 4)
        inside("BPR AUC", values { $0.bpr.auc }, SeedReference.bprAUC, 4)
        inside("BPR + FGSM HR@100", values { $0.bprFGSM.hr }, SeedReference.bprFGSMHR, 4)
        if variants.runsSeed {
            inside("APR (seed variant) HR@100", values { $0.aprSeed?.hr }, SeedReference.aprHR, 4)
            inside("APR (seed variant) + FGSM HR@100", values { $0.aprSeedFGSM?.hr }, SeedReference.aprFGSMHR, 4)
        }
        let bprDrop = Samples(bprDrops).mean
        checks.append(Check(passed: bprDrop >= 0.10, text: "FGSM ε 0.5 cuts BPR's HR@100 by \(fixed(bprDrop * 100, 1)) % relative (≥ 10 % required)"))
        if variants.runsSeed {
            let drop = Samples(aprSeedDrops).mean
            checks.append(Check(passed: drop < bprDrop,
                text: "APR (seed variant) mean relative drop \(fixed(drop * 100, 1)) % < BPR's \(fixed(bprDrop * 100, 1)) %"))
        }
        if variants.runsPerBatch {
            let drop = Samples(aprBatchDrops).mean
            checks.append(Check(passed: drop < bprDrop,
                text: "APR (per-batch) mean relative drop \(fixed(drop * 100, 1)) % < BPR's \(fixed(bprDrop * 100, 1)) %"))
        }
        return checks
    }
}
