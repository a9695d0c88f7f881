import RecbookLanguage
import RecbookFiles

/// What a statement's value is derived from: its command, its subjects and the options
/// that affect its value (defaults included, in declaration order), with every input
/// replaced by that input's own derivation. Names, positions and prose are not part of it,
/// so renaming a binding or moving an independent statement changes nothing it draws,
/// and two statements with equal derivations compute bit-identical values.
struct Derivation: Sendable, Hashable, CustomStringConvertible {
    /// The canonical text, e.g. `train bprmf @3f2a… epochs=5 factors=64 …`.
    let text: String
    /// SHA-256 of `text`, hex; the identity a cache can key on.
    let digest: String

    init(text: String) {
        self.text = text
        digest = SHA256.hexDigest(of: Array(text.utf8))
    }

    /// The label of the statement's random stream: the digest's first 64 bits.
    var streamLabel: UInt64 { UInt64(digest.prefix(16), radix: 16) ?? 0 }

    var description: String { text }

    /// The derivation of `statement`, given the derivations of the values it reads.
    /// `replicate` is the element's seed number when the statement itself runs over seeds.
    /// `inputs(name, selection)` gives the derivation of what a reference reads.
    static func of(
        _ statement: CheckedStatement, replicate: Value? = nil, inputs: (String, [Coordinate]) -> Derivation?
    ) -> Derivation {
        func canonical(_ value: Value) -> String {
            switch value {
            case .reference(let name): "@" + (inputs(name, [])?.digest ?? "?\(name)")
            case .element(let name, let selection): "@" + (inputs(name, selection)?.digest ?? "?\(name)")
            case .list(let items): "[" + items.map(canonical).joined(separator: ",") + "]"
            case .float(let x): "f" + String(x.bitPattern, radix: 16)
            case .integer(let x): "i\(x)"
            case .string(let s): "s" + String(s.utf8.count) + ":" + s
            case .boolean(let b): b ? "true" : "false"
            case .word(let w): w
            }
        }
        var parts = [statement.command ?? "show"]
        parts += statement.subjects.map { $0.value.map(canonical) ?? "_" }
        for option in statement.options where option.affectsValue {
            parts.append(option.name + "=" + (option.value.map(canonical) ?? "_"))
        }
        if let replicate { parts.append("replicate=" + canonical(replicate)) }
        return Derivation(text: parts.joined(separator: " "))
    }
}
