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
/// whose input elements are done, until this family's last element is. Values never depend on
/// which worker ran what, so the results are the same for every thread count.
final class FamilySchedule: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    private let pending: [Int]
    private var nextClaim = 0
    private var unfinished: Int
    private var results: [ElementResult?]
    private let lookahead: Lookahead?
    private var aheadClaimed: [Bool]
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
        element: @Sendable (Int) -> ElementResult
    ) -> (results: [ElementResult], ahead: [Int: ElementResult]) {
        let schedule = FamilySchedule(count: count, done: done, lookahead: lookahead)
        withoutActuallyEscaping(element) { element in
            onThreads(workers) { schedule.work(element) }
        }
        return (schedule.results.map { $0! }, schedule.ahead)
    }

    /// Runs `body` on `count` threads at once, the calling thread and `count - 1` new ones, and
    /// returns when all have. `DispatchQueue.concurrentPerform` may run its iterations one
    /// after another when its pool is busy; a worker that waits for another's element needs
    /// that other to be running.
    private static func onThreads(_ count: Int, _ body: @escaping @Sendable () -> Void) {
        final class Start {
            let body: () -> Void
            init(_ body: @escaping () -> Void) { self.body = body }
        }
        var threads: [pthread_t] = []
        for _ in 1..<max(1, count) {
            let start = Unmanaged.passRetained(Start(body)).toOpaque()
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { raw in
                Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, start)
            // Without the thread, its share of the work falls to the others.
            if created == 0 { threads.append(thread) } else { Unmanaged<Start>.fromOpaque(start).release() }
        }
        body()
        for thread in threads { pthread_join(thread, nil) }
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
                    pthread_cond_broadcast(&changed)
                }
            case .ahead(let point, let input):
                let result = lookahead!.run(point, input)
                locked { ahead[point] = result }
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
                guard unfinished > 0, let lookahead else { return .finished }
                for point in aheadClaimed.indices where !aheadClaimed[point] {
                    guard let read = lookahead.reads[point] else {
                        aheadClaimed[point] = true
                        return .ahead(point, nil)
                    }
                    guard case .success(let (outcome, derivation))? = results[read], let value = outcome.value else { continue }
                    aheadClaimed[point] = true
                    return .ahead(point, ValueFamily.Element(value: value, derivation: derivation))
                }
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
