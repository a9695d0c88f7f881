#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C library's elementary functions under names that do not clash with local variables.
@inline(__always) func logOf(_ x: Double) -> Double { log(x) }
@inline(__always) func expOf(_ x: Double) -> Double { exp(x) }
@inline(__always) func powOf(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) func cosOf(_ x: Double) -> Double { cos(x) }
