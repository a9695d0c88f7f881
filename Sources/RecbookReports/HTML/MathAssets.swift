import Foundation

/// KaTeX, from Debian's `libjs-katex` and `fonts-katex` packages, made self-contained for a
/// report: its script and stylesheet inline, each font as a `woff2` data URI. Only reports
/// whose prose holds maths include it (about 640 KB); without the package installed, maths
/// shows as its TeX source (docs/reports.md).
struct MathAssets: Sendable {
    /// Where Debian installs KaTeX (`fonts/` links to the font package).
    static let systemDirectory = "/usr/share/javascript/katex"

    /// The installed KaTeX, read once.
    static let system: MathAssets? = load(from: systemDirectory)

    /// The stylesheet, fonts inlined.
    var css: String
    /// KaTeX's script.
    var script: String

    /// Reads `katex.min.css`, `katex.min.js` and the `fonts/*.woff2` they name from `directory`;
    /// nil when any is missing.
    static func load(from directory: String) -> MathAssets? {
        guard let cssData = FileManager.default.contents(atPath: directory + "/katex.min.css"),
            let scriptData = FileManager.default.contents(atPath: directory + "/katex.min.js")
        else { return nil }
        // The script goes in a <script> element, which a `</script` inside it would end.
        guard !containsScriptEnd(scriptData) else { return nil }
        let script = String(decoding: scriptData, as: UTF8.self)
        var css = String(decoding: cssData, as: UTF8.self)
        // Each @font-face names woff2, woff and ttf files; the woff2 one alone is kept, inlined.
        let source = /src:url\(fonts\/([A-Za-z0-9_-]+)\.woff2\)[^;}]*/
        var missingFont = false
        css = css.replacing(source) { match in
            guard let font = FileManager.default.contents(atPath: directory + "/fonts/" + match.1 + ".woff2") else {
                missingFont = true
                return ""
            }
            return "src:url(data:font/woff2;base64,\(font.base64EncodedString())) format('woff2')"
        }
        // Anything else fetched from outside would break the report's self-containment.
        guard !missingFont, !css.contains("url(fonts/") else { return nil }
        return MathAssets(css: css, script: script)
    }

    /// Whether `bytes` hold `</script` in any case. Searched as bytes: lowercasing and searching
    /// KaTeX's 270 KB as a String took longer than rendering a whole report.
    static func containsScriptEnd(_ bytes: Data) -> Bool {
        let tag = Array("</script".utf8)
        return bytes.withUnsafeBytes { buffer in
            guard buffer.count >= tag.count else { return false }
            for start in 0...(buffer.count - tag.count) where buffer[start] == tag[0] {
                var matched = true
                for offset in 1..<tag.count {
                    let byte = buffer[start + offset]
                    let lowered = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                    if lowered != tag[offset] {
                        matched = false
                        break
                    }
                }
                if matched { return true }
            }
            return false
        }
    }

    /// The elements to add at the end of a report's body: KaTeX, and a script typesetting
    /// every `.math` span in place (a TeX error is shown in red, never thrown).
    var scripts: String {
        "<script>\n\(script)\n</script>\n<script>\n" + Self.typesetScript + "\n</script>\n"
    }

    static let typesetScript = """
    document.querySelectorAll("span.math").forEach(function (element) {
      try {
        katex.render(element.textContent, element, {
          displayMode: element.classList.contains("math-display"), throwOnError: false
        });
      } catch (error) {}
    });
    """
}
