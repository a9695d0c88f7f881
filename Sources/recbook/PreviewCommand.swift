#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import RecbookFiles
import RecbookPreview
import RecbookReports
import RecbookRuntime
import RecommenderKit

/// `recbook preview`: serve a notebook's HTML report on 127.0.0.1 and refresh it on every save.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Serve a live HTML preview of a notebook that refreshes on every save.",
        discussion: """
            Watches the notebook and every data file it reads (polling size, modification time \
            and inode every 100 ms). On each save it checks the notebook again; when it checks, \
            it runs it through the value cache (`.recbook-cache/` beside the notebook), so only \
            the statements whose inputs changed are computed, and the open page reloads by \
            itself. When the notebook does not check, the page shows the diagnostics above the \
            last good outputs, marked stale. Each cell and statement says whether it was \
            computed or came from the cache.

            The server listens on 127.0.0.1 only. The page's refresh script is added to the \
            served page, never to reports; the preview writes no reports (use `recbook run`). \
            Ctrl-C stops it (exit 0). See docs/preview.md.
            """)

    @Argument(help: "The notebook file (Markdown).")
    var notebook: String

    @OptionGroup var common: CommonOptions

    @Option(help: "Port on 127.0.0.1 to serve on; 0 picks a free one (the address is printed).")
    var port: Int = 8765

    @Option(name: [.short, .customLong("output")], help: "Folder that `export` statements write into.")
    var output: String = "Output"

    // `.unconditional`: `--seed -1` is read as a (bad) seed, not as a missing one.
    @Option(parsing: .unconditional, help: "Seed of every random choice, 0…2^64−1 (default: the notebook's `seed`, else 42).")
    var seed: UInt64?

    @Option(help: "Threads for parallel work; results do not depend on it. (default: the number of cores)")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
        if output.isEmpty { throw ValidationError("--output is an empty path; give a folder, e.g. --output Output") }
    }

    func run() throws {
        // The preview computes in this process, so it loads the kernels a run's worker has.
        BLASKernels.ensurePreferredCore()
        let terminal = Terminal()
        var frontend = NotebookFrontend(terminal: terminal, overrides: common.set)
        frontend.allowsWritesOutside = common.allowWritesOutside
        let folder: OutputFolder
        do {
            folder = try OutputFolder(output)
        } catch {
            terminal.line(terminal.styled("error:", .red) + " \(error)")
            throw RecbookExit.usage
        }
        var session = PreviewSession(
            frontend: frontend, notebookPath: notebook, seed: seed, threads: threads ?? onlineProcessorCount(), output: folder,
            cache: CacheSettings(folder: CacheSettings.defaultFolder(forNotebook: notebook)))

        let server: PreviewServer
        let listening: UInt16
        do {
            server = try PreviewServer(port: UInt16(port))
            listening = try waitFor { try await server.start() }
        } catch {
            terminal.line(terminal.styled("error:", .red) + " " + PreviewConsoleText.cannotServe(port: port, error: error))
            throw RecbookExit.usage
        }
        stopOnInterrupt(server)
        printOut(PreviewConsoleText.address(port: listening, notebook: notebook))

        let first = session.refresh()
        waitFor { await server.hub.publish(first) }
        var watched = WatchedFiles(session.watchedPaths)
        var pollsSinceKeepAlive = 0
        while true {
            usleep(PreviewSession.pollMicroseconds)
            pollsSinceKeepAlive += 1
            if pollsSinceKeepAlive >= PreviewSession.pollsPerKeepAlive {
                pollsSinceKeepAlive = 0
                waitFor { await server.hub.keepAlive() }
            }
            guard !watched.changes().isEmpty else { continue }
            // An editor may save in several writes: go on once the files are still.
            for _ in 0..<PreviewSession.settlePolls {
                usleep(PreviewSession.settleMicroseconds)
                if watched.changes().isEmpty { break }
            }
            let page = session.refresh()
            watched.watch(session.watchedPaths)
            waitFor { await server.hub.publish(page) }
        }
    }

    /// SIGINT or SIGTERM: end the event streams, close the sockets, remove half-written files, exit 0.
    private func stopOnInterrupt(_ server: PreviewServer) {
        guard let interrupts = SignalCleanup.deliverInterrupts() else { return }
        Thread.detachNewThread {
            var signal: UInt8 = 0
            while read(interrupts, &signal, 1) != 1 {}
            waitFor { await server.stop() }
            SignalCleanup.removeRegistered()
            Terminal().line(PreviewConsoleText.stopped)
            SystemCall.exit(0)
        }
    }
}

/// Runs `body` on Swift's concurrency pool and blocks this thread until it returns. The
/// preview's own thread runs notebooks (long, CPU-bound work that must not occupy the pool
/// the server answers on) and hands the server only short calls through this.
private func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Outcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { outcome.set(.success(try await body())) } catch { outcome.set(.failure(error)) }
        done.signal()
    }
    done.wait()
    return try outcome.get()
}

private func waitFor<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    try! waitFor { () async throws -> T in await body() }
}

/// A result handed from a task to the waiting thread.
private final class Outcome<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?
    func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
    func get() throws -> T { try lock.withLock { result! }.get() }
}
