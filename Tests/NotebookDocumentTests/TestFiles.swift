#if canImport(Glibc)
import Glibc
#endif

func writeFile(_ text: String, to path: String) throws {
    guard let file = fopen(path, "w") else { throw FileError() }
    fputs(text, file)
    fclose(file)
}

func removeFile(_ path: String) { unlink(path) }

struct FileError: Error {}
