import Foundation
internal import Yams

/// One problem in a config file, at a line and column an operator can jump to.
public struct ConfigDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the problem is with the file as a whole.
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}

/// A config that cannot be used, with every problem found in it.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [ConfigDiagnostic]

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Reads typed values out of a YAML tree, recording every problem with its position. It mirrors
/// KosatsuLayout's reader so config and layout errors read alike.
final class ConfigReader {
    let file: String
    private(set) var diagnostics: [ConfigDiagnostic] = []

    init(file: String) {
        self.file = file
    }

    func report(_ message: String, at node: Node?) {
        let mark = node?.mark
        diagnostics.append(
            ConfigDiagnostic(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message))
    }

    func mapping(_ node: Node, what: String, allowed: Set<String>, required: [String] = []) -> ConfigFields? {
        guard case .mapping(let mapping) = node else {
            report("expected \(what) as a mapping of keys to values, found \(describe(node))", at: node)
            return nil
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                report("expected a key name, found \(describe(keyNode))", at: keyNode)
                continue
            }
            if !allowed.contains(key) {
                let hint = closest(to: key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                report(
                    "unknown key '\(key)' in \(what)\(hint); expected one of: \(allowed.sorted().joined(separator: ", "))",
                    at: keyNode)
                continue
            }
            entries[key] = (keyNode, value)
        }
        for key in required where entries[key] == nil {
            report("\(what) needs a '\(key)'", at: node)
        }
        return ConfigFields(node: node, entries: entries, reader: self)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private func closest(to word: String, in candidates: Set<String>) -> String? {
        let limit = max(1, min(3, word.count / 3))
        var best: (word: String, distance: Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(Array(word.lowercased()), Array(candidate.lowercased()))
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.word
    }

    private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// The checked entries of one YAML mapping.
struct ConfigFields {
    let node: Node
    let entries: [String: (key: Node, value: Node)]
    let reader: ConfigReader

    subscript(key: String) -> Node? { entries[key]?.value }

    func string(_ key: String) -> String? {
        guard let node = self[key] else { return nil }
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            reader.report("'\(key)' must be text, found \(reader.describe(node))", at: node)
            return nil
        }
        return scalar.string
    }

    func int(_ key: String, range: ClosedRange<Int>) -> Int? {
        guard let node = self[key] else { return nil }
        guard case .scalar = node, let value = node.int else {
            reader.report("'\(key)' must be a whole number, found \(reader.describe(node))", at: node)
            return nil
        }
        guard range.contains(value) else {
            reader.report(
                "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), found \(value)", at: node)
            return nil
        }
        return value
    }

    func double(_ key: String, range: ClosedRange<Double>) -> Double? {
        guard let node = self[key] else { return nil }
        guard case .scalar = node, let value = node.float ?? node.int.map(Double.init) else {
            reader.report("'\(key)' must be a number, found \(reader.describe(node))", at: node)
            return nil
        }
        guard range.contains(value) else {
            reader.report(
                "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), found \(value)", at: node)
            return nil
        }
        return value
    }

    func bool(_ key: String) -> Bool? {
        guard let node = self[key] else { return nil }
        guard case .scalar = node, let value = node.bool else {
            reader.report("'\(key)' must be true or false, found \(reader.describe(node))", at: node)
            return nil
        }
        return value
    }

    /// Seconds as a number, or `30s`, `5m`, `2h`, `1d`.
    func duration(_ key: String, minimum: Double = 0) -> Duration? {
        guard let node = self[key] else { return nil }
        guard case .scalar(let scalar) = node else {
            reader.report(
                "'\(key)' must be a duration like 60, 30s, 5m or 1h, found \(reader.describe(node))", at: node)
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        var seconds = Double(text)
        if seconds == nil {
            for (suffix, factor) in units where text.hasSuffix(suffix) {
                if let number = Double(text.dropLast(suffix.count)) {
                    seconds = number * factor
                    break
                }
            }
        }
        guard let seconds, seconds.isFinite else {
            reader.report("'\(key)' must be a duration like 60, 30s, 5m or 1h, found '\(text)'", at: node)
            return nil
        }
        guard seconds >= minimum else {
            reader.report("'\(key)' must be at least \(minimum) seconds, found '\(text)'", at: node)
            return nil
        }
        // Longer than a year is a mistake, and 1e300 would overflow Int64 (a trap, found by fuzzing).
        guard seconds <= 366 * 86_400 else {
            reader.report("'\(key)' must be at most a year, found '\(text)'", at: node)
            return nil
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    func url(_ key: String, schemes: Set<String> = ["http", "https"]) -> URL? {
        guard let text = string(key) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), schemes.contains(scheme),
            url.host != nil
        else {
            reader.report(
                "'\(key)' must be an \(schemes.sorted().joined(separator: " or ")) URL with a host, found '\(text)'",
                at: self[key])
            return nil
        }
        return url
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) -> T? where T.RawValue == String {
        guard let text = string(key) else { return nil }
        if let value = T(rawValue: text) { return value }
        let options = T.allCases.map(\.rawValue)
        reader.report("'\(key)' must be one of \(options.joined(separator: ", ")), found '\(text)'", at: self[key])
        return nil
    }

    /// A file that must exist and be readable now (a missing CA file is a config error, not a
    /// TLS failure at 3 a.m.).
    func readableFile(_ key: String) -> String? {
        guard let path = string(key) else { return nil }
        if !FileManager.default.isReadableFile(atPath: path) {
            reader.report("'\(key)': cannot read the file '\(path)'", at: self[key])
            return nil
        }
        return path
    }
}
