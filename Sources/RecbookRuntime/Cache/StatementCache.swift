import RecbookFiles
import RecbookLanguage
import RecbookResults
import RecommenderKit
import Dispatch
import ValueCache

/// The value cache as a run uses it: the plan of keys, the store, and what happened.
final class StatementCache: @unchecked Sendable {
    enum Lookup {
        case hit(CachedOutputs, seconds: Double)
        case miss
        case corrupt(String)
    }

    let plan: CachePlan
    let store: ValueStore
    let settings: CacheSettings
    private let corruptCount = Locked(0)
    /// Entries are encoded and written here, beside the computation; `finish()` waits for them.
    private let writer = DispatchQueue(label: "recbook.cache.writer")
    private let writes = DispatchGroup()

    /// Nil when the folder cannot be used (the run then computes everything).
    init?(settings: CacheSettings, program: CheckedProgram, seed: UInt64) {
        guard let store = try? ValueStore(folder: settings.folder, capacityBytes: settings.capacityBytes) else { return nil }
        self.store = store
        self.settings = settings
        plan = CachePlan(program: program, seed: seed, code: settings.codeIdentity)
    }

    private func damaged(_ reason: String) -> Lookup {
        corruptCount.modify { $0 += 1 }
        return .corrupt(reason)
    }

    /// Whether a lookup of `entry` may hit (its outputs are stored): a statement that may be
    /// served gets no elements started early (`FamilySchedule`), which would be thrown away.
    func mayHit(_ entry: CachePlan.Entry) -> Bool { !settings.refresh && store.contains(entry.key) }

    /// The outputs of a statement computed before; a hit also needs its values' entry.
    func lookup(_ entry: CachePlan.Entry, hasValue: Bool) -> Lookup {
        if settings.refresh { return .miss }
        switch store.read(entry.key) {
        case .miss: return .miss
        case .corrupt(let reason): return damaged(reason)
        case .hit(let payload, let metadata):
            guard let cached = try? BinaryCoding.decode(CachedOutputs.self, from: payload) else {
                return damaged("its outputs do not decode")
            }
            if hasValue && (cached.derivations == nil || !store.contains(entry.valuesKey)) { return .miss }
            return .hit(cached, seconds: metadata.seconds)
        }
    }

    /// The values of a hit, read and checked when first needed; nil when the entry is gone or damaged.
    func values(_ entry: CachePlan.Entry) -> [RuntimeValue]? {
        switch store.read(entry.valuesKey) {
        case .hit(let payload, _):
            if let cached = try? BinaryCoding.decode(CachedValues.self, from: payload) { return cached.values }
            corruptCount.modify { $0 += 1 }
            return nil
        case .corrupt:
            corruptCount.modify { $0 += 1 }
            return nil
        case .miss:
            return nil
        }
    }

    /// Stores what a statement computed, in the background. Not when the data it read changed
    /// after its key was made: that value belongs to other bytes than the key says.
    func store(family: ValueFamily?, outputs: [CellOutput], entry: CachePlan.Entry, seconds: Double, statement: String) {
        let dataFiles = (family?.elements ?? []).flatMap { element -> [DataFileDigest] in
            if case .dataset(let value) = element.value { return value.dataset.sourceDigests }
            return []
        }
        if !entry.files.isEmpty {
            guard Set(dataFiles.map(\.sha256)) == Set(entry.files.map(\.sha256)) else { return }
        }
        let store = self.store
        let metadata = EntryMetadata(seconds: seconds, statement: statement)
        writer.async(group: writes) {
            // A full disk or a read-only folder costs only the cache, never the run.
            if let family {
                guard let values = try? BinaryCoding.encode(CachedValues(values: family.elements.map(\.value))),
                    (try? store.write(entry.valuesKey, payload: values, metadata: metadata)) == true
                else { return }
            }
            let cached = CachedOutputs(outputs: outputs, derivations: family?.elements.map(\.derivation.text), dataFiles: dataFiles)
            guard let payload = try? BinaryCoding.encode(cached) else { return }
            _ = try? store.write(entry.key, payload: payload, metadata: metadata)
        }
    }

