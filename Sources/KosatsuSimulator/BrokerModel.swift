public import Foundation
import KosatsuData
import KosatsuPlatform

/// An HTTP request as the simulated broker sees it: no framework types, so the broker's logic
/// is plain and testable.
struct BrokerRequest: Sendable {
    var method: String
    /// Percent-decoded path segments, e.g. `["v2", "entities", "urn:ngsi-ld:X"]`.
    var segments: [String]
    var query: [String: String]
    /// Lower-cased names.
    var headers: [String: String]
    var body: [UInt8]
    /// Percent-decoded path parameters of the route that took the request (`id`).
    var parameters: [String: String] = [:]

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    func parameter(_ name: String) -> String { parameters[name] ?? "" }
}

struct BrokerResponse: Error, Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// How long the simulator waits before answering (`SimulatorFault.slow`).
    var delay: Duration?

    static func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> BrokerResponse {
        BrokerResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: JSONWriter.data(value))
    }

    static func empty(_ status: Int, headers: [(String, String)] = []) -> BrokerResponse {
        BrokerResponse(status: status, headers: headers)
    }

    /// Orion's v2 error body.
    static func orion(_ status: Int, _ error: String, _ description: String) -> BrokerResponse {
        json(status, ["error": .string(error), "description": .string(description)])
    }

    /// NGSI-LD's ProblemDetails body.
    static func problem(_ status: Int, _ type: String, _ title: String, _ detail: String) -> BrokerResponse {
        BrokerResponse(
            status: status, headers: [("Content-Type", "application/json")],
            body: JSONWriter.data([
                "type": .string("https://uri.etsi.org/ngsi-ld/errors/\(type)"), "title": .string(title),
                "detail": .string(detail),
            ]))
    }
}

/// A notification the broker has decided to send; the simulator delivers it over HTTP, or to an
/// MQTT broker when the subscription says `notification.mqtt`.
struct Delivery: Sendable {
    var subscriptionID: String
    var url: String
    var headers: [(String, String)]
    var body: [UInt8]
    var mqtt: MQTTNotificationTarget? = nil
}

/// One attribute as the broker stores it.
struct StoredAttribute: Sendable, Hashable {
    /// v2 type (`Number`, `Text`, `DateTime`, `geo:json`, `Relationship`, `StructuredValue`…) or
    /// an LD type (`Property`, `GeoProperty`, `LanguageProperty`).
    var type: String
    var value: JSONValue
    var metadata: JSONObject = JSONObject()
}

struct StoredEntity: Sendable {
    var id: String
    var type: String
    var servicePath: String
    var names: [String] = []
    var attributes: [String: StoredAttribute] = [:]
    var created: Int

    mutating func set(_ name: String, _ attribute: StoredAttribute) {
        if attributes[name] == nil { names.append(name) }
        attributes[name] = attribute
    }

    mutating func remove(_ name: String) {
        attributes[name] = nil
        names.removeAll { $0 == name }
    }
}

struct StoredSubscription: Sendable {
    var id: String
    var flavour: NGSIFlavour
    var tenant: String
    var servicePath: String
    var description: String?
    /// (id, idPattern, type) triples.
    var entities: [(id: String?, idPattern: String?, type: String?)]
    var watched: [String]
    var q: SimpleQuery?
    var qText: String?
    var url: String
    var headers: [(String, String)]
    var format: NGSIFormat
    var attrs: [String]
    var expires: Date?
    /// Orion's `notification.mqtt` (v2) or an `mqtt://` endpoint (LD): publish instead of POST.
    var mqtt: MQTTNotificationTarget? = nil
    var throttling: Double
    var status: String = "active"
    var timesSent = 0
    var lastNotification: Date?
    var lastSuccess: Date?
    var lastFailure: Date?
}

/// How the simulator's PEP proxy checks tokens (like Wilma in front of Orion, with Keyrock).
public struct SimulatorAuth: Sendable {
    /// Tokens always accepted (a token file's content).
    public var staticTokens: Set<String>
    /// OAuth2 clients (id → secret) that `POST /oauth2/token` serves.
    public var clients: [String: String]
    /// Lifetime of issued tokens.
    public var tokenLifetime: TimeInterval

    public init(staticTokens: Set<String> = [], clients: [String: String] = [:], tokenLifetime: TimeInterval = 3600) {
        self.staticTokens = staticTokens
        self.clients = clients
        self.tokenLifetime = tokenLifetime
    }
}

/// A failure the simulator plays on its next entity queries, for tests of the bad days.
public enum SimulatorFault: Sendable, Hashable {
    /// Answer with this status and Orion's error body for it.
    case status(Int)
    /// Answer 200 with a body cut in the middle.
    case malformedJSON
    /// Answer a page with fewer entities than the count header promises.
    case shortPage
    /// Answer the page correctly, but only after this long (a broker under load).
    case slow(Duration)
}
