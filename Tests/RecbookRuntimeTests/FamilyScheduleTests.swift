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
        // elements that read element 0: if no worker ran ahead, it would give up after 60 s.
        let ranAhead = DispatchSemaphore(value: 0)
        let inputs = Locked<[Int: String]>([:])
        let elementOneEnded = Locked(false)
        let pointOneStartedEarly = Locked(false)
        let lookahead = Lookahead(
            statement: try! checkedStatement("e = evaluate b k=[5]"), reads: [0, 1, 0],
            run: { point, input in
                if point == 1 && !elementOneEnded.read({ $0 }) { pointOneStartedEarly.modify { $0 = true } }
                inputs.modify { $0[point] = input.map(\.derivation.text) ?? "none" }
                ranAhead.signal()
                return Self.result("ahead \(point)")
            })
        let waited = Locked(DispatchTimeoutResult.success)
        let (results, ahead) = FamilySchedule.run(count: 2, workers: 2, lookahead: lookahead) { index in
            if index == 1 {
                let first = ranAhead.wait(timeout: .now() + 60), second = ranAhead.wait(timeout: .now() + 60)
                waited.modify { $0 = first == .success && second == .success ? .success : .timedOut }
                elementOneEnded.modify { $0 = true }
            }
            return Self.result("own \(index)")
        }
        #expect(waited.read { $0 } == .success, "no worker ran the next statement's elements in the family's tail")
        #expect(results.map(Self.name) == ["own 0", "own 1"])
        // Points 0 and 2 read element 0, done early. Point 1 reads element 1: it may run only
        // once that has ended (a worker may still be running point 2 then, and take it).
        #expect(!pointOneStartedEarly.read { $0 }, "point 1 ran before the element it reads had ended")
        let seen = inputs.read { $0 }
        #expect(seen[0] == "own 0" && seen[2] == "own 0")
        #expect(seen[1] == nil || seen[1] == "own 1")
        #expect(Set(ahead.keys).isSuperset(of: [0, 2]))
        #expect(Self.name(ahead[2]) == "ahead 2")
    }

    @Test func elementsReadingNothingOfTheFamilyRunBeforeAnyOfItsElementsEnds() {
        // One element on two workers: the free one runs the next statement's elements, which
        // read nothing of the family, while that element waits for them.
        let inputs = Locked<[Int: String]>([:])
        let ranAhead = DispatchSemaphore(value: 0)
        let lookahead = Lookahead(
            statement: try! checkedStatement("e = evaluate b k=[5]"), reads: [nil, nil],
            run: { point, input in
                inputs.modify { $0[point] = input == nil ? "none" : "some" }
                ranAhead.signal()
                return Self.result("ahead \(point)")
            })
        let waited = Locked(DispatchTimeoutResult.success)
        let (results, ahead) = FamilySchedule.run(count: 1, workers: 2, lookahead: lookahead) { index in
            let first = ranAhead.wait(timeout: .now() + 60), second = ranAhead.wait(timeout: .now() + 60)
            waited.modify { $0 = first == .success && second == .success ? .success : .timedOut }
            return Self.result("own \(index)")
        }
        #expect(waited.read { $0 } == .success, "the next statement's elements did not run while the family's did")
        #expect(results.map(Self.name) == ["own 0"])
        #expect(inputs.read { $0 } == [0: "none", 1: "none"])
        #expect(ahead.keys.sorted() == [0, 1])
    }

    @Test func onceTheFamilyIsDoneFreeWorkersGoOnWithTheNextStatementWhileOneOfItsElementsRuns() {
        // Family: elements 0 and 1. Next statement: point 0 reads element 0, points 1 and 2
        // element 1. Point 0 runs early and waits until point 1 or 2 has run too: that can only
        // happen after the family is done, on the worker that would otherwise have stopped.
        let ranLate = DispatchSemaphore(value: 0)
        let firstAheadStarted = DispatchSemaphore(value: 0)
        let waited = Locked(DispatchTimeoutResult.success)
        let lookahead = Lookahead(
            statement: try! checkedStatement("e = evaluate b k=[5]"), reads: [0, 1, 1],
            run: { point, _ in
                if point == 0 {
                    firstAheadStarted.signal()
                    let late = ranLate.wait(timeout: .now() + 60)
                    waited.modify { $0 = late }
                } else {
                    ranLate.signal()
                }
                return Self.result("ahead \(point)")
            })
        let (results, ahead) = FamilySchedule.run(count: 2, workers: 2, lookahead: lookahead) { index in
            // Element 1 ends only once point 0 has started on the other worker.
            if index == 1 { _ = firstAheadStarted.wait(timeout: .now() + 60) }
            return Self.result("own \(index)")
        }
        #expect(waited.read { $0 } == .success, "a free worker stopped while another ran the next statement's element")
        #expect(results.map(Self.name) == ["own 0", "own 1"])
        #expect(ahead.keys.sorted() == [0, 1, 2])
    }

    @Test func afterAFailedElementNothingMoreRunsAhead() {
        // The next statement's elements read nothing of the family, so they could run at
        // once; but element 0 fails at once, and the statement with it: nothing runs ahead
        // while element 1 takes its time.
        let lookahead = Lookahead(
            statement: try! checkedStatement("e = evaluate b k=[5]"), reads: [nil, nil, nil],
            run: { point, _ in Self.result("ahead \(point)") })
        let (results, ahead) = FamilySchedule.run(count: 2, workers: 2, lookahead: lookahead) { index in
            guard index == 1 else { return .failure(RunFailure("test.failed", "failed")) }
            usleep(300_000)
            return Self.result("own 1")
        }
        if case .failure(let failure) = results[0] { #expect(failure.identifier == "test.failed") } else { Issue.record("the failure was lost") }
        #expect(Self.name(results[1]) == "own 1")
        #expect(ahead.isEmpty)
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

}

/// `line`, checked after a tiny dataset and model (the scheduler only carries it).
private func checkedStatement(_ line: String) throws -> CheckedStatement {
    let notebook = try NotebookParser.parse(path: "schedule.md", source: "```recbook\n\(tinyData)\nb = train bprmf data factors=8 epochs=1 batch=32\n\(line)\n```\n")
    guard case .success(let program) = Checker.check(notebook, overrides: [], catalogue: .standard),
        let statement = program.cells.first?.statements.last
    else { throw CheckFailed(headlines: ["does not check"]) }
    return statement
}
