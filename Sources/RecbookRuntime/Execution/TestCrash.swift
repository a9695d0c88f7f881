#if canImport(Glibc)
import Glibc
#endif

/// A way for tests to make a statement stop recbook abruptly, as a failed internal check or
/// an out-of-memory kill would, so they can check that the reports of earlier cells survive.
/// Only debug builds look at it: a release build has no such switch.
///
/// `RECBOOK_TEST_CRASH=LINE:trap` traps (a failed precondition, SIGILL on x86-64, SIGTRAP
/// on arm64) when the statement on LINE starts; `LINE:kill` sends the process SIGKILL.
enum TestCrash {
    static func stopIfRequested(atLine line: Int) {
        #if DEBUG
        guard let value = getenv("RECBOOK_TEST_CRASH") else { return }
        let parts = String(cString: value).split(separator: ":")
        guard parts.count == 2, Int(parts[0]) == line else { return }
        switch parts[1] {
        case "kill": raise(SIGKILL)
        case "trap": preconditionFailure("RECBOOK_TEST_CRASH asked the statement on line \(line) to trap")
        default: return
        }
        #endif
    }
}
