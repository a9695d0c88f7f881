import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed team of threads for parallel loops far shorter than `concurrentPerform` handles
/// well: one phase of a training mini-batch is a few microseconds of work.
///
/// `forEach(blocks:)` runs `body(item)` once for every item, on the calling thread (thread 0)
/// and on whichever helpers join in. The items come in one block per thread: thread t takes
/// the items of block t first (so work on the same data can stay in one core's cache from
/// call to call), then helps with the other blocks. Items are handed out through one atomic
/// counter per block, so a helper that is late (descheduled, asleep) finds its block done by
/// others, and the call waits only for items already started. Between calls the
/// helpers spin, then yield, then sleep: a call that closely follows another costs about a
/// cache-line round trip, an idle team no CPU.
/// Create it for one piece of work and call `shutDown()` when done.
@available(macOS 15.0, *)
final class WorkerTeam: @unchecked Sendable {
    /// Threads, the calling one included.
    let count: Int
    /// Odd while a call is open for helpers to join; bumped when it opens and when it closes.
    private let generation = Atomic<UInt64>(0)
    /// Per block: the next item to hand out; items of block b end at `blockEnds[b]`.
    private let blocks: [BlockCounter]
    private let blockEnds: UnsafeMutablePointer<Int>
    /// Helpers inside the open call; the call waits for them after it closes.
    private let active = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    /// The open call's body: written before it opens, cleared after it closed and every helper left.
    private var job: (@Sendable (Int) -> Void)?
    private let helpers: [Helper]
    private let finished = DispatchGroup()

    /// How long a waiting helper spins (a little longer than the gaps between the calls of a
    /// training batch), then yields (so that on a busy machine it does not hold a core the
    /// caller needs), before it sleeps.
    private static let spinNanoseconds: UInt64 = 5_000
    private static let yieldNanoseconds: UInt64 = 2_000_000

    /// One block's counter, padded so that counters of different blocks share no cache line.
    private final class BlockCounter: Sendable {
        let next = Atomic<Int>(0)
        private let padding: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    }

    private final class Helper: Sendable {
        /// Set by a helper about to sleep; whoever resets it (the helper itself, or the caller)
        /// decides whether the semaphore is signalled, so every sleep gets exactly one wake-up.
        let asleep = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
    }

    init(count: Int) {
        precondition(count >= 1, "a team has at least one thread")
        self.count = count
        helpers = (1..<max(count, 1)).map { _ in Helper() }
        blocks = (0..<count).map { _ in BlockCounter() }
        blockEnds = .allocate(capacity: count)
        blockEnds.initialize(repeating: 0, count: count)
        for (offset, helper) in helpers.enumerated() {
            // A serial queue of its own: custom queues always get a thread (they overcommit),
            // so a long-lived helper never waits for a busy global pool.
            DispatchQueue(label: "recbook.worker-team.\(offset + 1)").async(group: finished) { [self] in
                helperLoop(thread: offset + 1, helper)
            }
        }
    }

    deinit { blockEnds.deallocate() }

    /// Runs `body(item)` for every item, each once, and waits for all of them. Block b (of
    /// `count`) holds `size(b)` items, numbered on from the blocks before it; thread b starts
    /// with it. The calling thread first runs `callerFirst` (serial work of its own), then
    /// takes items too. `body` must write only memory that belongs to its item.
    func forEach(blocks size: (Int) -> Int, callerFirst: () -> Void = {}, _ body: @Sendable (Int) -> Void) {
        var items = 0
        for b in 0..<count {
            blocks[b].next.store(items, ordering: .relaxed)
            items += size(b)
            blockEnds[b] = items
        }
        guard count > 1, items > 0 else {
            callerFirst()
            for item in 0..<items { body(item) }
            return
        }
        withoutActuallyEscaping(body) { body in
            job = body
            generation.add(1, ordering: .sequentiallyConsistent)  // open: publishes the blocks and the job
            wakeSleepers()
            callerFirst()
            takeItems(thread: 0, body)
            generation.add(1, ordering: .sequentiallyConsistent)  // close: no new helper joins
            var spins = 0
            while active.load(ordering: .sequentiallyConsistent) != 0 {
                spins += 1
                // A helper descheduled in the middle of an item may need this thread's core.
                if spins > 64 { sched_yield() }
            }
            job = nil
        }
    }

    /// Stops and joins the helper threads; the team cannot run anything afterwards.
    func shutDown() {
        guard count > 1 else { return }
        stopping.store(true, ordering: .relaxed)
        generation.add(2, ordering: .sequentiallyConsistent)
        wakeSleepers()
        finished.wait()
    }

    /// The items of block `thread`, then of every other block, until none is left.
    @inline(__always)
    private func takeItems(thread: Int, _ body: (Int) -> Void) {
        var b = thread
        for _ in 0..<count {
            let end = blockEnds[b]
            while true {
                let item = blocks[b].next.wrappingAdd(1, ordering: .relaxed).oldValue
                if item >= end { break }
                body(item)
            }
            b = b + 1 == count ? 0 : b + 1
        }
    }

    private func wakeSleepers() {
        // Pairs with the helper's store of `asleep` before its last look at `generation`
        // (both sequentially consistent): either it sees the new generation or we see it asleep.
        for helper in helpers where helper.asleep.load(ordering: .sequentiallyConsistent) {
            if helper.asleep.exchange(false, ordering: .sequentiallyConsistent) { helper.wake.signal() }
        }
    }

    private func helperLoop(thread: Int, _ helper: Helper) {
        var seen: UInt64 = 0
        while true {
            seen = waitForNextGeneration(after: seen, helper)
            if stopping.load(ordering: .relaxed) { return }
            guard seen & 1 == 1 else { continue }  // a close seen without its open
            // Pairs with the caller's close and its look at `active`: either we see the call
            // closed and stay out, or the caller sees us and waits until we leave.
            active.add(1, ordering: .sequentiallyConsistent)
            if generation.load(ordering: .sequentiallyConsistent) == seen { participate(thread: thread) }
            active.subtract(1, ordering: .releasing)
        }
    }

    /// Kept out of `helperLoop` so that the helper's reference to the body is gone before it
    /// leaves the call (the caller checks that the body did not escape).
    @inline(never)
    private func participate(thread: Int) {
        guard let job else { return }
        takeItems(thread: thread, job)
    }

    private func waitForNextGeneration(after seen: UInt64, _ helper: Helper) -> UInt64 {
        let start = DispatchTime.now().uptimeNanoseconds
        var spins = 0
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            spins += 1
            guard spins & 63 == 0 else { continue }
            let waited = DispatchTime.now().uptimeNanoseconds &- start
            if waited < Self.spinNanoseconds { continue }
            if waited < Self.yieldNanoseconds {
                sched_yield()
                continue
            }
            helper.asleep.store(true, ordering: .sequentiallyConsistent)
            if generation.load(ordering: .sequentiallyConsistent) != seen,
               helper.asleep.exchange(false, ordering: .sequentiallyConsistent) {
                continue  // work arrived before anyone saw us asleep
            }
            helper.wake.wait()
        }
    }
}

/// The processors online: more threads than this would only take turns.
func onlineProcessorCount() -> Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
