import Testing

/// A small reader for the SVG the chart renderer writes: its tags in order (with attributes),
/// nesting checks, and the coordinates every drawn element uses. Enough to test layout without
/// an XML library.
struct ChartSVG {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// The element's own text, without its children's (for `<text>` and `<title>`).
        var text: String
        /// Names of the open elements around this one, outermost first.
        var ancestors: [String]
        /// The `class` attributes of the open elements around this one.
        var ancestorClasses: [String]
        subscript(_ name: String) -> String? { attributes[name] }
        func number(_ name: String) -> Double? { attributes[name].flatMap(Double.init) }
        var classes: [Substring] { (attributes["class"] ?? "").split(separator: " ") }
    }

    let source: String
    private(set) var elements: [Element] = []
    /// Problems found while reading: unbalanced or mismatched tags, bad entities, raw `<` in text.
    private(set) var problems: [String] = []

    init(_ source: String) {
        self.source = source
        var stack: [(name: String, classes: String, index: Int)] = []
        var rest = Substring(source)
        while let open = rest.firstIndex(of: "<") {
            let text = rest[..<open]
            checkText(text)
            if let top = stack.last { elements[top.index].text += unescape(text) }
            guard let close = rest[open...].firstIndex(of: ">") else {
                problems.append("unterminated tag")
                break
            }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                guard let top = stack.popLast() else { problems.append("closing </\(name)> with nothing open"); continue }
                if top.name != name { problems.append("</\(name)> closes <\(top.name)>") }
                continue
            }
            let selfClosing = tag.hasSuffix("/")
            let body = selfClosing ? tag.dropLast() : tag
            let name = String(body.prefix { !$0.isWhitespace })
            if name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber }) { problems.append("bad tag <\(tag.prefix(20))>") }
            let attributes = parseAttributes(body.dropFirst(name.count))
            elements.append(Element(name: name, attributes: attributes, text: "", ancestors: stack.map(\.name), ancestorClasses: stack.map(\.classes)))
            if !selfClosing { stack.append((name, attributes["class"] ?? "", elements.count - 1)) }
        }
        if !rest.allSatisfy(\.isWhitespace) { problems.append("text after the last tag") }
        if !stack.isEmpty { problems.append("unclosed: \(stack.map(\.name))") }
    }

    var isWellFormed: Bool { problems.isEmpty && elements.first?.name == "svg" && source.hasSuffix("</svg>\n") }

    /// The viewBox's width and height.
    var size: (width: Double, height: Double) {
        let parts = (elements.first?["viewBox"] ?? "").split(separator: " ").compactMap { Double($0) }
        return parts.count == 4 ? (parts[2], parts[3]) : (0, 0)
    }

    func all(_ name: String, class wanted: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (wanted == nil || $0.classes.contains(Substring(wanted!))) }
    }

    /// Elements inside an element of class `wanted`.
    func inside(class wanted: String) -> [Element] {
        elements.filter { element in element.ancestorClasses.contains { $0.split(separator: " ").contains(Substring(wanted)) } }
    }

    /// Every point an element outside `<defs>` is drawn at, as (x, y), with a label for messages.
    var drawnPoints: [(x: Double, y: Double, what: String)] {
        var points: [(Double, Double, String)] = []
        for element in elements where !element.ancestors.contains("defs") && element.name != "svg" {
            let what = "<\(element.name) \(element.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))>"
            for (xName, yName) in [("x", "y"), ("cx", "cy"), ("x1", "y1"), ("x2", "y2")] {
                if let x = element.number(xName) { points.append((x, element.number(yName) ?? 0, what)) }
                else if let y = element.number(yName) { points.append((0, y, what)) }
            }
            if let x = element.number("x"), let y = element.number("y") {
                points.append((x + (element.number("width") ?? 0), y + (element.number("height") ?? 0), what))
            }
            if let cx = element.number("cx"), let cy = element.number("cy"), let r = element.number("r") {
                points += [(cx - r, cy - r, what), (cx + r, cy + r, what)]
            }
            if let list = element["points"] {
                let numbers = list.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
                for i in stride(from: 0, to: numbers.count - 1, by: 2) { points.append((numbers[i], numbers[i + 1], what)) }
            }
            if let d = element["d"] {
                points += ChartSVG.pathPoints(d).map { ($0.x, $0.y, what) }
            }
        }
        return points
    }

    /// The points of an absolute path written with M, L, H, V and Z (other commands are recorded
    /// as an impossible point so a test notices them).
    static func pathPoints(_ d: String) -> [(x: Double, y: Double)] {
        var points: [(x: Double, y: Double)] = []
        var command: Character = "M", numbers: [Double] = [], number = ""
        var current = (x: 0.0, y: 0.0)
        func flushNumber() {
            if let value = Double(number) { numbers.append(value) }
            number = ""
        }
        func flushCommand() {
            flushNumber()
            switch command {
            case "M", "L":
                for i in stride(from: 0, to: numbers.count - 1, by: 2) {
                    current = (numbers[i], numbers[i + 1])
                    points.append(current)
                }
            case "H":
                for x in numbers { current.x = x; points.append(current) }
            case "V":
                for y in numbers { current.y = y; points.append(current) }
            case "Z":
                break
            default:
                points.append((-1e9, -1e9))
            }
            numbers = []
        }
        for ch in d {
            if ch.isLetter {
                flushCommand()
                command = ch
            } else if ch == " " || ch == "," {
                flushNumber()
            } else if ch == "-" && !number.isEmpty {
                flushNumber()
                number = "-"
            } else {
                number.append(ch)
            }
        }
        flushCommand()
        return points
    }

    /// The drawn points that fall outside the viewBox.
    var pointsOutsideViewBox: [(x: Double, y: Double, what: String)] {
        let (w, h) = size
        return drawnPoints.filter { !($0.x >= 0 && $0.x <= w && $0.y >= 0 && $0.y <= h) }
    }

    private func parseAttributes(_ text: Substring) -> [String: String] {
        var attributes: [String: String] = [:]
        var rest = text
        while let equals = rest.firstIndex(of: "=") {
            let name = rest[..<equals].trimmingPrefix(while: \.isWhitespace)
            let afterEquals = rest[rest.index(after: equals)...]
            guard afterEquals.first == "\"", let end = afterEquals.dropFirst().firstIndex(of: "\"") else { break }
            attributes[String(name)] = unescape(afterEquals[afterEquals.index(after: afterEquals.startIndex)..<end])
            rest = afterEquals[afterEquals.index(after: end)...]
        }
        return attributes
    }

    private mutating func checkText(_ text: Substring) {
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            let after = rest[amp...]
            let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
            if !entities.contains(where: { after.hasPrefix($0) }) { problems.append("bare & in \(after.prefix(20))") }
            rest = rest[rest.index(after: amp)...]
        }
    }

    private func unescape(_ text: Substring) -> String {
        var s = String(text)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            s = s.replacingOccurrences(of: entity, with: character)
        }
        return s
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// The tick labels of an axis (`x`, `y`, `row`, `column`) in document order.
func chartTickLabels(_ svg: ChartSVG, _ axis: String) -> [String] {
    svg.all("text", class: axis == "x" || axis == "y" ? "\(axis)-tick" : "\(axis)-label").map(\.text)
}
