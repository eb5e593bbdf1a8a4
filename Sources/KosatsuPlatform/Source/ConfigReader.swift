import Foundation
// The platform config throws the configuration module's ConfigError; whoever catches it reads its fields.
@_exported public import KosatsuConfig
internal import Yams

/// The platform config is read by the same reader as layouts and the sign's configuration.
typealias ConfigReader = YAMLReader

extension YAMLReader {
    /// A mapping's entries, checked against the keys it may have, with the platform's getters (text
    /// must not be empty, durations may be days, URLs and files are checked).
    func fields(_ node: Node, what: String, allowed: Set<String>, required: [String] = []) -> ConfigFields? {
        mapping(node, what: what, allowed: allowed, required: required).map {
            ConfigFields(node: $0.node, entries: $0.entries, reader: self)
        }
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
