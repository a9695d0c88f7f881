#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard normal draws by the ziggurat method (Marsaglia & Tsang 2000, 256 layers of equal
/// area, the method NumPy's `Generator.standard_normal` uses). About 99 % of draws take one
/// generator output, a table lookup and a compare; Box–Muller needs two outputs, a logarithm
/// and a cosine for every draw, which made random directions the slowest part of an attack.
///
/// Each draw takes one 64-bit output: its low 8 bits pick the layer, bits 11…63 give a signed
/// uniform in [−1, 1), so the two never share a bit. Exact: the rejection steps make the
/// result follow the normal density, whatever the layers' rounding.
enum NormalZiggurat {
    /// The base layer's right edge r and the common area v of the layers (Marsaglia & Tsang).
    static let tailStart = 3.6541528853610088
    static let layerArea = 0.00492867323399

    /// `edges[i]` is the right edge of layer i (decreasing; `edges[0]` = v / f(r) is the base
    /// layer's width including its tail, `edges[256]` = 0); `heights[i]` = f(edges[i]).
    struct Tables: Sendable {
        let edges: [Double]
        let heights: [Double]
    }

    static let tables: Tables = {
        let r = tailStart, v = layerArea
        var edges = [Double](repeating: 0, count: 257)
        edges[0] = v / density(r)
        edges[1] = r
        for i in 1..<255 { edges[i + 1] = (-2 * log(v / edges[i] + density(edges[i]))).squareRoot() }
        edges[256] = 0
        return Tables(edges: edges, heights: edges.map(density))
    }()

    /// The unnormalised normal density e^(−x²/2).
    @inline(__always)
    static func density(_ x: Double) -> Double { exp(-0.5 * x * x) }

    static func next(using generator: inout SeededGenerator) -> Double {
        let edges = tables.edges, heights = tables.heights
        while true {
            let bits = generator.next()
            let layer = Int(bits & 0xFF)
            let u = Double(Int64(bitPattern: bits) >> 11) * 0x1p-52
            let x = u * edges[layer]
            if abs(x) < edges[layer + 1] { return x }
            if layer == 0 { return tail(negative: u < 0, using: &generator) }
            let y = heights[layer] + (heights[layer + 1] - heights[layer]) * generator.nextUnitDouble()
            if y < density(x) { return x }
        }
    }

    /// A draw from the tail beyond r (Marsaglia 1964).
    private static func tail(negative: Bool, using generator: inout SeededGenerator) -> Double {
        var x: Double, y: Double
        repeat {
            x = -log(1 - generator.nextUnitDouble()) / tailStart
            y = -log(1 - generator.nextUnitDouble())
        } while 2 * y < x * x
        return negative ? -(tailStart + x) : tailStart + x
    }
}
