import RecbookResults
import Testing
@testable import RecbookRuntime

/// `output=` decides what a statement shows, never what it computes.
@Suite struct OutputControlTests {
    static func kinds(_ outputs: [CellOutput]) -> [String] {
        outputs.map { output in
            switch output {
            case .text: "text"
            case .table: "table"
            case .chart: "chart"
            case .figures: "figures"
            }
        }
    }

    @Test func summaryKeepsFiguresAndTablesAndNoneShowsNothing() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            ```

            ```recbook
            \(tinyTrain)
            ```

            ```recbook
            quiet = train bprmf data factors=8 epochs=2 batch=32 output=summary
            ```

            ```recbook
            silent = train bprmf data factors=8 epochs=2 batch=32 output=none
            e = evaluate silent k=[5]
            ```
            """)
        #expect(result.succeeded)
        // In full: the epoch log, the figures and the loss chart.
        #expect(Self.kinds(result.cells[1].outputs) == ["text", "figures", "chart"])
        #expect(Self.kinds(result.cells[2].outputs) == ["figures"])
        // Nothing from the training; the evaluation of the model it bound shows as usual.
        #expect(Self.kinds(result.cells[3].outputs).first == "text")
        #expect(result.figures(ofCell: 3)["AUC"] != nil)
        // The same derivation: `output=` changes nothing computed.
        #expect(result.figures(ofCell: 1)["Final loss per pair"] == result.figures(ofCell: 2)["Final loss per pair"])
    }
}
