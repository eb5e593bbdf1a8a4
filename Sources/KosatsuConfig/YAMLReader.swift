package import Yams

/// Reads typed values out of a composed YAML tree, recording every problem with its position
/// instead of stopping at the first: the one reader of layouts, the sign's configuration and the
/// platform's.
package final class YAMLReader {
    package let file: String
    package private(set) var diagnostics: [ConfigDiagnostic] = []

    package init(file: String) {
        self.file = file
    }

    /// The YAML tree of `text`, every plain scalar left a string: the readers decide what a value is
    /// (`int`, `bool`, `double` parse the text), so Yams' default resolver — a dozen ICU regular
    /// expressions compiled on first use, a millisecond of every start and render — is never needed.
    package static func compose(_ text: String) throws -> Node? {
        try Yams.compose(yaml: text, .basic)
    }

    /// Records a problem at a position inside a node (text markup).
    package func diagnostics(append diagnostic: ConfigDiagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Records a problem found by another reader (a section with its own checks).
    package func append(_ diagnostic: ConfigDiagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Records a problem at the node's position.
    package func report(_ message: String, at node: Node?) {
        let mark = node?.mark
        diagnostics.append(
            ConfigDiagnostic(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message))
    }

    /// A mapping's entries, checked against the keys it may have.
    package func mapping(_ node: Node, what: String, allowed: Set<String>, required: [String] = []) -> Fields? {
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
                let hint = Suggestion.closest(to: key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
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
        return Fields(node: node, entries: entries, reader: self)
    }

    package func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

/// The checked entries of one YAML mapping.
package struct Fields {
    package let node: Node
    package let entries: [String: (key: Node, value: Node)]
    package let reader: YAMLReader

    package subscript(key: String) -> Node? { entries[key]?.value }

    package func has(_ key: String) -> Bool { entries[key] != nil }

    package func string(_ key: String) -> String? {
        guard let node = self[key] else { return nil }
        guard case .scalar(let scalar) = node else {
            reader.report("'\(key)' must be text, found \(reader.describe(node))", at: node)
            return nil
        }
        return scalar.string
    }

    package func double(_ key: String, range: ClosedRange<Double>? = nil) -> Double? {
        guard let node = self[key] else { return nil }
        guard case .scalar = node, let value = node.float ?? node.int.map(Double.init) else {
            reader.report("'\(key)' must be a number, found \(reader.describe(node))", at: node)
            return nil
        }
        if let range, !range.contains(value) {
            reader.report(
                "'\(key)' must be between \(format(range.lowerBound)) and \(format(range.upperBound)), found \(format(value))",
                at: node)
            return nil
        }
        return value
    }

    package func int(_ key: String, range: ClosedRange<Int>? = nil) -> Int? {
        guard let node = self[key] else { return nil }
        guard case .scalar = node, let value = node.int else {
            reader.report("'\(key)' must be a whole number, found \(reader.describe(node))", at: node)
            return nil
        }
        if let range, !range.contains(value) {
            reader.report(
                "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), found \(value)", at: node)
            return nil
        }
        return value
    }

    package func bool(_ key: String) -> Bool? {
        guard let node = self[key] else { return nil }
        guard case .scalar = node, let value = node.bool else {
            reader.report("'\(key)' must be true or false, found \(reader.describe(node))", at: node)
            return nil
        }
        return value
    }

    /// One of a fixed set of words.
    package func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(key) else { return nil }
        if let value = T(rawValue: text) { return value }
        let options = T.allCases.map(\.rawValue)
        let hint = Suggestion.closest(to: text, in: options).map { " (did you mean '\($0)'?)" } ?? ""
        reader.report(
            "'\(key)' must be one of \(options.joined(separator: ", ")), found '\(text)'\(hint)", at: self[key])
        return nil
    }

    package func list(_ key: String) -> [Node]? {
        guard let node = self[key] else { return nil }
        guard case .sequence(let sequence) = node else {
            reader.report("'\(key)' must be a list, found \(reader.describe(node))", at: node)
            return nil
        }
        return Array(sequence)
    }

    private func format(_ value: Double) -> String {
        // Int(exactly:): a whole number too large for Int (1e30) is written as a Double, not a trap.
        value == value.rounded() ? Int(exactly: value).map(String.init) ?? String(value) : String(value)
    }
}
