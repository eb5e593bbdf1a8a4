import Foundation
import KosatsuData
import KosatsuPlatform

/// Orion's Simple Query Language (`q`): statements joined by `;` (AND) — and, for NGSI-LD, `|`
/// (OR) between groups — each `attr`, `!attr`, or `attr OP value` with `== != > < >= <= ~=`,
/// values as lists `a,b` or ranges `10..20`, strings optionally quoted.
struct SimpleQuery: Sendable {
    enum Operator: String, Sendable {
        case equal = "==", notEqual = "!=", greaterOrEqual = ">=", lessOrEqual = "<=", greater = ">", less = "<"
        case matches = "~="
    }

    enum Operand: Sendable {
        case values([JSONValue])
        case range(JSONValue, JSONValue)
    }

    enum Statement: Sendable {
        case exists(String)
        case notExists(String)
        case compare(String, Operator, Operand)
    }

    /// OR of ANDs.
    let groups: [[Statement]]

    struct ParseError: Error {
        let message: String
    }

    init(_ text: String) throws(ParseError) {
        var groups: [[Statement]] = []
        for group in Self.split(text, on: "|") {
            var statements: [Statement] = []
            for part in Self.split(group, on: ";") {
                let statement = part.trimmingCharacters(in: .whitespaces)
                if statement.isEmpty { continue }
                statements.append(try Self.statement(statement))
            }
            if statements.isEmpty { throw ParseError(message: "empty q statement") }
            groups.append(statements)
        }
        if groups.isEmpty { throw ParseError(message: "empty q expression") }
        self.groups = groups
    }

    /// Splits outside quotes.
    static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
                current.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                current.append(character)
            } else if character == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    static func statement(_ text: String) throws(ParseError) -> Statement {
        if text.contains("(") || text.contains(")") {
            throw ParseError(message: "parentheses are not supported in q")
        }
        let operators: [Operator] = [.equal, .notEqual, .greaterOrEqual, .lessOrEqual, .matches, .greater, .less]
        var best: (range: Range<String.Index>, op: Operator)?
        for op in operators {
            if let range = text.range(of: op.rawValue), best.map({ range.lowerBound < $0.range.lowerBound }) ?? true {
                best = (range, op)
            }
        }
        guard let (range, op) = best else {
            if text.hasPrefix("!") { return .notExists(String(text.dropFirst())) }
            return .exists(text)
        }
        let attribute = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let rawValue = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard !attribute.isEmpty, !rawValue.isEmpty else {
            throw ParseError(message: "incomplete q statement '\(text)'")
        }
        if op == .matches { return .compare(attribute, op, .values([.string(unquote(rawValue))])) }
        let quoted = rawValue.hasPrefix("'") || rawValue.hasPrefix("\"")
        if !quoted, let dots = rawValue.range(of: "..") {
            let low = literal(String(rawValue[..<dots.lowerBound]))
            let high = literal(String(rawValue[dots.upperBound...]))
            return .compare(attribute, op, .range(low, high))
        }
        let values = split(rawValue, on: ",").map { literal($0.trimmingCharacters(in: .whitespaces)) }
        return .compare(attribute, op, .values(values))
    }

    static func unquote(_ text: String) -> String {
        if text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first {
            return String(text.dropFirst().dropLast())
        }
        return text
    }

    static func literal(_ text: String) -> JSONValue {
        if text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first {
            return .string(String(text.dropFirst().dropLast()))
        }
        if let number = Double(text) { return .number(number) }
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        return .string(text)
    }

    /// Whether an entity's attribute values (by name; dotted paths reach into objects) match.
    func matches(_ lookup: (String) -> JSONValue?) -> Bool {
        groups.contains { group in group.allSatisfy { Self.holds($0, lookup) } }
    }

    static func resolve(_ path: String, _ lookup: (String) -> JSONValue?) -> JSONValue? {
        if let value = lookup(path) { return value }
        let parts = path.split(separator: ".").map(String.init)
        guard parts.count > 1, var value = lookup(parts[0]) else { return nil }
        for part in parts.dropFirst() {
            guard let next = value[part] else { return nil }
            value = next
        }
        return value
    }

    static func holds(_ statement: Statement, _ lookup: (String) -> JSONValue?) -> Bool {
        switch statement {
        case .exists(let name): return resolve(name, lookup) != nil
        case .notExists(let name): return resolve(name, lookup) == nil
        case .compare(let name, let op, let operand):
            guard let value = resolve(name, lookup) else { return false }
            switch (op, operand) {
            case (.equal, .values(let list)): return list.contains { compare(value, $0) == 0 }
            case (.notEqual, .values(let list)): return !list.contains { compare(value, $0) == 0 }
            case (.equal, .range(let low, let high)):
                return (compare(value, low).map { $0 >= 0 } ?? false) && (compare(value, high).map { $0 <= 0 } ?? false)
            case (.notEqual, .range(let low, let high)):
                return
                    !((compare(value, low).map { $0 >= 0 } ?? false) && (compare(value, high).map { $0 <= 0 } ?? false))
            case (.matches, .values(let list)):
                guard case .string(let text) = value, case .string(let pattern)? = list.first,
                    let regex = try? Regex(pattern)
                else { return false }
                return (try? regex.firstMatch(in: text)) != nil
            case (_, .values(let list)):
                guard let target = list.first, let order = compare(value, target) else { return false }
                switch op {
                case .greater: return order > 0
                case .less: return order < 0
                case .greaterOrEqual: return order >= 0
                case .lessOrEqual: return order <= 0
                default: return false
                }
            default:
                return false
            }
        }
    }

    /// -1, 0, 1, or nil when the two cannot be ordered. Numbers numerically, date-times as
    /// instants, other text by code points; a list attribute matches if any item does.
    static func compare(_ value: JSONValue, _ target: JSONValue) -> Int? {
        switch (value, target) {
        case (.number(let a), .number(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.string(let a), .number(let b)):
            guard let number = Double(a) else { return nil }
            return number < b ? -1 : (number > b ? 1 : 0)
        case (.string(let a), .string(let b)):
            if a == b { return 0 }
            if let dateA = ISO8601.parse(a), let dateB = ISO8601.parse(b) {
                return dateA < dateB ? -1 : (dateA > dateB ? 1 : 0)
            }
            return a < b ? -1 : 1
        case (.bool(let a), .bool(let b)): return a == b ? 0 : nil
        case (.bool(let a), .string(let b)): return String(a) == b ? 0 : nil
        case (.array(let items), _):
            return items.contains { compare($0, target) == 0 } ? 0 : nil
        default: return nil
        }
    }
}
