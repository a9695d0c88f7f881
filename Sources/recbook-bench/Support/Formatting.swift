/// Number formatting for the tables (no Foundation needed).

/// `value` with `digits` digits after the point.
func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "–" : (value > 0 ? "∞" : "-∞") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let whole = Int(rounded / scale)
    let fraction = Int(rounded - Double(whole) * scale)
    var text = String(whole)
    if digits > 0 {
        let f = String(fraction)
        text += "." + String(repeating: "0", count: digits - f.count) + f
    }
    return (value < 0 && rounded != 0 ? "-" : "") + text
}

/// A duration with a unit chosen for legibility: "812 µs", "3.41 ms", "2.07 s".
func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "–" }
    if seconds < 1e-3 { return fixed(seconds * 1e6, seconds < 1e-4 ? 1 : 0) + " µs" }
    if seconds < 1 { return fixed(seconds * 1e3, seconds < 0.01 ? 2 : (seconds < 0.1 ? 1 : 0)) + " ms" }
    return fixed(seconds, seconds < 10 ? 2 : 1) + " s"
}

/// "median (min)" of a set of durations.
func medianAndMin(_ samples: Samples) -> String {
    guard !samples.isEmpty else { return "–" }
    if samples.count == 1 { return duration(samples.median) + " (1 run)" }
    return duration(samples.median) + " (" + duration(samples.minimum) + ")"
}

/// Bytes as MiB or GiB.
func memory(_ bytes: Double) -> String {
    guard bytes.isFinite, bytes > 0 else { return "–" }
    let mib = bytes / 1_048_576
    return mib >= 1024 ? fixed(mib / 1024, 2) + " GiB" : fixed(mib, 0) + " MiB"
}

/// An integer with thousands separators: 73,371.
func grouped(_ value: Int) -> String {
    let digits = String(abs(value))
    var out = ""
    for (k, c) in digits.enumerated() {
        if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
        out.append(c)
    }
    return (value < 0 ? "-" : "") + out
}

/// A Markdown table: a header row, the alignment row, and the rows.
func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
    var lines = ["| " + header.joined(separator: " | ") + " |"]
    lines.append("|" + header.indices.map { $0 == 0 ? "---" : "---:" }.joined(separator: "|") + "|")
    for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
    return lines.joined(separator: "\n")
}
