import Foundation

/// The yardstick for Kosatsu's NGSI reader: the same page decoded with Codable and Foundation's
/// `JSONDecoder` into entities of the same shape (id, type, attributes with type, value and metadata).
enum CodableNGSI {
    /// Any JSON value, as Codable sees it.
    enum Value: Decodable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([Value])
        case object([String: Value])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let bool = try? container.decode(Bool.self) {
                self = .bool(bool)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let string = try? container.decode(String.self) {
                self = .string(string)
            } else if let array = try? container.decode([Value].self) {
                self = .array(array)
            } else {
                self = .object(try container.decode([String: Value].self))
            }
        }
    }

    struct Attribute: Decodable {
        var type: String?
        var value: Value?
        var metadata: [String: Value]?
    }

    struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    struct Entity: Decodable {
        var id: String
        var type: String
        var attributes: [String: Attribute] = [:]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Name.self)
            id = try container.decode(String.self, forKey: Name(stringValue: "id"))
            type = try container.decode(String.self, forKey: Name(stringValue: "type"))
            for key in container.allKeys where key.stringValue != "id" && key.stringValue != "type" {
                attributes[key.stringValue] = try container.decode(Attribute.self, forKey: key)
            }
        }
    }

    /// Entities per second decoding `page` (which holds `count` entities) with `JSONDecoder`.
    static func entitiesPerSecond(_ page: Data, count: Int) throws -> Double {
        let decoder = JSONDecoder()
        let start = ContinuousClock.now
        let entities = try decoder.decode([Entity].self, from: page)
        let elapsed = ContinuousClock.now - start
        guard entities.count == count else { throw CocoaError(.coderValueNotFound) }
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
