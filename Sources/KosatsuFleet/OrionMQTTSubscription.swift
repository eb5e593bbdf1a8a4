import Foundation
public import KosatsuData

/// The subscriptions a city creates on its broker so Orion publishes to MQTT: one per area topic
/// and entity type (never one per sign: a thousand signs share a topic, and the MQTT broker does
/// the fan-out).
public struct OrionMQTTSubscription: Sendable, Hashable {
    /// What one topic carries.
    public struct Topic: Sendable, Hashable {
        public var topic: String
        /// Entity types Orion publishes there (`Alert`, `WeatherAlert`, `CrowdFlowObserved`…).
        public var types: [String]
        public var idPattern: String?
        /// An Orion `q` filter (e.g. the area: `areaServed==小田原市`).
        public var q: String?

        public init(topic: String, types: [String], idPattern: String? = nil, q: String? = nil) {
            self.topic = topic
            self.types = types
            self.idPattern = idPattern
            self.q = q
        }
    }

    /// The MQTT broker as Orion reaches it: `mqtt://host:port` (Orion has no `mqtts://`).
    public var broker: String
    public var user: String?
    public var password: String?
    public var flavour: NGSIFlavour

    public init(broker: String, user: String? = nil, password: String? = nil, flavour: NGSIFlavour = .v2) {
        self.broker = broker
        self.user = user
        self.password = password
        self.flavour = flavour
    }

    /// The description that marks a subscription as Kosatsu's, for one topic and type: how a
    /// second run finds what the first one created.
    public static func description(topic: String, type: String) -> String {
        "kosatsu mqtt \(type) -> \(topic)"
    }

    /// One subscription document per topic and type, in the broker's flavour.
    public func documents(for topics: [Topic]) -> [JSONValue] {
        var documents: [JSONValue] = []
        for topic in topics {
            for type in topic.types {
                documents.append(document(topic, type: type))
            }
        }
        return documents
    }

    private func document(_ topic: Topic, type: String) -> JSONValue {
        var entity: JSONObject = ["type": .string(type)]
        let description = JSONValue.string(Self.description(topic: topic.topic, type: type))
        switch flavour {
        case .v2:
            entity["idPattern"] = .string(topic.idPattern ?? ".*")
            var mqtt: JSONObject = ["url": .string(broker), "topic": .string(topic.topic), "qos": 1]
            if let user { mqtt["user"] = .string(user) }
            if let password { mqtt["passwd"] = .string(password) }
            var subject: JSONObject = ["entities": [.object(entity)]]
            if let q = topic.q { subject["condition"] = ["expression": ["q": .string(q)]] }
            return [
                "description": description, "subject": .object(subject),
                "notification": ["mqtt": .object(mqtt), "attrsFormat": "normalized"],
            ]
        case .ld:
            if let pattern = topic.idPattern { entity["idPattern"] = .string(pattern) }
            var uri = broker
            if let user, let schemeEnd = uri.range(of: "://") {
                let credentials = user + (password.map { ":" + $0 } ?? "") + "@"
                uri.insert(contentsOf: credentials, at: schemeEnd.upperBound)
            }
            uri += (uri.hasSuffix("/") ? "" : "/") + topic.topic
            var object: JSONObject = [
                "type": "Subscription", "description": description, "entities": [.object(entity)],
                "notification": [
                    "format": "normalized",
                    "endpoint": [
                        "uri": .string(uri), "accept": "application/json",
                        "notifierInfo": [
                            ["key": "MQTT-QoS", "value": "1"], ["key": "MQTT-Version", "value": "mqtt5.0"],
                        ],
                    ],
                ],
            ]
            if let q = topic.q { object["q"] = .string(q) }
            return .object(object)
        }
    }
}
