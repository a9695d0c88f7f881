import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NotebookDocument
import RecbookLanguage

/// One element's result, as a family statement collects them.
typealias ElementResult = Result<(CommandOutcome, Derivation), RunFailure>

/// The statement after a family, as far as its elements can start before the family ends:
/// each of its elements reads at most one element of the running family (`reads`), and
/// otherwise only values bound already.
struct Lookahead: Sendable {
    /// The next statement (as it will run: canonical when the run has a cache).
    var statement: CheckedStatement
    /// For each of its points, in row-major order, the index of the running family's element
    /// it reads; nil when it reads none (the next statement does not read the running one).
    var reads: [Int?]
    /// Runs its element at a point, given the running family's element that point reads.
    var run: @Sendable (_ point: Int, _ input: ValueFamily.Element?) -> ElementResult
}

/// Elements of a statement computed in the tail of the statement before it (`Lookahead`).
struct HeadStart: Sendable {
    /// Where the statement these results belong to starts.
    var statementStart: SourceLocation
    var results: [Int: ElementResult]
}

/// Runs a family's elements on several threads, each element on one, handed out in row-major
/// order to whichever worker is free. With a lookahead, a worker that finds no element left to
/// claim does not wait for the others' last elements: it runs elements of the next statement
/// whose input elements are done. Once the family is done, the workers go on with the next
/// statement's elements while any of them still runs one, so that no worker stops while
/// another has a long element ahead of it; the next statement then runs only what is left.
/// Values never depend on which worker ran what, so the results are the same for every
/// thread count.
final class FamilySchedule: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    private let pending: [Int]
    private var nextClaim = 0
    private var unfinished: Int
    private var failed = false
    private var results: [ElementResult?]
    private let lookahead: Lookahead?
    private var aheadClaimed: [Bool]
    private var aheadRunning = 0
    private var ahead: [Int: ElementResult] = [:]

    private init(count: Int, done: [Int: ElementResult], lookahead: Lookahead?) {
        results = (0..<count).map { done[$0] }
        pending = (0..<count).filter { done[$0] == nil }
        unfinished = pending.count
        self.lookahead = lookahead
        aheadClaimed = [Bool](repeating: false, count: lookahead?.reads.count ?? 0)
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    deinit {
        pthread_cond_destroy(&changed)
        pthread_mutex_destroy(&mutex)
    }

    /// Every element's result (those in `done` as given), and the lookahead's elements that ran.
    static func run(
        count: Int, done: [Int: ElementResult] = [:], workers: Int, lookahead: Lookahead?,
        element: @escaping @Sendable (Int) -> ElementResult
    ) -> (results: [ElementResult], ahead: [Int: ElementResult]) {
        let schedule = FamilySchedule(count: count, done: done, lookahead: lookahead)
        let finished = DispatchGroup()
        for worker in 1..<max(1, workers) {
            // A serial queue of its own: custom queues overcommit, so libdispatch starts a
            // thread for each even when the global pool is at its width (under heavy load one
            // may start late; the others claim its share meanwhile).
            DispatchQueue(label: "recbook.family-worker.\(worker)").async(group: finished) { schedule.work(element) }
        }
        schedule.work(element)
        finished.wait()
        return (schedule.results.map { $0! }, schedule.ahead)
    }

    private enum Work {
        case own(Int)
        case ahead(Int, ValueFamily.Element?)
        case finished
    }

    private func work(_ element: (Int) -> ElementResult) {
        while true {
            switch next() {
            case .own(let index):
                let result = element(index)
                locked {
                    results[index] = result
                    unfinished -= 1
                    if case .failure = result { failed = true }
                    pthread_cond_broadcast(&changed)
                }
            case .ahead(let point, let input):
                let result = lookahead!.run(point, input)
                locked {
                    ahead[point] = result
                    aheadRunning -= 1
                }
            case .finished:
                return
            }
        }
    }

    /// The next work for a free worker, waiting while there is none yet but the family is not done.
    private func next() -> Work {
        locked {
            while true {
                if nextClaim < pending.count {
                    nextClaim += 1
                    return .own(pending[nextClaim - 1])
                }
                // A failed element fails the statement: the next one will not run.
                guard !failed, let lookahead, unfinished > 0 || aheadRunning > 0 else { return .finished }
                for point in aheadClaimed.indices where !aheadClaimed[point] {
                    var input: ValueFamily.Element?
                    if let read = lookahead.reads[point] {
                        guard case .success(let (outcome, derivation))? = results[read], let value = outcome.value else { continue }
                        input = ValueFamily.Element(value: value, derivation: derivation)
                    }
                    aheadClaimed[point] = true
                    aheadRunning += 1
                    return .ahead(point, input)
                }
                guard unfinished > 0 else { return .finished }
                pthread_cond_wait(&changed, &mutex)
            }
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}
