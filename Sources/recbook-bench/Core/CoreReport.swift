/// The Markdown tables of a `core` run.
struct CoreReport {
    var results: [CoreSizeResult]

    var markdown: String {
        var out: [String] = []
        out.append("## Datasets\n")
        out.append(markdownTable(
            ["size", "data", "users × items", "training pairs", "load/generate", "repeats"],
            results.map {
                [$0.size.rawValue, $0.origin, "\(grouped($0.users)) × \(grouped($0.items))", grouped($0.trainingPairs),
                 duration($0.loadSeconds), String($0.epochs)]
            }))
        out.append("\n## Training (one thread; median (min) per epoch)\n")
        out.append(markdownTable(
            ["size", "BPR Adagrad epoch", "ns / pair", "sgdPerSample epoch", "ns / pair", "APR per-batch epoch", "APR / BPR"],
            results.map { r in
                let bprNs = r.bprAdagradEpoch.scaled(by: 1e9 / Double(max(r.bprAdagradPairs, 1)))
                let sgdNs = r.sgdPerSampleEpoch.scaled(by: 1e9 / Double(max(r.sgdPerSamplePairs, 1)))
                return [
                    r.size.rawValue, medianAndMin(r.bprAdagradEpoch), fixed(bprNs.median, 1),
                    medianAndMin(r.sgdPerSampleEpoch), fixed(sgdNs.median, 1),
                    medianAndMin(r.aprPerBatchEpoch), fixed(r.aprPerBatchEpoch.median / r.bprAdagradEpoch.median, 2) + "×",
                ]
            }))
        out.append("\n## Per-sample SGD on a block grid (median (min) per epoch)\n")
        var blockedRows: [[String]] = []
        for r in results {
            for t in r.perThreads {
                blockedRows.append([
                    r.size.rawValue, "\(r.sgdBlocks)×\(r.sgdBlocks)", String(t.threads), medianAndMin(t.sgdBlockedEpoch),
                    fixed(r.sgdPerSampleEpoch.median / t.sgdBlockedEpoch.median, 2) + "×",
                ])
            }
        }
        out.append(markdownTable(["size", "blocks", "threads", "epoch", "speed-up over one order, one thread"], blockedRows))
        out.append("\nWhat the per-sample models learnt in the same epochs (test set, seed 1):\n")
        out.append(markdownTable(
            ["size", "one order HR@100", "one order AUC", "block grid HR@100", "block grid AUC"],
            results.map {
                [$0.size.rawValue, fixed($0.sgdPerSampleQuality.hr100, 4), fixed($0.sgdPerSampleQuality.auc, 4),
                 $0.sgdBlockedQuality.map { fixed($0.hr100, 4) } ?? "n/a", $0.sgdBlockedQuality.map { fixed($0.auc, 4) } ?? "n/a"]
            }))
        out.append("\n## Attack and evaluation (median (min))\n")
        var rows: [[String]] = []
        for r in results {
            for t in r.perThreads {
                rows.append([
                    r.size.rawValue, String(t.threads), t.aprSeedEpoch.map(medianAndMin) ?? "n/a",
                    medianAndMin(t.fgsm), medianAndMin(t.evaluation), medianAndMin(t.product),
                    fixed(t.evaluation.median / t.product.median, 2) + "×",
                ])
            }
        }
        out.append(markdownTable(
            ["size", "threads", "APR seed-variant epoch", "FGSM ε 0.5", "evaluation HR/nDCG/AUC@100", "cblas_sgemm P·Qᵀ", "evaluation / product"],
            rows))
        out.append("\n## Peak memory (each size in its own process, ru_maxrss)\n")
        out.append(markdownTable(
            ["size", "peak RSS", "of which the reference product's buffer"],
            results.map {
                [$0.size.rawValue, memory($0.peakResidentBytes),
                 memory($0.referenceBufferBytes) + ($0.referenceTiled ? " (1,024-user tiles)" : " (whole product)")]
            }))
        out.append("""

            Notes: training epochs come from the trainer's own per-epoch timing (`EpochRecord.seconds`).
            The APR per-batch epochs continue the Adagrad model; the seed variant runs one epoch,
            on ML-500 only (it recomputes a full-data FGSM before every batch). The reference
            product uses OpenBLAS with the given thread count; recbook's evaluation keeps OpenBLAS
            single-threaded and runs 256-user blocks on its own threads.
            """)
        return out.joined(separator: "\n")
    }
}