    /// The citations of the prose, from the cache where their values' keys have a result (so
    /// a prose edit need not load the evaluations they cite), computed and stored otherwise.
    func citations(_ citations: [CheckedCitation], values: BoundValues) -> [CitationResult] {
        citations.map { citation in
            guard let key = plan.key(of: citation) else { return CitationEvaluator.evaluate(citation, values: values) }
            if !settings.refresh, case .hit(let payload, _) = store.read(key),
                let result = try? BinaryCoding.decode(CitationResult.self, from: payload) {
                return result
            }
            let result = CitationEvaluator.evaluate(citation, values: values)
            if result.text != nil, let payload = try? BinaryCoding.encode(result) {
                let store = self.store
                writer.async(group: writes) {
                    _ = try? store.write(key, payload: payload, metadata: EntryMetadata(seconds: 0, statement: citation.literal))
                }
            }
            return result
        }
    }

    /// Waits until every entry of the run is written.
    func finish() { writes.wait() }

    func use(_ cells: [CellResult]) -> RunManifest.CacheUse {
        RunManifest.CacheUse(
            folder: PathDisplay.relativeToWorkingDirectory(settings.folder), cells: cells, corrupt: corruptCount.read { $0 })
    }

    // MARK: Expected times, for `recbook run --plan`

    /// A statement's identity across edits: the notebook and what it binds (or its command and line).
    static func timingIdentity(_ statement: CheckedStatement, notebook: String) -> String {
        notebook + " " + (statement.binding?.name ?? "\(statement.command ?? "show")@\(statement.range.lowerBound.line)")
    }

    private var timingsPath: String { settings.folder + "/timings.tsv" }

    func timings() -> [String: Double] {
        guard let bytes = ValueStore.readWhole(timingsPath) else { return [:] }
        let text = String(decoding: bytes, as: UTF8.self)
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2, let seconds = Double(parts[0]) { out[String(parts[1])] = seconds }
        }
        return out
    }

    /// Remembers how long each computed statement took, for the next plan.
    func recordTimings(_ cells: [CellResult], program: CheckedProgram, notebook: String) {
        var known = timings()
        let statements = program.cells.flatMap(\.statements)
        for record in cells.flatMap(\.statements) where record.source == .computed {
            guard let statement = statements.first(where: { $0.range.lowerBound.line == record.line }) else { continue }
            known[Self.timingIdentity(statement, notebook: notebook)] = record.seconds
        }
        let text = known.keys.sorted().map { "\(known[$0]!)\t\($0)" }.joined(separator: "\n") + "\n"
        try? AtomicFile.write(text, to: timingsPath)
    }
}

/// One line of `recbook run --plan`: what a run would do with a statement.
public struct PlannedStatement: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Served from the cache; the time it took when computed.
        case fromCache(seconds: Double)
        /// Computed; the time an earlier run of the same statement took, when known.
        case compute(expectedSeconds: Double?)
        /// Served from the cache, once an earlier notebook of the same run has computed it.
        case fromEarlierNotebook
        /// Always run (`show`, `export`), or not cacheable, with why.
        case alwaysRun(String)
    }
    public var line: Int
    public var source: String
    public var action: Action
    /// The statement's cache key, when it has one.
    public var key: String?
}

extension NotebookRunner {
    /// What a run would compute and what it would take from the cache, without running
    /// anything (data files are hashed). `computedEarlier`: keys that notebooks running before
    /// this one in the same run, into the same cache, will compute. Nil without a cache.
    public func plan(computedEarlier: Set<String> = []) -> [PlannedStatement]? {
        guard let settings = configuration.cache,
            let cache = StatementCache(settings: settings, program: program, seed: configuration.seed)
        else { return nil }
        let timings = cache.timings()
        return program.cells.flatMap(\.statements).map { statement in
            let line = statement.range.lowerBound.line
            let source = statementText(statement)
            guard let entry = cache.plan.entry(for: statement) else {
                let reason = cache.plan.reasonUnkeyed(statement)
                    ?? (statement.command == nil ? "shows a value" : "`\(statement.command!)` runs every time")
                return PlannedStatement(line: line, source: source, action: .alwaysRun(reason))
            }
            if !settings.refresh, let metadata = cache.store.metadata(entry.key) {
                return PlannedStatement(line: line, source: source, action: .fromCache(seconds: metadata.seconds), key: entry.key)
            }
            if !settings.refresh, computedEarlier.contains(entry.key) {
                return PlannedStatement(line: line, source: source, action: .fromEarlierNotebook, key: entry.key)
            }
            let expected = timings[StatementCache.timingIdentity(statement, notebook: notebook.path)]
            return PlannedStatement(line: line, source: source, action: .compute(expectedSeconds: expected), key: entry.key)
        }
    }
}
