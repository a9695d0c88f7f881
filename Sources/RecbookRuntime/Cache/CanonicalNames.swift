import NotebookDocument
import RecbookLanguage
import RecbookResults
import ValueCache

/// Names as cached statements see them, so that renaming a binding never changes a key.
///
/// A name is presentation: commands write it into their outputs ("Training loss of “bpr”") and
/// into their values (a model remembers its dataset's name). For the cache to serve a statement
/// whatever its names, a cached statement runs with every name that a keyed statement bound
/// replaced by a placeholder made from that statement's key, a token no source text can contain
/// (private-use characters around the key's first hex digits). Its outputs and values then hold
/// placeholders, the same in every run whose keys agree. Everything that leaves the runtime
/// (cell outputs, failure messages, progress, citations) is realised, placeholders back to
/// this run's names, just before it is shown.
struct CanonicalNames: Sendable {
    /// Bound name → its placeholder, for the names keyed statements bind.
    private(set) var placeholders: [String: String] = [:]
    /// Placeholder → the name it stands for in this run.
    private var names: [String: String] = [:]

    static let opening: Unicode.Scalar = "\u{E000}"
    static let closing: Unicode.Scalar = "\u{E001}"

    static func placeholder(forKey digest: String) -> String {
        String(Character(opening)) + digest.prefix(20) + String(Character(closing))
    }

    mutating func add(name: String, key digest: String) {
        let placeholder = Self.placeholder(forKey: digest)
        placeholders[name] = placeholder
        names[placeholder] = name
    }

    var isEmpty: Bool { placeholders.isEmpty }

    // MARK: Canonical statements

    private func canonical(_ name: String) -> String { placeholders[name] ?? name }

    private func canonical(_ value: Value) -> Value {
        switch value {
        case .reference(let name): .reference(canonical(name))
        case .element(let name, let coordinates): .element(of: canonical(name), at: coordinates)
        case .list(let values): .list(values.map(canonical))
        default: value
        }
    }

    /// The statement with every placeholder-bearing name it binds or reads replaced.
    func canonical(_ statement: CheckedStatement) -> CheckedStatement {
        guard !isEmpty else { return statement }
        var result = statement
        if case .show(let name) = statement.action { result.action = .show(name: canonical(name)) }
        if var binding = result.binding {
            binding.name = canonical(binding.name)
            binding.dataset = binding.dataset.map(canonical)
            result.binding = binding
        }
        for index in result.subjects.indices { result.subjects[index].value = result.subjects[index].value.map(canonical) }
        for index in result.options.indices {
            result.options[index].value = result.options[index].value.map(canonical)
            result.options[index].sweep = result.options[index].sweep?.map(canonical)
        }
        result.dependencies = result.dependencies.map(canonical)
        return result
    }

    // MARK: Realising what is shown

    /// The text with each placeholder replaced by its name in this run.
    func realise(_ text: String) -> String {
        guard !isEmpty, text.unicodeScalars.contains(Self.opening) else { return text }
        var out = String.UnicodeScalarView()
        var pending: String.UnicodeScalarView?
        for scalar in text.unicodeScalars {
            if scalar == Self.opening {
                if let open = pending { out.append(contentsOf: open) }
                pending = String.UnicodeScalarView([scalar])
            } else if var open = pending {
                open.append(scalar)
                if scalar == Self.closing {
                    let token = String(open)
                    out.append(contentsOf: (names[token] ?? token).unicodeScalars)
                    pending = nil
                } else {
                    pending = open
                }
            } else {
                out.append(scalar)
            }
        }
        if let open = pending { out.append(contentsOf: open) }
        return String(out)
    }

    /// Every string in `value` realised (outputs, citations: small values, so a pass over the coding tree).
    func realise<T: Codable>(_ value: T) -> T {
        guard !isEmpty else { return value }
        return (try? BinaryCoding.mappingStrings(in: value, realise)) ?? value
    }
}

/// Passes progress on with placeholders realised.
final class RealisingObserver: RunObserver, @unchecked Sendable {
    let inner: RunObserver
    let names: CanonicalNames
    init(_ inner: RunObserver, names: CanonicalNames) {
        self.inner = inner
        self.names = names
    }
    func cellWillRun(index: Int, count: Int, cell: Cell) { inner.cellWillRun(index: index, count: count, cell: cell) }
    func statementWillRun(line: Int) { inner.statementWillRun(line: line) }
    func progress(task: String, completed: Int, total: Int, detail: String, elapsedSeconds: Double) {
        inner.progress(task: names.realise(task), completed: completed, total: total, detail: names.realise(detail), elapsedSeconds: elapsedSeconds)
    }
    func cellDidFinish(_ result: CellResult, cell: Cell) { inner.cellDidFinish(result, cell: cell) }
}
