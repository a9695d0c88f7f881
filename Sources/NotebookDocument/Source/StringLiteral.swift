/// The recbook literal of a string value: double quotes, with `"`, `\`, newline and tab
/// escaped. Front matter defaults and the language's lexer both write literals this way.
public func recbookStringLiteral(_ value: String) -> String {
    var result = "\""
    for c in value.unicodeScalars {
        switch c {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        default: result.unicodeScalars.append(c)
        }
    }
    return result + "\""
}
