/// The footnote definitions (`[^label]: text`, with their indented continuation lines) of a
/// passage of Markdown, as written. A report renders each passage of prose on its own, while
/// authors put definitions anywhere (often at the end): every passage is rendered with the other
/// passages' definitions appended, and cmark-gfm shows only those the passage refers to.
public func footnoteDefinitions(in markdown: String) -> String {
    var out = ""
    var inDefinition = false
    var previousBlank = false
    var fence: Character?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
        let trimmed = line.drop { $0 == " " }
        // Fenced code is never a definition.
        if let open = fence {
            if trimmed.hasPrefix(String(repeating: open, count: 3)) { fence = nil }
            if inDefinition { out += line + "\n" }
            continue
        }
        let blank = trimmed.isEmpty
        let indent = line.count - trimmed.count
        if indent <= 3, trimmed.hasPrefix("[^"), let close = trimmed.firstIndex(of: "]"),
            trimmed[trimmed.index(after: close)...].hasPrefix(":"), trimmed.distance(from: trimmed.startIndex, to: close) > 2
        {
            inDefinition = true
        } else if inDefinition, !blank, previousBlank, indent < 4 {
            inDefinition = false
        }
        if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { fence = trimmed.first }
        if inDefinition { out += line + "\n" }
        previousBlank = blank
    }
    return out
}
