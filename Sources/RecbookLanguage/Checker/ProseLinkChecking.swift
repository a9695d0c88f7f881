import Foundation
import NotebookDocument

/// Warnings about prose links and images whose relative target will not resolve: the file is
/// missing beside the notebook, or an image cannot be inlined into the HTML report. Only the
/// files the notebook names are looked at.
public enum ProseLinkChecker {
    public static func warnings(for notebook: Notebook) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for block in notebook.blocks {
            guard case .prose(let prose) = block else { continue }
            for link in prose.links {
                guard let target = RelativeTarget(url: link.url) else { continue }
                let path = target.resolved(notebookPath: notebook.path)
                let range = link.location..<SourceLocation(line: link.location.line, column: link.location.column + 1)
                func warn(_ identifier: String, _ summary: String) {
                    warnings.append(Diagnostic(severity: .warning, file: notebook.path, range: range, identifier: identifier, summary: summary))
                }
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    warn("missing-link-target", link.isImage ? ProseLinkMessages.missingImage(target.path) : ProseLinkMessages.missingLink(target.path))
                    continue
                }
                guard link.isImage else { continue }
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                if isDirectory.boolValue || size > ProseImageType.maximumBytes {
                    warn("image-not-inlined", ProseLinkMessages.imageTooLarge(target.path))
                } else if let data = FileManager.default.contents(atPath: path), ProseImageType(bytes: Array(data), path: path) == nil {
                    warn("image-not-inlined", ProseLinkMessages.imageUnknownType(target.path))
                }
            }
        }
        return warnings
    }
}

/// The text of prose link warnings, in one place.
enum ProseLinkMessages {
    static func missingLink(_ path: String) -> String {
        "link target '\(path)' does not exist (relative to the notebook); the link will not resolve in the reports"
    }

    static func missingImage(_ path: String) -> String {
        "image '\(path)' does not exist (relative to the notebook); the reports will show it broken"
    }

    static func imageTooLarge(_ path: String) -> String {
        "image '\(path)' is larger than \(ProseImageType.maximumBytes >> 20) MB; the HTML report will not inline it"
    }

    static func imageUnknownType(_ path: String) -> String {
        "image '\(path)' is not PNG, JPEG, GIF, WebP or SVG; the HTML report will not inline it"
    }
}
