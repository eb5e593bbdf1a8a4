import Foundation
import KosatsuConfig
import KosatsuData
import KosatsuLayout
import Yams

/// Reads credentials from files, refusing to be careless with them.
enum Secrets {
    /// The first line of the file; a group- or world-readable file is accepted with a warning in the
    /// log (keep it 0600, owned by the sign's user), added to `warnings`.
    static func read(_ path: String, reader: YAMLReader, at node: Node?, warnings: inout [String]) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            reader.report("cannot read the token file \(path)", at: node)
            return nil
        }
        if let warning = CredentialFile.permissionWarning(path) { warnings.append(warning) }
        let token =
            String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !token.isEmpty else {
            reader.report("the token file \(path) is empty", at: node)
            return nil
        }
        return token
    }
}
