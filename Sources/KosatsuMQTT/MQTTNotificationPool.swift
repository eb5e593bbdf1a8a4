import Foundation
public import KosatsuData
public import Logging

/// Publishes notifications to MQTT brokers as Orion does: one connection per broker and user,
/// opened at the first notification and kept. The NGSI simulator's publisher (`kosatsu simulate`).
public actor MQTTNotificationPool: MQTTNotificationPublisher {
    private var clients: [String: MQTTClient] = [:]
    private let logger: Logger

    public init(logger: Logger = Logger(label: "kosatsu.simulator.mqtt")) {
        self.logger = logger
    }

    public func publish(_ payload: [UInt8], to target: MQTTNotificationTarget) async -> Bool {
        let key = target.url + "\n" + (target.user ?? "")
        let client: MQTTClient
        if let existing = clients[key] {
            client = existing
        } else {
            guard case .success(let broker) = MQTTBrokerURL.parse(target.url) else { return false }
            var options = MQTTOptions(
                broker: broker, clientID: "kosatsu-simulator-\(UInt32.random(in: 0...UInt32.max))")
            options.username = target.user
            options.password = target.password
            options.persistentSession = false
            options.reconnectMaximum = .seconds(5)
            client = MQTTClient(options: options, logger: logger)
            do { try await client.start() } catch { return false }
            clients[key] = client
        }
        // The first notification waits for the connection (as Orion's does), briefly.
        for _ in 0..<250 where !(await client.isConnected) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        do {
            try await client.publishAcknowledged(target.topic, payload, timeout: .seconds(5))
            return true
        } catch {
            logger.warning("simulator: mqtt notification to \(target.url) \(target.topic) failed: \(error)")
            return false
        }
    }

    /// Closes every connection.
    public func close() async {
        for client in clients.values { await client.stop() }
        clients = [:]
    }
}
