/// The values bound so far, by name. A value served from the cache is bound lazily: its
/// bytes are read and decoded the first time a statement or a citation reads it, so a
/// re-run that changes only prose never loads the models it does not need.
final class BoundValues: @unchecked Sendable {
    private enum Slot {
        case ready(ValueFamily)
        case pending(@Sendable () -> ValueFamily?)
    }

    private let slots: Locked<[String: Slot]>
    /// Other names for bound values (a placeholder → the name it stands for, `CanonicalNames`).
    private let aliases = Locked<[String: String]>([:])

    /// Where the names this one does not hold are looked up.
    private let underlying: BoundValues?

    init(_ families: [String: ValueFamily] = [:]) {
        slots = Locked(families.mapValues { Slot.ready($0) })
        underlying = nil
    }

    /// `values`, except that `name` reads as `family` (`ExecutionEnvironment.reading`).
    init(_ name: String, as family: ValueFamily, over values: BoundValues) {
        slots = Locked([name: .ready(family)])
        underlying = values
    }

    func bind(_ name: String, to family: ValueFamily) {
        slots.modify { $0[name] = .ready(family) }
    }

    /// Binds a value that `load` produces when first read (nil from `load`: the name stays unbound).
    func bindLazily(_ name: String, load: @escaping @Sendable () -> ValueFamily?) {
        slots.modify { $0[name] = .pending(load) }
    }

    func alias(_ alias: String, to name: String) {
        aliases.modify { $0[alias] = name }
    }

    func isBound(_ name: String) -> Bool {
        slots.read { $0[resolved(name)] != nil } || underlying?.isBound(name) == true
    }

    private func resolved(_ name: String) -> String { aliases.read { $0[name] } ?? name }

    /// The family bound to `name`, loading it first when it is pending. Loading runs outside
    /// the lock, since it may read (and load) other values.
    subscript(alias: String) -> ValueFamily? {
        let name = resolved(alias)
        guard let slot = slots.read({ $0[name] }) else { return underlying?[alias] }
        switch slot {
        case .ready(let family): return family
        case .pending(let load):
            guard let family = load() else {
                slots.modify { $0[name] = nil }
                return nil
            }
            slots.modify { $0[name] = .ready(family) }
            return family
        }
    }
}
