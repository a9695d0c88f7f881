import ArgumentParser

/// recbook's exit codes, in one place (documented in README and `recbook --help`).
enum RecbookExit {
    /// A cell failed while running (the reports are still written).
    static let cellFailed = ExitCode(1)
    /// recbook stopped abruptly while running a statement (a failed internal check, a memory
    /// fault, or a kill such as the system's when memory runs out); the reports of the cells
    /// before it were written.
    static let stopped = ExitCode(3)
    /// Bad usage, an unreadable notebook, or a notebook that does not check (sysexits' EX_USAGE).
    static let usage = ExitCode(64)
    /// `recbook preview`'s server program stopped while it served (sysexits' EX_UNAVAILABLE).
    static let previewServerStopped = ExitCode(69)
    /// This build's instructions are not supported by the CPU (sysexits' EX_SOFTWARE).
    static let unsupportedCPU = ExitCode(70)
}
