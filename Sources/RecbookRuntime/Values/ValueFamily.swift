import RecbookLanguage

/// A bound value over its axes: one element per point of the axes' product, in row-major
/// order (the last axis varies fastest). A single value is a family with no axes.
struct ValueFamily: Sendable {
    struct Element: Sendable {
        var value: RuntimeValue
        var derivation: Derivation
    }

    var axes: [Axis]
    var elements: [Element]

    /// The identity of the whole family, for statements that read it at once.
    var derivation: Derivation {
        if axes.isEmpty, let only = elements.first { return only.derivation }
        return Derivation(text: "family " + elements.map(\.derivation.digest).joined(separator: ","))
    }

    /// The smaller family left when some axes are fixed (`hits[epsilon=0.5]`).
    func selecting(_ selection: [Coordinate]) -> ValueFamily {
        guard !selection.isEmpty else { return self }
        let kept = axes.filter { axis in !selection.contains { $0.axis == axis.name } }
        let fixed = Dictionary(uniqueKeysWithValues: selection.map { ($0.axis, $0.value) })
        let elements = Self.points(of: kept).map { point in element(at: point.merging(fixed) { a, _ in a }) }
        return ValueFamily(axes: kept, elements: elements)
    }

    static func single(_ value: RuntimeValue, derivation: Derivation) -> ValueFamily {
        ValueFamily(axes: [], elements: [Element(value: value, derivation: derivation)])
    }

    /// The element at the point whose coordinates are given by axis name (extra names are ignored).
    func element(at coordinates: [String: Value]) -> Element {
        elements[Self.index(of: coordinates, in: axes)]
    }

    /// The row-major index of a point; every axis must have a coordinate.
    static func index(of coordinates: [String: Value], in axes: [Axis]) -> Int {
        var index = 0
        for axis in axes {
            guard let value = coordinates[axis.name], let position = axis.values.firstIndex(of: value) else {
                preconditionFailure("no coordinate for axis `\(axis.name)`")
            }
            index = index * axis.values.count + position
        }
        return index
    }

    /// Every point of the axes' product, in row-major order.
    static func points(of axes: [Axis]) -> [[String: Value]] {
        var points: [[String: Value]] = [[:]]
        for axis in axes {
            points = points.flatMap { point in
                axis.values.map { value in
                    var next = point
                    next[axis.name] = value
                    return next
                }
            }
        }
        return points
    }
}
