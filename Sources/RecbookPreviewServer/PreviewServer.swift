import FlyingFox
import FlyingSocks
import Foundation
import RecbookPreview

/// The preview's HTTP server, on 127.0.0.1 only: `/` is the page, `/events` the server-sent
/// events that tell it to reload. FlyingFox parses HTTP; this file only routes.
public final class PreviewServer: Sendable {
    public let hub: PreviewHub
    private let server: HTTPServer

    /// A server on 127.0.0.1:`port`; port 0 lets the system pick a free one (see `start`).
    public init(port: UInt16, hub: PreviewHub = PreviewHub()) throws {
        self.hub = hub
        server = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: port), logger: .disabled)
    }

    /// Starts listening (in a task of its own) and returns the port it listens on.
    public func start() async throws -> UInt16 {
        let server = self.server
        await server.appendRoute(HTTPRoute(method: .GET, path: PreviewText.eventsPath)) { [hub] _ in
            await PreviewServer.eventStream(hub)
        }
        await server.appendRoute("GET /") { [hub] _ in
            let page = await hub.page
            return HTTPResponse(
                statusCode: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: Data(page.html.utf8))
        }
        // `run` throws at once when it cannot listen (the port in use, say); FlyingFox's
        // `waitUntilListening` would wait out its whole timeout first, so look at both.
        let failure = StartFailure()
        Task {
            do { try await server.run() } catch { failure.set(error) }
        }
        // Binding and listening are immediate system calls: the deadline only guards against a
        // server that neither listens nor fails, and is long because a busy machine (a test
        // suite on two cores, say) can keep this task from running for seconds.
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if case .ip4(_, let port)? = await server.listeningAddress { return port }
            if let error = failure.error { throw error }
            try await Task.sleep(for: .milliseconds(5))
        }
        await server.stop(timeout: 0)
        throw PreviewServerError.noAddress
    }

    /// Ends the event streams, closes the listening socket and waits for connections to close.
    public func stop() async {
        await hub.close()
        await server.stop(timeout: 1)
    }

    static func eventStream(_ hub: PreviewHub) async -> HTTPResponse {
        let events = await hub.subscribe()
        return HTTPResponse(
            statusCode: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            // No length: the body is sent chunked, one event at a time, until the hub ends it.
            body: HTTPBodySequence(from: EventStreamBytes(events: events)))
    }
}

public enum PreviewServerError: Error, CustomStringConvertible {
    case noAddress

    public var description: String { "the preview server did not start listening within 60 s" }
}

/// Why `run` ended, once it has.
private final class StartFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    var error: (any Error)? { lock.withLock { stored } }
    func set(_ error: any Error) { lock.withLock { stored = error } }
}

/// The bytes of a stream of encoded events, handed on as each event arrives.
struct EventStreamBytes: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let events: AsyncStream<String>

    func makeAsyncIterator() -> Iterator { Iterator(events: events.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var events: AsyncStream<String>.Iterator
        var pending: ArraySlice<UInt8> = []

        mutating func next() async -> UInt8? {
            await nextBuffer(suggested: 1)?.first
        }

        mutating func nextBuffer(suggested count: Int) async -> [UInt8]? {
            if pending.isEmpty {
                guard let event = await events.next() else { return nil }
                pending = ArraySlice(event.utf8)
            }
            let taken = pending.prefix(Swift.max(1, count))
            pending = pending.dropFirst(taken.count)
            return Array(taken)
        }
    }
}
