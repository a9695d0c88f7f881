import Foundation
import NotebookDocument

/// What the reports do with prose links and images that name files beside the notebook:
/// links are rewritten to reach the same file from the output folder; in the HTML report,
/// images are inlined as data URIs. Only files the notebook names are read, and only images of
/// a known type (`ProseImageType`) up to its size cap.
struct ProseLinks {
    var notebookPath: String
    /// The folder the report is written to; nil leaves relative links as written.
    var outputDirectory: String?

    /// A relative link's destination from the output folder; nil keeps it (URLs, anchors).
    func rewrite(_ url: String) -> String? {
        guard let outputDirectory, let target = RelativeTarget(url: url) else { return nil }
        return target.rewritten(notebookPath: notebookPath, outputDirectory: outputDirectory)
    }

    /// An `<img>` holding the image as a data URI; when it cannot be inlined (missing, too large,
    /// unknown type: `check` warns), one pointing at it from the output folder. Nil keeps it.
    func imageHTML(url: String, alt: String) -> String? {
        guard let target = RelativeTarget(url: url) else { return nil }
        if let data = inlineData(target) {
            return "<img src=\"\(data)\" alt=\"\(escapeHTML(alt))\">"
        }
        guard let rewritten = rewrite(url) else { return nil }
        return "<img src=\"\(escapeHTML(rewritten))\" alt=\"\(escapeHTML(alt))\">"
    }

    private func inlineData(_ target: RelativeTarget) -> String? {
        let path = target.resolved(notebookPath: notebookPath)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let size = attributes[.size] as? Int, size <= ProseImageType.maximumBytes,
            let data = FileManager.default.contents(atPath: path),
            let type = ProseImageType(bytes: Array(data), path: path)
        else { return nil }
        return "data:\(type.rawValue);base64,\(data.base64EncodedString())"
    }
}
