#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's calls that recbook names explicitly, in one place for both platforms it builds
/// on: Glibc on Linux (tested), Darwin on macOS (builds, untested; docs/portability.md).
/// Callers that sit inside types with their own `read`/`write` methods use these names so the
/// C function is meant, whichever module provides it.
public enum SystemCall {
    /// `write(2)`: how many bytes were written, or -1 with `errno` set.
    public static func write(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
        #else
        Darwin.write(descriptor, bytes, count)
        #endif
    }

    /// `read(2)`: how many bytes were read (0 at end of file), or -1 with `errno` set.
    public static func read(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, bytes, count)
        #else
        Darwin.read(descriptor, bytes, count)
        #endif
    }

    /// `signal(3)`: installs `handler` for `number`.
    public static func signal(_ number: Int32, _ handler: (@convention(c) (Int32) -> Void)?) {
        #if canImport(Glibc)
        _ = Glibc.signal(number, handler)
        #else
        _ = Darwin.signal(number, handler)
        #endif
    }

    /// `exit(3)`: ends the process at once with `status`.
    public static func exit(_ status: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(status)
        #else
        Darwin.exit(status)
        #endif
    }
}
