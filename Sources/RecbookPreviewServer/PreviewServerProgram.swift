#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import RecbookPreview

/// The program `recbook-preview-server`, which `recbook preview` starts: it serves on
/// 127.0.0.1 the pages recbook sends on its standard input (`PreviewServerMessage`, one JSON
/// line each) and ends when that input ends, so it never outlives recbook, however recbook ends.
public enum PreviewServerProgram {
    public static let name = "recbook-preview-server"

    public static func main(arguments: [String]) -> Never {
        guard arguments.count == 3, arguments[1] == "--port", let port = UInt16(arguments[2]) else {
            fail("usage: \(name) --port N (recbook preview starts it; it serves what recbook sends on its input)", code: 64)
        }
        // Ctrl-C reaches the whole process group; recbook stops this server by closing its input,
        // after it has ended the page's event streams in order.
        signal(SIGINT, SIG_IGN)

        let server: PreviewServer
        do {
            server = try PreviewServer(port: port)
            let listening = try waitFor { try await server.start() }
            answer(.listening(port: listening))
        } catch {
            answer(.cannotServe(reason: "\(error)"))
            exit(1)
        }
        while let line = readLine(strippingNewline: true) {
            let message: PreviewServerMessage
            do {
                message = try PreviewServerMessage(line: line)
            } catch {
                waitFor { await server.stop() }
                fail("\(name): a message it cannot read (\(error)); it stops", code: 1)
            }
            switch message {
            case .publish(let page): waitFor { await server.hub.publish(page) }
            case .keepAlive: waitFor { await server.hub.keepAlive() }
            }
        }
        waitFor { await server.stop() }
        exit(0)
    }

    private static func answer(_ answer: PreviewServerAnswer) {
        FileHandle.standardOutput.write(Data((answer.line + "\n").utf8))
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(code)
    }
}

/// Runs `body` on Swift's concurrency pool and blocks this thread until it returns. This
/// program's main thread reads its input; the server answers on the pool.
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
