import RecbookFiles
import RecbookLanguage

/// How a parameter's value appears in the run manifest.
///
/// The rule: every string that is an absolute path (starts with `/`), alone or inside a
/// list, is shown relative to the working directory, as data files are, because paths a
/// notebook reads resolve against that directory. So `--set data=/home/ada/proj/Data/x.tsv`
/// run in `/home/ada/proj` is recorded as `"Data/x.tsv"`, and the published report does not
/// reveal the author's machine. Whether the path exists does not matter (the manifest does
/// not depend on the file system); every other value is shown as written.
enum ParameterDisplay {
    static func text(of value: Value) -> String {
        shown(value).description
    }

    private static func shown(_ value: Value) -> Value {
        switch value {
        case .string(let s):
            .string(PathDisplay.relativeToWorkingDirectory(s))
        case .list(let items):
            .list(items.map(shown))
        default:
            value
        }
    }
}
