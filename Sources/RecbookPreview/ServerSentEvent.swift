/// One server-sent event (the `text/event-stream` format EventSource reads).
public struct ServerSentEvent: Equatable, Sendable {
    public var name: String
    public var id: String?
    public var data: String

    public init(name: String, id: String? = nil, data: String) {
        self.name = name
        self.id = id
        self.data = data
    }

    /// The event on the wire: a `data:` line per line of data, then a blank line.
    public var encoded: String {
        var text = "event: \(name)\n"
        if let id { text += "id: \(id)\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line)\n"
        }
        return text + "\n"
    }

    /// Tells the page that version `version` of the preview is ready.
    public static func refresh(version: Int) -> ServerSentEvent {
        ServerSentEvent(name: PreviewText.refreshEventName, id: String(version), data: String(version))
    }

    /// A comment line: keeps idle connections open through proxies and lets a closed one be noticed.
    public static let keepAlive = ": keep-alive\n\n"
}
