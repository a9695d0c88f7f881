import RecbookResults

/// Accumulates SVG markup line by line.
struct SVGBuilder {
    var text = ""

    mutating func line(_ s: String) {
        text += s
        text += "\n"
    }

    /// A `<text>` element; `content` is escaped, `extra` is inserted as written (attributes),
    /// `tooltip` becomes a `<title>` child (for truncated labels).
    mutating func text(_ content: String, x: Double, y: Double, anchor: String, extra: String, tooltip: String? = nil) {
        let title = tooltip.map { "<title>\(escapeHTML($0))</title>" } ?? ""
        line("<text x=\"\(x.svg)\" y=\"\(y.svg)\" text-anchor=\"\(anchor)\" fill=\"currentColor\"\(extra.isEmpty ? "" : " " + extra)>\(title)\(escapeHTML(content))</text>")
    }

    /// A `<text>` fitted to `maxWidth` (shortened with an ellipsis at the end, or in the middle when
    /// `keepingEnds`; the full text kept as its tooltip).
    mutating func fittedText(_ content: String, x: Double, y: Double, anchor: String, extra: String, fontSize: Double, maxWidth: Double,
                             keepingEnds: Bool = false) {
        let fitted = keepingEnds
            ? ChartText.truncateMiddle(content, fontSize: fontSize, maxWidth: maxWidth)
            : ChartText.truncate(content, fontSize: fontSize, maxWidth: maxWidth)
        text(fitted, x: x, y: y, anchor: anchor, extra: extra, tooltip: fitted == content ? nil : content)
    }
}

extension Double {
    /// A coordinate with at most two decimals (keeps SVG small and stable).
    var svg: String {
        let s = NumberFormat.fixed(2).format(self)
        var trimmed = Substring(s)
        if trimmed.contains(".") {
            while trimmed.last == "0" { trimmed = trimmed.dropLast() }
            if trimmed.last == "." { trimmed = trimmed.dropLast() }
        }
        return trimmed == "-0" ? "0" : String(trimmed)
    }

    /// A data value for tooltips and descriptions: up to four significant decimals.
    var plain: String {
        if self == rounded() && abs(self) < 1e15 { return String(Int(self)) }
        let digits = abs(self) >= 100 ? 1 : abs(self) >= 1 ? 3 : 4
        return NumberFormat.fixed(digits).format(self)
    }
}

/// Estimated text metrics for laying out labels without a font engine.
enum ChartText {
    /// The estimated advance width of `text` in a sans-serif face at `fontSize`, slightly generous.
    static func width(_ text: some StringProtocol, fontSize: Double) -> Double {
        var em = 0.0
        for ch in text {
            em += advance(ch)
        }
        return em * fontSize
    }

    private static func advance(_ ch: Character) -> Double {
        switch ch {
        case "i", "l", "j", "I", ".", ",", ":", ";", "'", "|", "!", "ı": return 0.3
        case " ", "f", "r", "t", "(", ")", "[", "]", "-", "/", "\\": return 0.38
        case "m", "w", "M", "W", "@", "%": return 0.88
        case "0"..."9", "+", "=", "<", ">", "~", "#", "$", "*", "_", "&", "?": return 0.58
        case "a"..."z": return 0.56
        case "A"..."Z": return 0.7
        default:
            // Wide scripts (CJK and the like) take about a full em; other letters and symbols less.
            if let scalar = ch.unicodeScalars.first, scalar.value >= 0x2E80 { return 1.0 }
            return 0.64
        }
    }

    /// `text`, shortened with an ellipsis so it fits `maxWidth` at `fontSize`.
    static func truncate(_ text: String, fontSize: Double, maxWidth: Double) -> String {
        guard width(text, fontSize: fontSize) > maxWidth else { return text }
        var kept = Substring(text)
        while !kept.isEmpty && width(kept, fontSize: fontSize) + width("…", fontSize: fontSize) > maxWidth {
            kept = kept.dropLast()
        }
        while kept.last == " " { kept = kept.dropLast() }
        return kept + "…"
    }

    /// `text`, shortened by an ellipsis in the middle so it fits `maxWidth` at `fontSize`: names
    /// of runs often differ only at the end ("… seed 3"), so both ends are kept.
    static func truncateMiddle(_ text: String, fontSize: Double, maxWidth: Double) -> String {
        guard width(text, fontSize: fontSize) > maxWidth else { return text }
        var head = Substring(text.prefix((text.count + 1) / 2)), tail = Substring(text.suffix(text.count / 2))
        while !(head.isEmpty && tail.isEmpty) && width(head, fontSize: fontSize) + width("…", fontSize: fontSize) + width(tail, fontSize: fontSize) > maxWidth {
            // Shorten the longer side, the head first on a tie (the tail tends to carry the distinction).
            if width(head, fontSize: fontSize) >= width(tail, fontSize: fontSize) { head = head.dropLast() } else { tail = tail.dropFirst() }
        }
        return head + "…" + tail
    }

    /// `text` broken at spaces into lines no wider than `maxWidth` (a word longer than a line is truncated).
    static func wrap(_ text: String, fontSize: Double, maxWidth: Double) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if width(candidate, fontSize: fontSize) <= maxWidth || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.map { truncate($0, fontSize: fontSize, maxWidth: maxWidth) }
    }
}
