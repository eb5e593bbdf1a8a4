import Foundation

/// Where an MQTT broker is: `mqtt://host[:1883]` or `mqtts://host[:8883]`.
public struct MQTTBrokerURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var usesTLS: Bool

    public init(host: String, port: Int, usesTLS: Bool) {
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
    }

    /// Reads `mqtt://host[:port]` or `mqtts://host[:port]`; nil with the reason otherwise.
    public static func parse(_ text: String) -> Result<MQTTBrokerURL, MQTTError> {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            ["mqtt", "mqtts"].contains(scheme)
        else {
            return .failure(MQTTError(.badURL, "expected mqtt://host[:port] or mqtts://host[:port], found '\(text)'"))
        }
        guard var host = components.host, !host.isEmpty else {
            return .failure(MQTTError(.badURL, "'\(text)' names no host"))
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if components.user != nil || components.password != nil {
            return .failure(
                MQTTError(.badURL, "'\(text)': give the user as 'username' and the password as 'passwordFile'"))
        }
        if !components.path.isEmpty, components.path != "/" {
            return .failure(MQTTError(.badURL, "'\(text)': a broker URL has no path; topics go in 'topics'"))
        }
        let usesTLS = scheme == "mqtts"
        let port = components.port ?? (usesTLS ? 8883 : 1883)
        guard (1...65535).contains(port) else { return .failure(MQTTError(.badURL, "'\(text)': no such port")) }
        return .success(MQTTBrokerURL(host: host, port: port, usesTLS: usesTLS))
    }

    public var description: String {
        "\(usesTLS ? "mqtts" : "mqtt")://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
}

/// The protocol level spoken to the broker.
public enum MQTTVersion: String, Sendable, Hashable, CaseIterable {
    case v311 = "3.1.1"
    case v5 = "5"
}

/// A message the broker publishes for the client when it goes away without saying goodbye.
public struct MQTTWill: Sendable, Hashable {
    public var topic: String
    public var payload: [UInt8]
    public var retain: Bool

    public init(topic: String, payload: [UInt8], retain: Bool = true) {
        self.topic = topic
        self.payload = payload
        self.retain = retain
    }
}

/// How one client connects: to which broker, as whom, and how it keeps its session.
public struct MQTTOptions: Sendable, Hashable {
    public var broker: MQTTBrokerURL
    /// Unique per broker: a second client with the same id pushes the first one off.
    public var clientID: String
    public var version: MQTTVersion = .v5
    public var username: String?
    /// Read at every connection, so a rotated password is picked up without a restart.
    public var passwordFile: String?
    /// A password given directly (an Orion subscription's `passwd`); `passwordFile` wins.
    public var password: String?
    /// Extra certificate authorities (PEM) trusted besides the system's, for `mqtts://`.
    public var caFile: String?
    public var keepalive: Duration = .seconds(60)
    /// Keep the session (subscriptions, QoS 1 messages queued while away) across disconnects.
    public var persistentSession = true
    /// How long the broker keeps the session of a client that is away (MQTT 5; a 3.1.1 broker
    /// keeps it until its own limit).
    public var sessionExpiry: Duration = .seconds(7 * 86_400)
    /// Larger payloads are refused (never handed on); MQTT 5 brokers are asked not to send them at all.
    public var maximumPayload = 1 << 20
    public var will: MQTTWill?
    /// Reconnection delays: exponential with jitter between these.
    public var reconnectInitial: Duration = .seconds(1)
    public var reconnectMaximum: Duration = .seconds(60)

    public init(broker: MQTTBrokerURL, clientID: String) {
        self.broker = broker
        self.clientID = clientID
    }
}
