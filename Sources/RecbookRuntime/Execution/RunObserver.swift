import RecbookResults
import NotebookDocument

/// Hears about a run as it happens, for progress displays. Every call comes from the
/// thread that runs the notebook, in order.
public protocol RunObserver: AnyObject {
    /// A cell is about to run (`index` is 0-based, among `count` cells).
    func cellWillRun(index: Int, count: Int, cell: Cell)
    /// A statement starting on `line` is about to run (or be served from the cache).
    func statementWillRun(line: Int)
    /// A long step inside a cell advanced: `completed` of `total` units (epochs, say),
    /// with a short description such as "train bprmf" and a detail such as "loss 1234.5".
    func progress(task: String, completed: Int, total: Int, detail: String, elapsedSeconds: Double)
    /// A cell finished, failed, or was skipped because an earlier one failed.
    func cellDidFinish(_ result: CellResult, cell: Cell)
}

/// Observes nothing.
public final class SilentRunObserver: RunObserver, @unchecked Sendable {
    public init() {}
    public func cellWillRun(index: Int, count: Int, cell: Cell) {}
    public func statementWillRun(line: Int) {}
    public func progress(task: String, completed: Int, total: Int, detail: String, elapsedSeconds: Double) {}
    public func cellDidFinish(_ result: CellResult, cell: Cell) {}
}
