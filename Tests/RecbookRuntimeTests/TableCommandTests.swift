import RecbookResults
import Testing
@testable import RecbookRuntime

/// `table`: a pivot of seed means with their t intervals, against the per-element values.
@Suite struct TableCommandTests {
    static let notebook = """
        ```recbook
        \(tinyData)
        b = train bprmf data factors=8 epochs=2 batch=32 seeds=3
        h = attack fgsm b epsilon=sweep[0.1, 1]
        r = attack random b epsilon=sweep[0.1, 1]
        eh = evaluate h k=[5]
        er = evaluate r k=[5]
        table eh er rows=epsilon metric=auc
        table eh rows=epsilon columns=seed metric=hr k=5 title="by seed"
        ```
        """

    @Test func cellsAreSeedMeansWithTheirInterval() throws {
        let result = try runNotebook(Self.notebook)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let tables = result.tables(ofCell: 0)
        // Per-element AUC of `eh` (columns: seed, epsilon, HR@5, nDCG@5, AUC), in row-major order:
        // the seed axis comes from `b`, then the sweep, so epsilon varies fastest.
        let each = try #require(tables.first { $0.title == "“eh” for each element" })
        let auc = each.rows.compactMap { FamilyTests.number($0[4]) }
        try #require(auc.count == 6)
        let pivot = try #require(tables.first { $0.title == "AUC: mean and 95 % Student t interval over 3 seeds" })
        #expect(pivot.columns == ["epsilon", "eh", "er"])
        #expect(pivot.rows.map { $0[0].displayText } == ["0.1", "1"])
        // Mean ± t(0.975, 2) · sd / √3 with t(0.975, 2) = 4.302653 from a t table.
        for (row, values) in [(0, [auc[0], auc[2], auc[4]]), (1, [auc[1], auc[3], auc[5]])] {
            let mean = values.reduce(0, +) / 3
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
            let half = 4.302653 * sd / 3.0.squareRoot()
            let f = NumberFormat.fixed(4)
            #expect(pivot.rows[row][1].displayText == "\(f.format(mean)) (\(f.format(mean - half)) – \(f.format(mean + half)))")
        }
    }

    @Test func anAxisAcrossTheTopGivesSingleRuns() throws {
        let result = try runNotebook(Self.notebook)
        let tables = result.tables(ofCell: 0)
        let each = try #require(tables.first { $0.title == "“eh” for each element" })
        let pivot = try #require(tables.first { $0.title == "by seed" })
        #expect(pivot.columns == ["epsilon", "seed = 1", "seed = 2", "seed = 3"])
        // With the seed axis as columns nothing is averaged: each cell is one element's HR@5.
        // Row epsilon = 1, column seed = 2: element (seed 2, epsilon 1), the fourth in row-major order.
        #expect(pivot.rows[1][2].displayText == each.rows[3][2].displayText)
        #expect(each.rows[3][0].displayText == "2" && each.rows[3][1].displayText == "1")
    }
}
