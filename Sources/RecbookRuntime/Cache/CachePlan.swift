import RecbookFiles
import RecbookResults
import RecbookLanguage
import RecommenderKit

/// The cache key of every statement, computed from the checked program before anything runs.
///
/// A statement's key is the SHA-256 of: recbook's version and build (`CacheSettings.codeIdentity`), the notebook's seed, the
/// statement's derivation with every input replaced by the input's own key (so a change
/// anywhere upstream reaches it), the values of its sweeps and seed repeats, the SHA-256 of
/// every data file it reads, and, for the second and later of identical statements, how many
/// came before (so each has its own entry and placeholder). Names, prose, cell positions and the
/// order of independent statements are not part of it (names reach outputs only through
/// `CanonicalNames`); `--threads` is not either, since results do not depend on it.
struct CachePlan {
    struct Entry: Sendable {
        var key: String
        /// The data files the statement reads, hashed when the plan was made.
        var files: [DataFileDigest]
    }

    /// Keyed by where the statement starts.
    private(set) var entries: [SourceLocationKey: Entry] = [:]
    /// Statements that could not be keyed, and why (an unreadable data file, say): they run uncached.
    private(set) var unkeyed: [SourceLocationKey: String] = [:]
    /// The key of each bound name's statement.
    private(set) var bindingKeys: [String: String] = [:]
    /// The placeholder of each name a keyed statement binds.
    private(set) var names = CanonicalNames()

    struct SourceLocationKey: Hashable, Sendable {
        var line: Int
        var column: Int
        init(_ statement: CheckedStatement) {
            line = statement.range.lowerBound.line
            column = statement.range.lowerBound.column
        }
    }

    static let formatVersion = "recbook-cache-1"

    init(program: CheckedProgram, seed: UInt64, code: String) {
        var keys: [String: Derivation] = [:]
        var occurrences: [String: Int] = [:]
        for cell in program.cells {
            for statement in cell.statements {
                guard case .run(let name) = statement.action, let command = CommandRegistry.command(named: name),
                    command.isCacheable
                else { continue }
                var missing: String?
                let derivation = Derivation.of(statement) { input, selection in
                    guard let key = keys[input] else {
                        missing = input
                        return nil
                    }
                    if selection.isEmpty { return key }
                    return Derivation(text: key.digest + "[" + selection.map { "\($0.axis)=\($0.value)" }.joined(separator: ",") + "]")
                }
                let id = SourceLocationKey(statement)
                if let missing {
                    unkeyed[id] = "reads `\(missing)`, which is not cached"
                    continue
                }
                var files: [DataFileDigest] = []
                do {
                    for path in command.inputFiles(of: statement) { files.append(try DataFileDigest.of(path)) }
                } catch {
                    unkeyed[id] = "cannot hash its data: \(error)"
                    continue
                }
                var text = Self.formatVersion + " code=" + code + " seed=\(seed) " + derivation.text
                for option in statement.options where option.sweep != nil {
                    text += " sweep:" + option.name + "=[" + option.sweep!.map(\.description).joined(separator: ",") + "]"
                }
                if let replicates = statement.replicates { text += " seeds=\(replicates)" }
                text += " files=" + files.map(\.sha256).joined(separator: ",")
                let earlier = occurrences[text, default: 0]
                occurrences[text] = earlier + 1
                if earlier > 0 { text += " occurrence=\(earlier)" }
                let key = Derivation(text: text)
                if let binding = statement.binding {
                    keys[binding.name] = key
                    bindingKeys[binding.name] = key.digest
                    names.add(name: binding.name, key: key.digest)
                }
                entries[id] = Entry(key: key.digest, files: files)
            }
        }
    }

    func entry(for statement: CheckedStatement) -> Entry? { entries[SourceLocationKey(statement)] }

    /// The key of a citation's result: what it shows of which values (their keys, so a change
    /// upstream reaches it). Nil when a cited value is not cached.
    func key(of citation: CheckedCitation) -> String? {
        func reference(_ value: Value?) -> String? {
            guard let value else { return "none" }
            guard let (name, selection) = value.referencedName, let key = bindingKeys[name] else { return nil }
            return key + "[" + selection.map { "\($0.axis)=\($0.value)" }.joined(separator: ",") + "]"
        }
        guard let subject = reference(citation.subject), let baseline = reference(citation.baseline) else { return nil }
        let text = "citation \(citation.literal) \(citation.quantity) \(citation.metric) \(citation.cutoff.map(String.init) ?? "_") "
            + "\(citation.part.rawValue) \(citation.overSeeds) of \(subject) against \(baseline)"
        return Derivation(text: text).digest
    }
    func reasonUnkeyed(_ statement: CheckedStatement) -> String? { unkeyed[SourceLocationKey(statement)] }
}

/// What the cache stores for a statement, in two entries: what its cell showed (before
/// `output=` filtering), read on every hit, and its values, read only when something reads
/// them (a prose-only edit never loads a model).
struct CachedOutputs: Codable {
    var outputs: [CellOutput]
    /// Each element's derivation, when the statement has a value.
    var derivations: [String]?
    /// The data files the statement read, for the run manifest.
    var dataFiles: [DataFileDigest]
}

struct CachedValues: Codable {
    var values: [RuntimeValue]
}

extension CachePlan.Entry {
    /// The key of the values' entry.
    var valuesKey: String { Derivation(text: key + " values").digest }
}
