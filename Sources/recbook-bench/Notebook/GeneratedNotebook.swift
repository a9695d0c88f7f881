/// A synthetic notebook for timing the checker: `cells` cells, each a few statements, that
/// together use every command of the language (load, train, evaluate, attack, adv-train,
/// compare, stats, recommend, export) with parameters, lists and comments. It checks clean.
enum GeneratedNotebook {
    static func source(cells: Int) -> String {
        var lines = [
            "---",
            "title: Generated notebook for the checker benchmark",
            "seed: 7",
            "params:",
            "  data: \"Data/synthetic-500\"",
            "  epochs: 5",
            "  epsilon: 0.5",
            "---",
            "",
            "# Generated",
            "",
        ]
        for c in 0..<cells {
            lines.append("Cell \(c): prose between cells, with *emphasis* and `code`.")
            lines.append("")
            lines.append("```recbook")
            switch c % 4 {
            case 0:
                lines += [
                    "d\(c) = load $data   # the dataset",
                    "stats d\(c)",
                    "m\(c) = train bprmf d\(c) factors=64 lr=0.05 epochs=$epochs batch=512 optimizer=adagrad",
                    "e\(c) = evaluate m\(c) k=[10, 20, 100] metrics=[hr, ndcg, auc]",
                ]
            case 1:
                let p = c - 1
                lines += [
                    "a\(c) = attack fgsm m\(p) epsilon=$epsilon",
                    "ea\(c) = evaluate a\(c) k=[10, 100]",
                    "n\(c) = attack random m\(p) epsilon=$epsilon",
                    "en\(c) = evaluate n\(c) k=[10, 100]",
                    "compare e\(p) ea\(c) en\(c) test=wilcoxon k=100",
                ]
            case 2:
                let p = c - 2
                lines += [
                    "r\(c) = adv-train m\(p) epsilon=$epsilon alpha=1 epochs=1 variant=per-batch",
                    "er\(c) = evaluate r\(c) k=100",
                    "g\(c) = attack pgd r\(c) epsilon=0.5 steps=10",
                    "eg\(c) = evaluate g\(c)",
                    "compare er\(c) eg\(c)",
                ]
            default:
                let p = c - 3
                lines += [
                    "pop\(c) = train mostpop d\(p)",
                    "ep\(c) = evaluate pop\(c) k=[10, 100]",
                    "recommend m\(p) user=\"0\" n=10",
                    "export m\(p) to=\"out/m\(p)\" what=embeddings",
                    "compare e\(p) ep\(c)",
                ]
            }
            lines.append("```")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
