import Foundation
import RecbookReports

/// What the preview serves: the last good report, with a banner when the notebook no longer
/// checks, a status line, and the script that reloads the page when a new version is ready.
///
/// The banner, the status line and the script are added here, to the served page only; the
/// reports recbook writes never contain them.
public struct PreviewPage: Equatable, Sendable, Codable {
    /// The HTML report of the last version that checked and ran, if any.
    public var report: String?
    /// The checker's diagnostics, as the terminal shows them (no colour), when the current
    /// version does not check; nil when it checks.
    public var diagnostics: String?
    /// The warnings (unused parameter, missing link target, …), as the terminal shows them,
    /// when the current version checks with warnings; nil otherwise. They are shown in a
    /// banner over the fresh outputs, which are not stale.
    public var warnings: String?
    /// The banner's headline over `diagnostics` when they are not the checker's (the output
    /// folder could not be used, say); nil for the does-not-check headlines.
    public var headline: String?
    /// What the status line says.
    public var status: String
    /// Counts up with every published page; the script reloads when the server's differs.
    public var version: Int

    public init(
        report: String? = nil, diagnostics: String? = nil, warnings: String? = nil, headline: String? = nil, status: String = "", version: Int = 0
    ) {
        self.report = report
        self.diagnostics = diagnostics
        self.warnings = warnings
        self.headline = headline
        self.status = status
        self.version = version
    }

    /// Whether the shown outputs are from an older version of the notebook.
    public var isStale: Bool { diagnostics != nil && report != nil }

    public var html: String {
        var additions = PreviewPage.style
        if let diagnostics {
            additions += "<div class=\"recbook-preview-banner\" id=\"recbook-preview-banner\" role=\"alert\">\n"
            additions += "<p><strong>\(escapeHTML(headline ?? (report == nil ? PreviewText.noOutputsHeadline : PreviewText.staleHeadline)))</strong></p>\n"
            additions += "<pre class=\"recbook-preview-diagnostics\">\(escapeHTML(diagnostics))</pre>\n</div>\n"
        } else if let warnings, report != nil {
            additions += "<div class=\"recbook-preview-banner recbook-preview-warnings\" id=\"recbook-preview-banner\">\n"
            additions += "<p><strong>\(escapeHTML(PreviewText.warningsHeadline))</strong></p>\n"
            additions += "<pre class=\"recbook-preview-diagnostics\">\(escapeHTML(warnings))</pre>\n</div>\n"
        } else if report == nil {
            additions += "<div class=\"recbook-preview-banner\" id=\"recbook-preview-banner\"><p>\(escapeHTML(PreviewText.waitingHeadline))</p></div>\n"
        }
        additions += "<div class=\"recbook-preview-status\" id=\"recbook-preview-status\">\(escapeHTML(status))</div>\n"
        let script = PreviewPage.script(version: version)

        guard let report, let body = report.range(of: "<body>"), let end = report.range(of: "</body>", options: .backwards) else {
            return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(escapeHTML(diagnostics == nil ? PreviewText.pageTitle : PreviewText.staleTitlePrefix + PreviewText.pageTitle))</title>\n</head>\n"
                + "<body>\n\(additions)\(script)</body>\n</html>\n"
        }
        var head = String(report[..<body.lowerBound])
        var opening = "<body>"
        if isStale {
            // The tab says so too, for a page that is not in view.
            head = head.replacingOccurrences(of: "<title>", with: "<title>\(PreviewText.staleTitlePrefix)")
            opening = "<body class=\"recbook-preview-stale\">"
        }
        return head + opening + "\n" + additions + String(report[body.upperBound..<end.lowerBound])
            + script + String(report[end.lowerBound...])
    }

    /// Reloads the page when the server announces a version other than the one shown. The
    /// server sends its version as soon as the stream opens, so a save between this page's
    /// load and the stream's opening is not missed; EventSource reconnects by itself.
    static func script(version: Int) -> String {
        """
        <script>
        (function () {
          var shown = \(version);
          var source = new EventSource("\(PreviewText.eventsPath)");
          source.addEventListener("\(PreviewText.refreshEventName)", function (event) {
            if (Number(event.data) !== shown) { source.close(); location.reload(); }
          });
        })();
        </script>

        """
    }

    /// Colours are set in full (text too), so the banner reads the same in the report's dark scheme;
    /// warnings (the outputs are fresh) look calmer than the stale-outputs banner.
    static let style = """
        <style>
        .recbook-preview-banner { background: #fff4e5; color: #2b1d00; border: 2px solid #d9822b; border-radius: 6px; margin: 1rem auto; max-width: 60rem; padding: .5rem 1rem; }
        .recbook-preview-warnings { background: #f1f5fc; color: #0f1d33; border-color: #6b8fd6; }
        .recbook-preview-diagnostics { overflow-x: auto; white-space: pre; font-size: .85rem; background: transparent; color: inherit; border: 0; padding: 0; }
        .recbook-preview-status { position: fixed; right: .5rem; bottom: .5rem; background: #f2f2f2; color: #222; border: 1px solid #ccc; border-radius: 4px; padding: .2rem .5rem; font-size: .75rem; opacity: .9; }
        body.recbook-preview-stale main { opacity: .55; }
        </style>

        """
}
