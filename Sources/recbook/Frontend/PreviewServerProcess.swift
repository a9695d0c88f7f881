#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import RecbookFiles
import RecbookPreview

/// The preview's HTTP server: the program `recbook-preview-server`, built beside `recbook`,
/// started as a child and fed pages through its standard input (`PreviewServerMessage`).
///
/// recbook itself does not link the server (FlyingFox brings FoundationNetworking and some 30
/// libraries into every process start), and it keeps computing here, so the preview's values
/// come from the same build as `recbook run`'s and share its cache entries.
final class PreviewServerProcess: @unchecked Sendable {
    static let programName = "recbook-preview-server"

    let port: UInt16
    private let pid: pid_t
    private let lock = NSLock()
    /// The write end of the server's input; -1 once stopped.
    private var input: Int32

    enum StartFailure: Error {
        /// The program could not be started at all (missing, not executable).
        case cannotStart(program: String, reason: String)
        /// It started and said why it cannot serve (the port in use, say), or ended saying nothing.
        case cannotServe(reason: String)
    }

    struct Stopped: Error, CustomStringConvertible {
        var description: String { PreviewConsoleText.serverStopped }
    }

    /// How long the server may take to say whether it listens. It gives up on its own after
    /// 60 s (`PreviewServer.start`); past this allowance it is taken to hang, and is killed.
    static let answerAllowance: Duration = .seconds(90)

    /// Starts the server on 127.0.0.1:`port` (0: a free one) and waits until it listens.
    init(port requested: UInt16) throws(StartFailure) {
        let program = Self.programPath()
        var toServer: [Int32] = [-1, -1], fromServer: [Int32] = [-1, -1]
        guard Self.closeOnExecPipe(&toServer), Self.closeOnExecPipe(&fromServer) else {
            throw .cannotStart(program: program, reason: String(cString: strerror(errno)))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies: the child gets exactly these two ends.
        posix_spawn_file_actions_adddup2(&actions, toServer[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, fromServer[1], STDOUT_FILENO)
        let words: [String] = [program, "--port", String(requested)]
        let arguments = words.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, program, &actions, nil, arguments, environ)
        close(toServer[0])
        close(fromServer[1])
        guard spawned == 0 else {
            close(toServer[1])
            close(fromServer[0])
            throw .cannotStart(program: program, reason: String(cString: strerror(spawned)))
        }
        pid = child
        input = toServer[1]
        let allowance = TestSwitches.previewServerAllowance ?? Self.answerAllowance
        let read = Self.readLine(fromServer[0], within: allowance)
        close(fromServer[0])
        let answer: String?
        switch read {
        case .line(let line): answer = line
        case .ended: answer = nil
        case .timedOut:
            kill(child, SIGKILL)
            Self.end(child, input: toServer[1])
            throw .cannotServe(reason: PreviewConsoleText.serverDidNotAnswer(within: allowance))
        }
        switch answer.flatMap(PreviewServerAnswer.init(line:)) {
        case .listening(let listening)?:
            port = listening
        case .cannotServe(let reason)?:
            Self.end(child, input: toServer[1])
            throw .cannotServe(reason: reason)
        case nil:
            let status = Self.end(child, input: toServer[1])
            // exec failing after the spawn (a file that is not a program) ends the child with 127.
            if status == 127 { throw .cannotStart(program: program, reason: "it is not a program this machine can run") }
            throw .cannotServe(reason: PreviewConsoleText.serverEndedSilently(status: status))
        }
    }

    /// Serves `page` from now on, as the next version.
    func publish(_ page: PreviewPage) throws(Stopped) { try send(.publish(page)) }

    /// Sends a keep-alive comment to the open event streams.
    func keepAlive() throws(Stopped) { try send(.keepAlive) }

    /// Ends the event streams and the server, and waits for it. Safe to call more than once.
    func stop() {
        lock.withLock {
            guard input >= 0 else { return }
            Self.end(pid, input: input)
            input = -1
        }
    }

    private func send(_ message: PreviewServerMessage) throws(Stopped) {
        let ok = lock.withLock { () -> Bool in
            guard input >= 0 else { return false }
            return message.line.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(input, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { return false }
                    offset += written
                }
                return true
            }
        }
        guard ok else { throw Stopped() }
    }

    /// Closes the server's input (which ends it) and returns its exit status.
    @discardableResult
    private static func end(_ pid: pid_t, input: Int32) -> Int32 {
        close(input)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// `recbook-preview-server` in the folder of this executable (symbolic links followed).
    static func programPath() -> String {
        let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? CommandLine.arguments[0]
        let folder = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return (folder.isEmpty ? "." : folder) + "/" + programName
    }

    private static func closeOnExecPipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        guard fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0 else {
            close(ends[0])
            close(ends[1])
            return false
        }
        return true
    }

    private enum LineRead {
        /// A whole line, without its newline.
        case line(String)
        /// The input ended (or could not be read) before a newline.
        case ended
        /// No whole line came within the allowance.
        case timedOut
    }

    private static func readLine(_ descriptor: Int32, within allowance: Duration) -> LineRead {
        let deadline = ContinuousClock.now + allowance
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return .timedOut }
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            let polled = poll(&ready, 1, milliseconds)
            if polled < 0 && errno == EINTR { continue }
            guard polled >= 0 else { return .ended }
            guard polled != 0 else { continue }
            let n = read(descriptor, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            guard n == 1 else { return .ended }
            if byte == UInt8(ascii: "\n") { return .line(String(decoding: bytes, as: UTF8.self)) }
            bytes.append(byte)
        }
    }
}
