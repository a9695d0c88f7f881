import Foundation
import Testing
@testable import RecbookPreview

/// The lines recbook and its server program exchange.
@Suite struct PreviewServerMessageTests {
    @Test func aPageIsOneLineAndReadsBackWhole() throws {
        // Newlines, quotes, backslashes, a script end, slashes and non-ASCII: all inside one line.
        let page = PreviewPage(
            report: "<html><body>\n<p>\"a\" \\ b</p>\n<script>x</script>\n</body></html>", diagnostics: "nb.md:3:7: error: é\n  ^",
            warnings: nil, status: "refreshed at 10:00:00 / 2 computed", version: 0)
        let line = PreviewServerMessage.publish(page).line
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.count { $0 == UInt8(ascii: "\n") } == 1)
        let text = String(decoding: line.dropLast(), as: UTF8.self)
        #expect(text.contains("10:00:00 / 2 computed"), "slashes are written as they are")
        #expect(try PreviewServerMessage(line: text) == .publish(page))
        #expect(try PreviewServerMessage(line: String(decoding: PreviewServerMessage.keepAlive.line.dropLast(), as: UTF8.self)) == .keepAlive)
    }

    @Test func aLineThatIsNoMessageIsAnError() {
        for line in ["", "publish", "{}", #"{"publish":{}}"#, #"{"reload":{}}"#] {
            #expect(throws: (any Error).self, "\(line)") { try PreviewServerMessage(line: line) }
        }
    }

    @Test func theServersAnswerNamesItsPortOrWhyItCannotServe() {
        #expect(PreviewServerAnswer(line: "listening 8765") == .listening(port: 8765))
        #expect(PreviewServerAnswer.listening(port: 41).line == "listening 41")
        #expect(PreviewServerAnswer(line: "cannot-serve Address already in use") == .cannotServe(reason: "Address already in use"))
        // A reason keeps to its one line.
        #expect(PreviewServerAnswer.cannotServe(reason: "a\nb").line == "cannot-serve a b")
        for line in ["", "listening", "listening 65536", "listening -1", "listening 80 81", "ready 80"] {
            #expect(PreviewServerAnswer(line: line) == nil, "\(line)")
        }
    }
}
