import Foundation
public import KosatsuAlerts
public import KosatsuData

/// What one MQTT message carries, told apart by its content (never by its topic, so one topic
/// may carry any of them): an Orion NGSI-v2 notification, an Orion-LD one (bare or in its MQTT
/// wrapper `{"metadata", "body"}`), a bare entity or list of entities (`mqttCustom`), or a JMA /
/// CAP XML document. Every payload is untrusted input.
public enum FleetPayload: Sendable, Hashable {
    /// NGSI entities, as a notification the platform source takes: `{"subscriptionId", "data"}`.
    case notification(JSONValue, entities: [NGSIEntity])
    /// JMA 防災情報XML or CAP 1.2: the alerts it carries.
    case alerts([Alert])
    /// An empty payload: a retained message being cleared. Nothing to do.
    case empty

    /// Reads `bytes` received on `topic` (the topic only names the payload in errors).
    public static func read(_ bytes: [UInt8], topic: String) throws(FleetPayloadError) -> FleetPayload {
        var start = 0
        // A UTF-8 byte order mark, then white space.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard start < bytes.count else {
            if bytes.isEmpty { return .empty }
            throw FleetPayloadError(topic: topic, "the payload is only white space")
        }
        switch bytes[start] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return try notification(bytes, topic: topic)
        case UInt8(ascii: "<"):
            do throws(AlertInputError) {
                return .alerts(try AlertReader.read(Data(bytes), file: "mqtt \(topic)"))
            } catch {
                // The reader's own message already names `mqtt TOPIC` with the line.
                throw FleetPayloadError(topic: topic, error.description, located: true)
            }
        default:
            throw FleetPayloadError(
                topic: topic,
                "expected an NGSI notification (JSON) or a JMA / CAP document (XML), found \(describe(bytes[start]))")
        }
    }

    private static func notification(_ bytes: [UInt8], topic: String) throws(FleetPayloadError) -> FleetPayload {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw FleetPayloadError(topic: topic, "the JSON is not well formed: \(error)")
        }
        var body = json
        // Orion-LD over MQTT: {"metadata": {"Content-Type", "Link"…}, "body": {Notification}}.
        if case .object(let object) = json, object["metadata"] != nil, let inner = object["body"] {
            body = inner
        }
        let data: JSONValue
        let subscription: JSONValue
        switch body {
        case .object(let object) where object["data"] != nil:
            data = object["data"] ?? .array([])
            subscription = object["subscriptionId"] ?? .null
        case .object(let object) where object["id"]?.string != nil && object["type"] != nil:
            // One entity (an `mqttCustom` payload of `${…}` attributes, a provider's own publish).
            data = .array([json])
            subscription = .null
        case .array:
            data = body
            subscription = .null
        default:
            throw FleetPayloadError(
                topic: topic,
                "JSON that is not an NGSI notification: expected {\"subscriptionId\", \"data\": [entities]}, "
                    + "an Orion-LD {\"metadata\", \"body\"}, an entity or a list of entities")
        }
        // Normalized reading keeps plain (key-values) attributes as they are, so it reads both forms:
        // an MQTT notification carries no Ngsiv2-AttrsFormat header to say which.
        let entities: [NGSIEntity]
        do {
            entities = try NGSIEntity.list(data, format: .normalized)
        } catch {
            throw FleetPayloadError(topic: topic, error.message)
        }
        return .notification(["subscriptionId": subscription, "data": data], entities: entities)
    }

    private static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "the byte 0x%02X", byte)
    }
}

/// A payload that cannot be used, and why, naming its topic.
public struct FleetPayloadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    public var message: String
    /// Whether `message` already says where (`mqtt TOPIC:LINE: …`).
    var located = false

    public init(topic: String, _ message: String) {
        self.topic = topic
        self.message = message
    }

    init(topic: String, _ message: String, located: Bool) {
        self.init(topic: topic, message)
        self.located = located
    }

    public var description: String { located ? message : "mqtt \(topic): \(message)" }
}

/// The alert entities (`Alert`, `WeatherAlert`) that came by notification, for a sign whose
/// platform section does not read alerts itself: each entity is merged with what came before
/// (a notification may carry only the changed attributes) and read by the NGSI alert parser.
public struct FleetAlertEntities: Sendable {
    private var entities: [String: NGSIEntity] = [:]
    private var order: [String] = []
    /// Entities remembered (the oldest is forgotten first).
    public var capacity = 1024

    public init() {}

    public static let types: Set<String> = ["Alert", "WeatherAlert"]

    /// The alerts in `entities` (others are skipped), and the problems of those that could not be read.
    public mutating func alerts(in entities: [NGSIEntity], topic: String) -> (alerts: [Alert], problems: [String]) {
        var alerts: [Alert] = []
        var problems: [String] = []
        for entity in entities where Self.types.contains(entity.type) {
            let merged = self.entities[entity.id].map { $0.merging(entity) } ?? entity
            if self.entities[merged.id] == nil { order.append(merged.id) }
            self.entities[merged.id] = merged
            if order.count > capacity { self.entities[order.removeFirst()] = nil }
            do throws(AlertInputError) {
                alerts += try AlertReader.read(Data(JSONWriter.data(merged.keyValues)), file: "mqtt \(topic)")
            } catch {
                problems.append("entity \(entity.id): \(error.description)")
            }
        }
        return (alerts, problems)
    }
}
