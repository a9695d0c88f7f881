import CLibFuzzer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// libFuzzer's driver, testing `fuzzCheck` (-sanitize=fuzzer links it in). SwiftPM gives the executable
// its own entry point, so libFuzzer's `main` is not used: this top-level code calls the driver.
var arguments = CommandLine.argc
var values: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &values) { data, size in fuzzCheck(data, size) })
