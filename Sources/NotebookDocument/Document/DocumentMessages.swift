/// Every message the notebook and front-matter parsers report, in one place (as swift-format
/// keeps its finding messages): the parsers say where and which, this says how it reads.
enum DocumentMessages {
    // MARK: Reading the file

    static func cannotRead(_ path: String, reason: String) -> String { "cannot read notebook '\(path)': \(reason)" }
    static let isFolder = "it is a folder"
    static let notRegularFile = "it is not a regular file (a device, pipe or socket)"
    static func tooLarge(bytes: Int, limitMiB: Int) -> String { "it is \(bytes) bytes; notebooks may have at most \(limitMiB) MiB" }
    static func grewTooLarge(limitMiB: Int) -> String { "it grew past \(limitMiB) MiB while being read" }

    // MARK: Markdown and cells

    static func nestedTooDeep(_ levels: Int) -> String { "lists and quotes are nested more than \(levels) levels deep here" }
    static func notACell(infoString word: String) -> String { "this block is not run: its info string is `\(word)`; a cell's is `recbook`" }
    static func unclosedCell(fence: String, lastLine: Int) -> String {
        "this cell is never closed: no \(fence) line ends it, so every line up to line \(lastLine) is its code"
    }

    // MARK: Front matter

    static func keyGivenTwice(_ key: String) -> String { "'\(key)' is given twice in the front matter" }
    static let paramsOnFollowingLines = "'params:' takes its entries on the following indented lines"
    static func seedNotAWholeNumber(_ value: String) -> String {
        "seed must be a whole number from 0 to 18446744073709551615, not '\(value)'"
    }
    static func unknownKey(_ key: String) -> String {
        "unknown front matter key '\(key)' is ignored; recbook reads title, author, date, seed and params"
    }
    static func badParameterName(_ name: String) -> String {
        "parameter name '\(name)' must start with a letter or '_' and contain only letters, digits and '_'"
    }
    static func parameterDeclaredTwice(_ name: String) -> String { "parameter '\(name)' is declared twice" }
    static func unclosedString(quote: String) -> String { "string is not closed: add \(quote) at its end" }
    static let unclosedList = "list is not closed: add ']' at its end"
}
