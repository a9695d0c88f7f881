import Foundation

/// What `recbook preview` and its HTTP server program (`recbook-preview-server`) say to each
/// other through the server's standard input and output, one JSON line per message.
///
/// The server is a program of its own so that `recbook` does not load FlyingFox and its
/// networking libraries on every start (docs/preview.md). recbook computes and renders; the
/// server only numbers the pages it is given and serves them.
public enum PreviewServerMessage: Equatable, Sendable, Codable {
    /// Serve this page from now on, as the next version.
    case publish(PreviewPage)
    /// Send a keep-alive comment to every open event stream.
    case keepAlive

    /// The message as one line, newline included (JSON escapes every newline inside strings).
    public var line: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding plain strings and optionals cannot fail.
        var data = try! encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// The message of one line, without its newline.
    public init(line: some StringProtocol) throws {
        self = try JSONDecoder().decode(PreviewServerMessage.self, from: Data(line.utf8))
    }
}

/// What the server program prints on its standard output, one line, once: where it listens,
/// or why it cannot.
public enum PreviewServerAnswer: Equatable, Sendable {
    case listening(port: UInt16)
    case cannotServe(reason: String)

    static let listeningWord = "listening "
    static let cannotServeWord = "cannot-serve "

    public var line: String {
        switch self {
        case .listening(let port): return Self.listeningWord + String(port)
        case .cannotServe(let reason): return Self.cannotServeWord + reason.replacingOccurrences(of: "\n", with: " ")
        }
    }

    /// The answer a line carries; nil for anything else.
    public init?(line: some StringProtocol) {
        let text = String(line)
        if text.hasPrefix(Self.listeningWord), let port = UInt16(text.dropFirst(Self.listeningWord.count)) {
            self = .listening(port: port)
        } else if text.hasPrefix(Self.cannotServeWord) {
            self = .cannotServe(reason: String(text.dropFirst(Self.cannotServeWord.count)))
        } else {
            return nil
        }
    }
}
