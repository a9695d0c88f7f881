import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `recbook-preview-server`, the program `recbook preview` serves through, driven as recbook
/// drives it: JSON lines on its input, one answer line on its output.
@Suite struct PreviewServerProgramTests {
    static let path = URL(fileURLWithPath: RecbookBinary.path).deletingLastPathComponent().appendingPathComponent("recbook-preview-server").path

    /// The server program, started with `arguments`, its input and output open to the test.
    final class Server {
        let process = Process()
        let input = Pipe(), output = Pipe()
        let errors = OutputCollector()

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: PreviewServerProgramTests.path)
            process.arguments = arguments
            process.standardInput = input
            process.standardOutput = output
            let err = Pipe()
            process.standardError = err
            errors.collect(err.fileHandleForReading)
            try process.run()
        }

        func firstLine() throws -> String {
            var line = Data()
            while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
            return String(decoding: line, as: UTF8.self)
        }

        func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

        /// Waits up to 30 s for it to end and its standard error to be read whole; the exit
        /// status, or nil if it is still running (then it is killed).
        func exitStatus() -> Int32? {
            guard eventually(seconds: 30, { !process.isRunning && errors.ended }) else {
                process.terminate()
                return nil
            }
            return process.terminationStatus
        }
    }

    static func page(_ port: UInt16) -> String? {
        guard let data = try? Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/")!) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func itServesThePagesItIsSentAndEndsWithItsInput() throws {
        let server = try Server(["--port", "0"])
        let answer = try server.firstLine()
        let port = try #require(answer.hasPrefix("listening ") ? UInt16(answer.dropFirst("listening ".count)) : nil, "\(answer)")
        // Before any page: the waiting page, version 0.
        #expect(Self.page(port)?.contains("Waiting for the first run") == true)

        // The message as recbook encodes it: a page, its fields by name, unlabelled payload `_0`.
        server.send(#"{"publish":{"_0":{"report":"<html><head><title>T<\/title></head><body>\n<p>hand-written</p>\n</body></html>","status":"st","version":0}}}"#)
        #expect(eventually(seconds: 10) { Self.page(port)?.contains("<p>hand-written</p>") == true })
        let served = try #require(Self.page(port))
        // The server numbers the pages it publishes: the first is version 1.
        #expect(served.contains("var shown = 1;"), "\(served)")
        #expect(served.contains(">st</div>"))
        server.send(#"{"keepAlive":{}}"#)

        server.input.fileHandleForWriting.closeFile()
        #expect(server.exitStatus() == 0, "\(server.errors.text)")
        #expect(Self.page(port) == nil)
    }

    @Test func aLineItCannotReadEndsItWithAMessage() throws {
        let server = try Server(["--port", "0"])
        #expect(try server.firstLine().hasPrefix("listening "))
        server.send("publish everything")
        #expect(server.exitStatus() == 1)
        #expect(server.errors.text.hasPrefix("recbook-preview-server: a message it cannot read ("), "\(server.errors.text)")
        #expect(server.errors.text.hasSuffix("); it stops\n"))
    }

    @Test func anythingButAPortIsAUsageError() throws {
        for arguments in [[], ["--port"], ["--port", "65536"], ["--port", "-1"], ["--bind", "80"], ["--port", "80", "extra"]] {
            let server = try Server(arguments)
            #expect(server.exitStatus() == 64, "\(arguments)")
            #expect(server.errors.text == "usage: recbook-preview-server --port N (recbook preview starts it; it serves what recbook sends on its input)\n")
        }
    }
}
