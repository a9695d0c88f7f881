/// Every piece of text the preview shows in the page, in one place.
public enum PreviewText {
    /// The server-sent event that tells the page a new version is ready.
    static let refreshEventName = "refresh"
    /// Where the page listens for events.
    public static let eventsPath = "/events"

    static let staleHeadline = "The notebook does not check: the outputs below are from the last version that did, and are stale."
    static let noOutputsHeadline = "The notebook does not check, and no version of it has run yet."
    static let warningsHeadline = "The notebook checks, with warnings: the outputs below are up to date."
    static let waitingHeadline = "Waiting for the first run…"
    public static let outputFolderHeadline = "The notebook checks, but its output folder cannot be used, so it did not run: the outputs below, if any, are stale."
    static let pageTitle = "recbook preview"
    /// Put before the page's title while its outputs are stale.
    public static let staleTitlePrefix = "[stale] "

    /// The status line's text: when the page was made and how many statements ran.
    public static func status(time: String, computed: Int, fromCache: Int, seconds: String) -> String {
        var text = "recbook preview · refreshed at \(time) in \(seconds)"
        if computed + fromCache > 0 {
            text += " · \(computed) statement\(computed == 1 ? "" : "s") computed, \(fromCache) from cache"
        }
        return text
    }

    /// The status line while the notebook does not check.
    public static func failedStatus(time: String, errors: Int) -> String {
        "recbook preview · checked at \(time) · \(errors) error\(errors == 1 ? "" : "s")"
    }
}
