import NotebookDocument
import RecbookResults
import Testing
@testable import RecbookRuntime

/// `train itemknn|ease|ials` in running notebooks: evaluation, recommendations, export, attack.
@Suite struct BaselineNotebookTests {
    /// Larger than `tinyData` (200 test items) so that AUC separates a model from chance.
    static let data = "data = load synthetic users=200 items=100 per-user=15"

    static func notebook(_ train: String, _ more: String = "") -> String {
        """
        ```recbook
        \(data)
        m = \(train)
        e = evaluate m k=[5, 10]
        recommend m user="1" n=3
        export m to="m" n=4
        \(more)
        ```
        """
    }

    @Test(arguments: [
        "train itemknn data neighbours=20 shrink=1",
        "train ease data lambda=20",
        "train ials data factors=8 iterations=3",
    ])
    func aBaselineTrainsEvaluatesRecommendsAndExports(train: String) throws {
        let output = temporaryDirectory()
        let result = try runNotebook(Self.notebook(train), output: output)
        #expect(result.cells[0].status == .succeeded, "\(String(describing: result.cells[0].error))")
        let figures = result.figures(ofCell: 0)
        // The synthetic data has popular items and user tastes: a trained baseline ranks
        // held-out items above random ones (AUC 0.5 would be chance).
        let auc = try #require(figures["AUC"])
        // Random scores give 0.49–0.51 on this set.
        #expect(auc > 0.62, "AUC \(auc)")
        #expect(figures["HR@10"] != nil)
        let rows = try readFile(output + "/m/recommendations.tsv").split(separator: "\n")
        #expect(rows.count == 200 * 4)
        let hasEmbeddings = train.contains("ials")
        #expect(fileExists(output + "/m/user_factors.npy") == hasEmbeddings)
        #expect(fileExists(output + "/m/item_factors.npy") == hasEmbeddings)
    }

    @Test func easeRefusesTooManyItemsAtTheDataset() throws {
        let result = try runNotebook("""
            ```recbook
            data = load synthetic users=3 items=12001 per-user=4
            m = train ease data
            ```
            """)
        let error = try #require(result.cells[0].error)
        #expect(error.message == "EASE needs dense 12001 × 12001 item matrices (about 1.6 GiB); it is limited to 12000 items")
        #expect(error.location == SourceLocation(line: 3, column: 16))
    }

    @Test func anIALSModelCanBeAttacked() throws {
        let result = try runNotebook(Self.notebook("train ials data factors=8 iterations=3", """
            hit = attack fgsm m epsilon=1
            broken = evaluate hit k=[5, 10]
            """), output: temporaryDirectory())
        #expect(result.cells[0].status == .succeeded, "\(String(describing: result.cells[0].error))")
        let tables = result.tables(ofCell: 0).filter { $0.title?.hasSuffix("at every cut-off") == true }
        #expect(tables.count == 2)
        #expect(tables.first?.rows != tables.last?.rows, "FGSM with ε = 1 should change the metrics")
    }

    @Test func iALSIsTheSameOnOneAndThreeThreads() throws {
        let source = """
            ```recbook
            \(tinyData)
            m = train ials data factors=8 iterations=2
            e = evaluate m k=[5]
            ```
            """
        let one = try runNotebook(source, threads: 1), three = try runNotebook(source, threads: 3)
        func numbers(_ r: RunResult) -> [String: Double] { r.figures(ofCell: 0).filter { !$0.key.contains("time") } }
        #expect(numbers(one) == numbers(three))
        #expect(numbers(one)["Final objective"] != nil)
    }
}
