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
            case .statement(let heading): "statement \(heading.line): \(heading.source)"
            case .notice: "notice"
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
        // Nothing from the training; the evaluation of the model it bound shows as usual, under
        // a heading naming its statement (the cell has two).
        #expect(Self.kinds(result.cells[3].outputs).prefix(2) == ["statement 15: e = evaluate silent k=[5]", "text"])
        #expect(result.figures(ofCell: 3)["AUC"] != nil)
        // The same derivation: `output=` changes nothing computed.
        #expect(result.figures(ofCell: 1)["Final loss per pair"] == result.figures(ofCell: 2)["Final loss per pair"])
    }

    @Test func everyStatementOfACellNamesItsOutputs() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)   # data
            b = train bprmf data factors=8 epochs=2 \\
                batch=32
            a = adv-train b epochs=1
            ```
            """)
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
        let kinds = Self.kinds(result.cells[0].outputs)
        #expect(kinds.filter { $0.hasPrefix("statement") } == [
            "statement 2: data = load synthetic users=40 items=60 per-user=10",
            "statement 3: b = train bprmf data factors=8 epochs=2 …",
            "statement 5: a = adv-train b epochs=1",
        ])
        // The APR model counts every epoch; the time is that of the new one.
        let figures = result.cells[0].outputs.compactMap { output -> [String]? in
            if case .figures(let f) = output { f.map(\.label) } else { nil }
        }
        #expect(figures.last == ["Epochs trained", "Epochs in this statement", "Final loss per pair", "Time of these epochs"])
        let charts = result.cells[0].outputs.compactMap { output -> String? in
            if case .chart(let c) = output { c.title } else { nil }
        }
        #expect(charts == ["Training loss of “b”", "Training loss of “a”, BPR then APR"])
    }
}
