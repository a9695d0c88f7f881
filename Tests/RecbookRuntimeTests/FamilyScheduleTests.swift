import Dispatch
import Foundation
import RecbookResults
import RecommenderKit
import NotebookDocument
import RecbookLanguage
import Testing
@testable import RecbookRuntime

/// The family scheduler: a worker with no element left to claim runs the next statement's
/// elements whose inputs are done, and only those, while the family's last element runs.
@Suite struct FamilyScheduleTests {
    /// A stand-in element result: a one-pair dataset, and a derivation that names the element.
    static func result(_ name: String) -> ElementResult {
        let dataset = Dataset(
            name: name, users: IDMap(rawIDs: ["u"]), items: IDMap(rawIDs: ["i"]),
            train: InteractionMatrix(userCount: 1, itemCount: 1, pairs: [(0, 0)]),
            test: InteractionMatrix(userCount: 1, itemCount: 1, pairs: []))
        return .success((CommandOutcome(value: .dataset(DatasetValue(dataset: dataset))), Derivation(text: name)))
    }

    static func name(_ result: ElementResult?) -> String? {
        if case .success(let (_, derivation))? = result { derivation.text } else { nil }
    }

    @Test func aFreeWorkerRunsTheReadyElementsOfTheNextStatementWhileTheLastOneRuns() {
        // Element 1 of the family does not end until the next statement has run both of its
        // elements that read element 0: if no worker ran ahead, it would give up after 20 s.
        let ranAhead = DispatchSemaphore(value: 0)
        let inputs = Locked<[Int: String]>([:])
        let lookahead = Lookahead(
            statement: try! checkedStatement("e = evaluate b k=[5]"), reads: [0, 1, 0],
            run: { point, input in
                inputs.modify { $0[point] = input.map(\.derivation.text) ?? "none" }
                ranAhead.signal()
                return Self.result("ahead \(point)")
            })
        let waited = Locked(DispatchTimeoutResult.success)
        let (results, ahead) = FamilySchedule.run(count: 2, workers: 2, lookahead: lookahead) { index in
            if index == 1 {
                let first = ranAhead.wait(timeout: .now() + 20), second = ranAhead.wait(timeout: .now() + 20)
                waited.modify { $0 = first == .success && second == .success ? .success : .timedOut }
            }
            return Self.result("own \(index)")
        }
        #expect(waited.read { $0 } == .success, "no worker ran the next statement's elements in the family's tail")
        #expect(results.map(Self.name) == ["own 0", "own 1"])
        // Points 0 and 2 read element 0, done early; point 1 reads element 1, still running.
        #expect(inputs.read { $0 } == [0: "own 0", 2: "own 0"])
        #expect(ahead.keys.sorted() == [0, 2])
        #expect(Self.name(ahead[2]) == "ahead 2")
    }

    @Test func elementsReadingNothingOfTheFamilyMayRunAtOnce() {
        // The next statement does not read the running one: its elements need no input.
        let inputs = Locked<[Int: String]>([:])
        let ranAhead = DispatchSemaphore(value: 0)
        let lookahead = Lookahead(
            statement: try! checkedStatement("e = evaluate b k=[5]"), reads: [nil, nil],
            run: { point, input in
                inputs.modify { $0[point] = input == nil ? "none" : "some" }
                ranAhead.signal()
                return Self.result("ahead \(point)")
            })
        let (_, ahead) = FamilySchedule.run(count: 2, workers: 2, lookahead: lookahead) { index in
            if index == 1 { _ = ranAhead.wait(timeout: .now() + 20) }
            return Self.result("own \(index)")
        }
        #expect(!ahead.isEmpty)
        #expect(inputs.read { $0 }.values.allSatisfy { $0 == "none" })
    }

    @Test func aHeadStartIsUsedAndNotRunAgain() {
        let ran = Locked<[Int]>([])
        let (results, ahead) = FamilySchedule.run(
            count: 4, done: [0: Self.result("early 0"), 2: Self.result("early 2")], workers: 2, lookahead: nil
        ) { index in
            ran.modify { $0.append(index) }
            return Self.result("own \(index)")
        }
        #expect(ran.read { $0 }.sorted() == [1, 3])
        #expect(results.map(Self.name) == ["early 0", "own 1", "early 2", "own 3"])
        #expect(ahead.isEmpty)
    }

    @Test func oneWorkerRunsNothingAhead() {
        let lookahead = Lookahead(
            statement: try! checkedStatement("e = evaluate b k=[5]"), reads: [0, 1],
            run: { point, _ in Self.result("ahead \(point)") })
        let (results, ahead) = FamilySchedule.run(count: 2, workers: 1, lookahead: lookahead) { Self.result("own \($0)") }
        #expect(results.map(Self.name) == ["own 0", "own 1"])
        #expect(ahead.isEmpty)
    }
}

/// `line`, checked after a tiny dataset and model (the scheduler only carries it).
private func checkedStatement(_ line: String) throws -> CheckedStatement {
    let notebook = try NotebookParser.parse(path: "schedule.md", source: "```recbook\n\(tinyData)\nb = train bprmf data factors=8 epochs=1 batch=32\n\(line)\n```\n")
    guard case .success(let program) = Checker.check(notebook, overrides: [], catalogue: .standard),
        let statement = program.cells.first?.statements.last
    else { throw CheckFailed(headlines: ["does not check"]) }
    return statement
}
