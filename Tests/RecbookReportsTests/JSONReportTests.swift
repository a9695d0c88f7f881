import Testing
import FoundationEssentials
import RecbookResults
@testable import RecbookReports

@Suite struct JSONReportTests {
    let text: String

    init() throws {
        text = try JSONReportRenderer().render(notebook: try SampleRun.notebook(), result: SampleRun.result())
    }

    @Test func roundTripsThroughJSONDecoder() throws {
        let report = try JSONDecoder().decode(JSONReport.self, from: Data(text.utf8))
        #expect(report.schemaVersion == 1)
        #expect(report.status == "failed")
        #expect(report.title == "Adversarial <training> & \"robustness\"")
        #expect(report.manifest.seed == 42)
        #expect(report.manifest.dataFiles.first?.bytes == 1_234_567)
        #expect(report.cells.map(\.status) == ["succeeded", "succeeded", "failed", "not-run"])
        #expect(report.cells.map(\.seconds) == [1.25, 0.012, 0.003, 0])
        #expect(report.cells[0].range == .init(start: .init(line: 21, column: 1), end: .init(line: 24, column: 4)))
        #expect(report.cells[3].source == "apr = adv-train bpr")

        let table = try #require(report.cells[1].outputs.first { $0.type == "table" })
        #expect(table.rows?[0] == [.string("bpr"), .number(0.276), .number(0.0656), .number(0.8229), .string("<script>x</script>")])
        #expect(table.rows?[1] == [.string("apr"), .null, .null, .number(73371), .string("a | b")])
        #expect(table.displayRows?[1][3] == "73,371")
        let figures = try #require(report.cells[1].outputs.first { $0.type == "figures" }?.figures)
        #expect(figures.map(\.value) == [0.276, 500])
        #expect(figures.map(\.display) == ["0.2760", "500"])
        let chart = try #require(report.cells[0].outputs.first { $0.type == "chart" }?.chart)
        #expect(chart.kind == "line")
        #expect(chart.series[0].y == [0.6931, 0.52, 0.41, 0.35, 0.31])

        let error = try #require(report.cells[2].error)
        #expect(error.line == 34 && error.column == 15)
        #expect(error.headline == "tutorial.md:34:15: error: unknown value 'broken'")
        #expect(error.identifier == "data-unreadable")
        #expect(report.cells[3].error == nil)
    }

    @Test func numbersAreNumbersNotStrings() {
        #expect(text.contains("\"value\" : 0.276"))
        #expect(text.contains("\"schemaVersion\" : 1"))
        #expect(text.contains("\"seconds\" : 1.25"))
        #expect(!text.contains("\"0.276\""))
        // NaN appears only as display text, never as a bare (invalid) JSON number.
        #expect(text.ranges(of: "NaN").count == 1)
        #expect(text.ranges(of: "\"NaN\"").count == 1)
    }

    /// Equal results give byte-identical files because every object's keys are sorted: checked
    /// here on the text itself, sibling by sibling at every depth of the pretty-printed output.
    @Test func keysAreSortedInEveryObject() throws {
        var levels: [(indent: Int, keys: [String])] = []
        var checkedObjects = 0
        func close(deeperThan indent: Int) {
            while let last = levels.last, last.indent > indent {
                #expect(last.keys == last.keys.sorted(), "keys out of order: \(last.keys)")
                checkedObjects += 1
                levels.removeLast()
            }
        }
        for line in text.split(separator: "\n") {
            let indent = line.prefix { $0 == " " }.count
            let body = line.dropFirst(indent)
            guard body.hasPrefix("\""), let end = body.dropFirst().firstIndex(of: "\""),
                body[body.index(after: end)...].hasPrefix(" :")
            else {
                if body.hasPrefix("}") { close(deeperThan: indent) }
                continue
            }
            close(deeperThan: indent)
            let key = String(body[body.index(after: body.startIndex)..<end])
            if levels.last?.indent == indent { levels[levels.count - 1].keys.append(key) } else { levels.append((indent, [key])) }
        }
        close(deeperThan: -1)
        #expect(checkedObjects > 10)
    }
}

@Suite struct JSONStatementRecordTests {
    @Test func eachStatementSaysHowManyOfItsElementsStartedEarly() throws {
        var result = SampleRun.result()
        var early = StatementRecord(line: 22, source: .computed, seconds: 0.25)
        early.elementsStartedEarly = 3
        result.cells[0].statements = [StatementRecord(line: 21, source: .uncached, seconds: 0.5), early]
        let text = try JSONReportRenderer().render(notebook: try SampleRun.notebook(), result: result)
        let report = try JSONDecoder().decode(JSONReport.self, from: Data(text.utf8))
        let statements = try #require(report.cells[0].statements)
        #expect(statements.map(\.elementsStartedEarly) == [nil, 3])
        // Left out, not null, when none started early.
        #expect(text.ranges(of: "elementsStartedEarly").count == 1)
    }
}
