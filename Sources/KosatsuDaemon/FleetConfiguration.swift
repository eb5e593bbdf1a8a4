public import KosatsuFleet
public import KosatsuMQTT

/// The `mqtt:` section: the city's MQTT broker, the topics the sign listens to, and how it
/// reports itself (docs/fleet.md).
public struct FleetConfiguration: Sendable, Hashable {
    /// The connection: broker URL, client id (from the sign's name), credentials, TLS, keepalive.
    public var connection: MQTTOptions
    /// Filters subscribed at QoS 1; each may also say which entity types Orion publishes there
    /// (read by `kosatsu subscriptions`, not by the sign, which tells payloads apart by content).
    public var topics: [OrionMQTTSubscription.Topic]
    /// The status and command topics under `status-topic` (`kosatsu/signs/ID/…`).
    public var fleetTopics: FleetTopics
    /// The status is published at least this often (besides every change).
    public var statusInterval: Duration = .seconds(60)
    /// Upsert a Smart Data Models `Device` entity to the platform (needs a `platform:` section).
    public var device: Bool = false
    /// How often the Device entity is upserted at most (besides changes of state).
    public var deviceInterval: Duration = .seconds(300)

    public init(connection: MQTTOptions, topics: [OrionMQTTSubscription.Topic], fleetTopics: FleetTopics) {
        self.connection = connection
        self.topics = topics
        self.fleetTopics = fleetTopics
    }
}
