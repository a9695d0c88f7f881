/// Holds the page being served and the open event streams; publishing a page numbers it
/// and tells every open stream.
public actor PreviewHub {
    public private(set) var page = PreviewPage(status: PreviewText.waitingHeadline)
    private var streams: [Int: AsyncStream<String>.Continuation] = [:]
    private var nextStreamID = 0
    private var isClosed = false

    public init() {}

    /// Serves `page` from now on, as the next version, and announces it.
    public func publish(_ page: PreviewPage) {
        var numbered = page
        numbered.version = self.page.version + 1
        self.page = numbered
        broadcast(ServerSentEvent.refresh(version: numbered.version).encoded)
    }

    /// A stream of encoded events: first the current version, then one per published page.
    public func subscribe() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(16))
        guard !isClosed else {
            continuation.finish()
            return stream
        }
        let id = nextStreamID
        nextStreamID += 1
        streams[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.forget(id) }
        }
        continuation.yield(ServerSentEvent.refresh(version: page.version).encoded)
        return stream
    }

    /// The number of open event streams.
    public var openStreams: Int { streams.count }

    /// Sends a comment to every stream, so a closed connection is noticed and dropped.
    public func keepAlive() {
        broadcast(ServerSentEvent.keepAlive)
    }

    /// Ends every stream (their responses complete) and refuses new ones.
    public func close() {
        isClosed = true
        for continuation in streams.values { continuation.finish() }
        streams.removeAll()
    }

    private func broadcast(_ text: String) {
        for (id, continuation) in streams {
            if case .terminated = continuation.yield(text) { streams[id] = nil }
        }
    }

    private func forget(_ id: Int) {
        streams[id] = nil
    }
}
