import NotebookDocument
import RecbookResults

/// A small hand-made notebook and run covering every output kind, a failed cell and a
/// cell that did not run. Line numbers in comments are the file's.
enum SampleRun {
    static let path = "tutorial.md"

    static let source = """
        ---
        title: Adversarial <training> & "robustness"
        author: Jane O'Doe
        date: 2024-03-28
        seed: 42
        params:
          epochs: 5
        ---
        # Adversarial training

        We train **BPR-MF** on ML-500, then attack it. See [the paper](https://example.org/apr).

        | metric | meaning |
        |---|---|
        | HR@K | hit ratio |

        ```python
        print("<script>alert('prose')</script>")
        ```

        ```recbook
        data = load "Data/movielens-500"   # <script>
        bpr = train bprmf on data epochs=5
        ```

        Now evaluate.

        ```recbook
        clean = evaluate bpr k=100
        ```

        ```recbook
        hit = attack fgsm bpr epsilon=0.5
        compare clean broken
        ```

        ```recbook
        apr = adv-train bpr
        ```

        """

    static func notebook() throws -> Notebook {
        try NotebookParser.parse(path: path, source: source)
    }

    static let lossChart = Chart(
        kind: .line, title: "Training loss", xLabel: "Epoch", yLabel: "BPR loss",
        series: [Chart.Series(name: "bpr", x: [1, 2, 3, 4, 5], y: [0.6931, 0.52, 0.41, 0.35, 0.31])])

    static let comparisonChart = Chart(
        kind: .bar, title: "Clean vs attacked", xLabel: "Metric", yLabel: "Value",
        categories: ["HR@100", "nDCG@100", "AUC"],
        series: [
            Chart.Series(name: "clean", x: [], y: [0.2760, 0.0656, 0.8229]),
            Chart.Series(name: "fgsm", x: [], y: [0.2200, 0.0514, 0.7935]),
        ])

    static let metricsTable = Table(
        title: "Evaluation <b>", columns: ["model", "HR@100", "nDCG@100", "AUC", "note"],
        rows: [
            [.text("bpr"), .number(0.2760, .fixed(4)), .number(0.0656, .fixed(4)), .number(0.8229, .fixed(4)), .text("<script>x</script>")],
            [.text("apr"), .number(.nan, .fixed(4)), .empty, .number(73371, .integer), .text("a | b")],
        ])

    static func result() -> RunResult {
        let manifest = RunManifest(
            recbookVersion: "0.1.0", seed: 42,
            parameters: [.init(name: "epochs", value: "5")], threads: 2,
            startedAt: "2024-03-28T10:00:00Z", totalSeconds: 1.5,
            dataFiles: [.init(path: "Data/movielens-500/trainingset.tsv", bytes: 1_234_567, sha256: String(repeating: "ab", count: 32))])
        let loc = { (l: Int, c: Int) in NotebookDocument.SourceLocation(line: l, column: c) }
        return RunResult(
            notebookPath: path, title: "ignored when front matter has one", author: nil, manifest: manifest,
            cells: [
                CellResult(index: 0, range: loc(21, 1)..<loc(24, 4), status: .succeeded, seconds: 1.25,
                           outputs: [.text("epoch 1 loss 0.6931\nepoch 5 loss 0.3100 <done>"), .chart(lossChart)]),
                CellResult(index: 1, range: loc(28, 1)..<loc(30, 4), status: .succeeded, seconds: 0.012,
                           outputs: [.figures([Figure(label: "HR@100", value: 0.2760), Figure(label: "Users", value: 500, format: .integer)]),
                                     .table(metricsTable), .chart(comparisonChart)]),
                CellResult(index: 2, range: loc(32, 1)..<loc(35, 4), status: .failed, seconds: 0.003, outputs: [],
                           error: RunError(file: path, location: loc(34, 15), identifier: "data-unreadable", message: "unknown value 'broken'")),
                CellResult(index: 3, range: loc(37, 1)..<loc(39, 4), status: .notRun, seconds: 0, outputs: []),
            ])
    }
}
