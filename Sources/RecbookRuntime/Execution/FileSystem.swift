#if canImport(Glibc)
import Glibc
#endif

/// Whether `path` names an existing directory.
func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}
