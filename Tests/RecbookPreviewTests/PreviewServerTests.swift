import Foundation
import Testing
@testable import RecbookPreview
@testable import RecbookPreviewServer

/// The server over a real loopback socket: the page, the event stream, and stopping.
@Suite struct PreviewServerTests {
    @Test func servesThePageAndStreamsARefreshForEachPublishedVersion() async throws {
        let server = try PreviewServer(port: 0)
        let port = try await server.start()
        #expect(port != 0)
        await server.hub.publish(PreviewPage(report: "<html><head><title>t</title></head><body>\n<p>first</p>\n</body></html>"))

        let page = try await LoopbackClient.request("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", port: port) {
            $0.contains("</html>")
        }
        #expect(page.hasPrefix("HTTP/1.1 200"))
        #expect(page.contains("<p>first</p>"))
        #expect(page.contains("new EventSource"))

        let events = try LoopbackClient(port: port)
        try events.send("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let opened = try await events.read { $0.contains("data: 1\n\n") }
        #expect(opened.contains("Content-Type: text/event-stream"))
        #expect(opened.contains("event: refresh\nid: 1\ndata: 1\n\n"))

        await server.hub.publish(PreviewPage(report: "<html><body><p>second</p></body></html>"))
        let next = try await events.read { $0.contains("data: 2\n\n") }
        #expect(next.contains("event: refresh\nid: 2\ndata: 2\n\n"))

        // Stopping ends the stream: its last chunk arrives and the connection closes.
        await server.stop()
        let rest = try await events.read { $0.hasSuffix("0\r\n\r\n") }
        #expect(rest.hasSuffix("0\r\n\r\n"))
        events.close()
        #expect(throws: (any Error).self) { try LoopbackClient(port: port) }
    }

    @Test func listensOn127001Only() async throws {
        let server = try PreviewServer(port: 0)
        let port = try await server.start()
        let client = try LoopbackClient(port: port)
        client.close()
        // A server bound to every address would answer on 127.0.0.2 too (still this machine).
        #expect(throws: (any Error).self) { try LoopbackClient(port: port, host: "127.0.0.2") }
        await server.stop()
    }
}

/// A bare TCP client for the tests: sends bytes and collects what comes back.
final class LoopbackClient: @unchecked Sendable {
    let descriptor: Int32
    private var received = ""

    struct Failure: Error { var what: String }

    init(port: UInt16, host: String = "127.0.0.1") throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr(host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            throw Failure(what: "connect failed")
        }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw Failure(what: "send failed") }
    }

    /// Reads until `done` holds for all received so far (or 60 s pass: the server shares Swift's
    /// concurrency pool, two threads here, with the tests that run beside this one); returns it.
    func read(until done: (String) -> Bool) async throws -> String {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = ContinuousClock.now + .seconds(60)
        while !done(received) {
            guard ContinuousClock.now < deadline else { throw Failure(what: "timed out; received: \(received)") }
            // Without waiting in `recv`: the server needs this pool thread more than the test does.
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                received += String(decoding: buffer[..<count], as: UTF8.self)
            } else if count == 0 {
                break
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        return received
    }

    func close() { Glibc.close(descriptor) }

    static func request(_ text: String, port: UInt16, until done: (String) -> Bool) async throws -> String {
        let client = try LoopbackClient(port: port)
        defer { client.close() }
        try client.send(text)
        return try await client.read(until: done)
    }
}
