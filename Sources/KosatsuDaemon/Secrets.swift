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

    /// Compares two secrets in time that depends only on their lengths, not on where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(truncatingIfNeeded: x.count ^ y.count)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
