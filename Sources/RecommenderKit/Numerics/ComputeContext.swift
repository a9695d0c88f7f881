import Dispatch
import Synchronization

/// How much parallelism numeric work may use.
///
/// Work is always split into the same chunks whatever `threads` is, and partial
/// results are combined in chunk order, so results are bit-identical for every
/// thread count; `threads` only decides how many chunks run at once.
public struct ComputeContext: Sendable, Equatable {
    public var threads: Int

    public init(threads: Int = 1) {
        precondition(threads >= 1, "threads must be at least 1")
        self.threads = threads
    }

    public static let singleThreaded = ComputeContext(threads: 1)

    /// Runs `body(chunk)` for every chunk in `0..<chunkCount`, at most `threads` at a time.
    /// `body` must only write to memory owned by its chunk.
    public func forEachChunk(_ chunkCount: Int, _ body: @Sendable (Int) -> Void) {
        guard chunkCount > 0 else { return }
        if threads == 1 || chunkCount == 1 {
            for chunk in 0..<chunkCount { body(chunk) }
            return
        }
        let workers = min(threads, chunkCount)
        let claims = ChunkClaims()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let chunk = claims.next(below: chunkCount) { body(chunk) }
        }
    }

    /// Like `forEachChunk(_:_:)`, with per-worker scratch space: each worker calls
    /// `makeScratch()` once and hands the same value to every chunk it runs, so large
    /// buffers are allocated once per worker instead of once per chunk.
    ///
    /// Which worker runs a chunk depends on `threads`, so `body` must not let its result
    /// depend on what an earlier chunk left in the scratch value (overwrite before reading).
    public func forEachChunk<Scratch>(
        _ chunkCount: Int,
        scratch makeScratch: @Sendable () -> Scratch,
        _ body: @Sendable (inout Scratch, Int) -> Void
    ) {
        guard chunkCount > 0 else { return }
        let workers = min(threads, chunkCount)
        if workers == 1 {
            var scratch = makeScratch()
            for chunk in 0..<chunkCount { body(&scratch, chunk) }
            return
        }
        let claims = ChunkClaims()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var scratch = makeScratch()
            while let chunk = claims.next(below: chunkCount) { body(&scratch, chunk) }
        }
    }
}

/// Chunks handed out in order to whichever worker is free, so a worker that drew short chunks
/// takes more instead of waiting for the other (results never depend on who ran a chunk).
private final class ChunkClaims: Sendable {
    private let counter = Atomic<Int>(0)

    func next(below count: Int) -> Int? {
        let chunk = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        return chunk < count ? chunk : nil
    }
}
