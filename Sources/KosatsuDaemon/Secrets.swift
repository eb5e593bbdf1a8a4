import Foundation
import KosatsuLayout
import Yams

/// Reads credentials from files, refusing to be careless with them.
enum Secrets {
    /// The first line of the file; a world-readable file is accepted with a warning in the diagnostics
    /// log (systemd units should keep it 0600 or 0640).
    static func read(_ path: String, reader: YAMLReader, at node: Node?) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            reader.report("cannot read the token file \(path)", at: node)
            return nil
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let permissions = attributes[.posixPermissions] as? Int, permissions & 0o004 != 0
        {
            warnings.append("the token file \(path) is world-readable; chmod 600 it")
        }
        let token =
            String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !token.isEmpty else {
            reader.report("the token file \(path) is empty", at: node)
            return nil
        }
        return token
    }

    /// Warnings gathered while reading, logged once the logger is up.
    nonisolated(unsafe) static var warnings: [String] = []
}
