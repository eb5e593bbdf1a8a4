import Foundation

/// Where an Orion subscription publishes over MQTT: v2 `notification.mqtt` {url, topic, qos,
/// user, passwd}, or an Orion-LD `mqtt://[user:pass@]host:port/topic` endpoint.
public struct MQTTNotificationTarget: Sendable, Hashable {
    /// `mqtt://host:port` (Orion speaks no `mqtts://`).
    public var url: String
    public var topic: String
    public var qos: Int
    public var user: String?
    public var password: String?

    public init(url: String, topic: String, qos: Int = 1, user: String? = nil, password: String? = nil) {
        self.url = url
        self.topic = topic
        self.qos = qos
        self.user = user
        self.password = password
    }

    package init?(v2 json: JSONValue) {
        guard let url = json["url"]?.string, url.lowercased().hasPrefix("mqtt://"), let topic = json["topic"]?.string,
            !topic.isEmpty
        else { return nil }
        let qos = Int(json["qos"]?.number ?? 0)
        guard (0...2).contains(qos) else { return nil }
        self.init(url: url, topic: topic, qos: qos, user: json["user"]?.string, password: json["passwd"]?.string)
    }

    package init?(ldEndpoint uri: String, notifierInfo: JSONValue?) {
        guard let components = URLComponents(string: uri), components.scheme?.lowercased() == "mqtt",
            let host = components.host, !host.isEmpty
        else { return nil }
        let topic = String(components.path.drop(while: { $0 == "/" }))
        guard !topic.isEmpty else { return nil }
        var qos = 0
        for info in notifierInfo?.array ?? [] where info["key"]?.string == "MQTT-QoS" {
            qos = Int(info["value"]?.string ?? "") ?? 0
        }
        let port = components.port.map { ":\($0)" } ?? ""
        self.init(
            url: "mqtt://\(host.contains(":") ? "[\(host)]" : host)\(port)", topic: topic, qos: qos,
            user: components.user, password: components.password)
    }
}

/// Publishes a notification to an MQTT broker, as Orion does for MQTT subscriptions (the
/// simulator's; KosatsuMQTT provides one over libmosquitto).
public protocol MQTTNotificationPublisher: Sendable {
    /// Returns whether the broker took it.
    func publish(_ payload: [UInt8], to target: MQTTNotificationTarget) async -> Bool
}
