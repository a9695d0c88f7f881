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
            Ctrl-C stops it (exit 0); exit 69 if its server program (recbook-preview-server, \
            built beside recbook) stops. See docs/preview.md.
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
        // A folder that cannot be used is bad usage before anything runs; each refresh locks it
        // again while it runs the notebook.
        do {
            _ = try OutputFolder(output) { terminal.line(OutputFolder.waitingMessage(output)) }
        } catch {
            terminal.line(terminal.styled("error:", .red) + " \(error)")
            throw RecbookExit.usage
        }
        var session = PreviewSession(
            frontend: frontend, notebookPath: notebook, seed: seed, threads: threads ?? onlineProcessorCount(), outputPath: output,
            cache: CacheSettings(folder: CacheSettings.defaultFolder(forNotebook: notebook)))

        // A server that has gone shows as a failed write, not as a signal that ends recbook.
        signal(SIGPIPE, SIG_IGN)
        let server: PreviewServerProcess
        do {
            server = try PreviewServerProcess(port: UInt16(port))
        } catch {
            switch error {
            case .cannotStart(let program, let reason):
                terminal.line(terminal.styled("error:", .red) + " " + PreviewConsoleText.cannotStartServer(program, reason: reason))
            case .cannotServe(let reason):
                terminal.line(terminal.styled("error:", .red) + " " + PreviewConsoleText.cannotServe(port: port, reason: reason))
            }
            throw RecbookExit.usage
        }
        stopOnInterrupt(server)
        printOut(PreviewConsoleText.address(port: server.port, notebook: notebook))

        do {
            try server.publish(session.refresh())
            var watched = WatchedFiles(session.watchedPaths)
            var pollsSinceKeepAlive = 0
            while true {
                usleep(PreviewSession.pollMicroseconds)
                pollsSinceKeepAlive += 1
                if pollsSinceKeepAlive >= PreviewSession.pollsPerKeepAlive {
                    pollsSinceKeepAlive = 0
                    try server.keepAlive()
                }
                guard !watched.changes().isEmpty else { continue }
                // An editor may save in several writes: go on once the files are still.
                for _ in 0..<PreviewSession.settlePolls {
                    usleep(PreviewSession.settleMicroseconds)
                    if watched.changes().isEmpty { break }
                }
                let page = session.refresh()
                watched.watch(session.watchedPaths)
                try server.publish(page)
            }
        } catch {
            server.stop()
            terminal.line(terminal.styled("error:", .red) + " \(error)")
            throw RecbookExit.previewServerStopped
        }
    }

    /// SIGINT or SIGTERM: end the event streams and the server, remove half-written files, exit 0.
    private func stopOnInterrupt(_ server: PreviewServerProcess) {
        guard let interrupts = SignalCleanup.deliverInterrupts() else { return }
        Thread.detachNewThread {
            var signal: UInt8 = 0
            while read(interrupts, &signal, 1) != 1 {}
            server.stop()
            SignalCleanup.removeRegistered()
            Terminal().line(PreviewConsoleText.stopped)
            SystemCall.exit(0)
        }
    }
}
