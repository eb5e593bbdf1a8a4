import Foundation
import KosatsuAlertFeeds
import KosatsuAlerts
public import KosatsuConfig
import KosatsuData
import KosatsuFleet
public import KosatsuMQTT
public import Logging
public import ServiceLifecycle
import Yams

/// `kosatsu relay`: one poller of the JMA / CAP feeds for the whole fleet. Each new telegram (its
/// own bytes, as fetched) is published at QoS 1 to a topic the signs subscribe to, so JMA sees one
/// client instead of a thousand, and signs behind NAT hear of it as soon as the relay does.
///
/// What the feeds gave is remembered in the cache folder (the sign's feed memory), so a restart
/// fetches nothing twice; a telegram is kept until the broker acknowledged it, and published again
/// after a reconnection (signs drop the duplicate).
public struct AlertRelay: Service {
    public struct Configuration: Sendable {
        public var name: String
        public var connection: MQTTOptions
        /// Where telegrams go (`kosatsu/alerts` unless configured).
        public var topic: String
        /// The relay's own status, retained (`kosatsu/relays/ID/status`).
        public var statusTopic: String
        /// MQTT 5: how long the broker keeps a telegram for a sign that is away.
        public var expiry: Duration = .seconds(86_400)
        public var feeds: AlertFeedsConfiguration
        public var cacheDirectory: String
        /// Accepted but worth a word in the log (a password file others can read).
        public var warnings: [String] = []
    }

    public let configuration: Configuration
    let logger: Logger

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        for warning in configuration.warnings { logger.warning("\(warning)") }
        try FileManager.default.createDirectory(atPath: configuration.cacheDirectory, withIntermediateDirectories: true)
        let transport = try HTTPFeedTransport(
            caFile: configuration.feeds.caFile, timeout: configuration.feeds.timeout)
        var pollers: [(AlertFeedsConfiguration.Feed, AlertFeedPoller)] = []
        for feed in configuration.feeds.feeds {
            let file = FeedMemoryFile(
                path: AlertFeedService.memoryPath(for: feed.source.url, in: configuration.cacheDirectory))
            let poller: AlertFeedPoller
            do {
                poller = try AlertFeedPoller(sources: [feed.source], transport: transport, memoryFile: file)
            } catch {
                logger.warning("relay: feed memory \(file.path) unreadable, starting afresh: \(error)")
                try? FileManager.default.removeItem(atPath: file.path)
                poller = try AlertFeedPoller(sources: [feed.source], transport: transport, memoryFile: file)
            }
            pollers.append((feed, poller))
        }
        let client = MQTTClient(options: configuration.connection, logger: logger)
        try await client.start()
        let outbox = Outbox()
        logger.info(
            "relay \(configuration.name): \(pollers.count) feeds → \(configuration.topic) on \(configuration.connection.broker)"
        )
        await withDiscardingTaskGroup { group in
            for (feed, poller) in pollers {
                group.addTask {
                    while !Task.isCancelled {
                        let poll = await poller.poll(now: Date())
                        for problem in poll.problems { logger.warning("relay: \(problem)") }
                        for alert in poll.alerts { await outbox.add(alert) }
                        if !poll.alerts.isEmpty {
                            logger.info("relay: \(poll.alerts.count) new from \(feed.source.url.absoluteString)")
                        }
                        try? await Task.sleep(for: feed.interval)
                    }
                }
            }
            group.addTask { await deliver(outbox, client: client) }
            group.addTask { await reportStatus(outbox, client: client) }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        await client.stop(
            farewell: MQTTMessage(
                topic: configuration.statusTopic,
                payload: Array(#"{"id":"\#(configuration.connection.clientID)","state":"offline"}"#.utf8),
                retained: true))
    }

    /// Publishes what waits in the outbox, oldest first, each until the broker acknowledges it.
    private func deliver(_ outbox: Outbox, client: MQTTClient) async {
        while !Task.isCancelled {
            guard let next = await outbox.next() else {
                try? await Task.sleep(for: .milliseconds(100))
                continue
            }
            do {
                try await client.publishAcknowledged(
                    configuration.topic, Array(next.raw.utf8), expiry: configuration.expiry)
                await outbox.sent(next)
                logger.notice("relay: published \(next.id) (\(next.raw.utf8.count) bytes) to \(configuration.topic)")
            } catch {
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// The relay's own retained status, every minute: how many telegrams went out, how many wait.
    /// Published when the counts change and every minute (a retry each second while disconnected).
    private func reportStatus(_ outbox: Outbox, client: MQTTClient) async {
        var last: (Int, Int)?
        var lastTime = Date.distantPast
        while !Task.isCancelled {
            let (sent, waiting) = await outbox.counts
            if last.map({ $0 != (sent, waiting) }) ?? true || Date().timeIntervalSince(lastTime) >= 60 {
                let json =
                    #"{"id":"\#(configuration.connection.clientID)","state":"ok","published":\#(sent),"waiting":\#(waiting),"version":"\#(KosatsuVersion.current)","at":"\#(ISO8601.format(Date(), fraction: .never))"}"#
                do {
                    try await client.publish(configuration.statusTopic, Array(json.utf8), retain: true)
                    last = (sent, waiting)
                    lastTime = Date()
                } catch {}
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Telegrams fetched and not yet acknowledged by the broker.
    actor Outbox {
        private var waiting: [Alert] = []
        private var published = 0

        func add(_ alert: Alert) { waiting.append(alert) }
        func next() -> Alert? { waiting.first }
        func sent(_ alert: Alert) {
            if let index = waiting.firstIndex(where: { $0.id == alert.id && $0.raw == alert.raw }) {
                waiting.remove(at: index)
            }
            published += 1
        }
        var counts: (Int, Int) { (published, waiting.count) }
    }
}

/// Reads a relay's configuration: `relay: {name, topic, expiry}`, `mqtt:` as a sign's, `feeds:`
/// as a sign's, and `cache:`; problems at their line and column.
public enum RelayConfigurationLoader {
    public static func load(_ path: String) throws(ConfigError) -> AlertRelay.Configuration {
        let text: String
        do {
            text = try InputFile.text(path)
        } catch {
            throw ConfigError(file: path, line: error.line ?? 0, column: error.column ?? 0, message: error.message)
        }
        let root: Node
        do {
            guard let node = try YAMLReader.compose(text) else {
                throw ConfigError(file: path, line: 1, column: 1, message: "the file is empty")
            }
            root = node
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(file: path, line: 0, column: 0, message: "YAML syntax: \(error)")
        }
        let reader = YAMLReader(file: path)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ text: String) -> String {
            (text.hasPrefix("/") ? URL(fileURLWithPath: text) : directory.appendingPathComponent(text))
                .standardizedFileURL.path
        }
        guard
            let fields = reader.mapping(
                root, what: "the relay configuration", allowed: ["kosatsu", "relay", "mqtt", "feeds", "cache"],
                required: ["kosatsu", "mqtt", "feeds"])
        else { throw ConfigError(reader.diagnostics) }
        var name = "kosatsu-relay"
        var topic = "kosatsu/alerts"
        var expiry = Duration.seconds(86_400)
        if let node = fields["relay"],
            let relay = reader.mapping(node, what: "relay", allowed: ["name", "topic", "expiry"])
        {
            name = relay.string("name") ?? name
            if let given = relay.string("topic") {
                if FleetTopics.isValidName(given) {
                    topic = given
                } else {
                    reader.report("'topic' must be a topic without '+' or '#' like kosatsu/alerts", at: relay["topic"])
                }
            }
            if let node = relay["expiry"] {
                if let duration = DurationText.parse(node), duration >= .seconds(60) {
                    expiry = duration
                } else {
                    reader.report("'expiry' must be a time of at least 1m like 24h", at: node)
                }
            }
        }
        var warnings: [String] = []
        let mqtt = fields["mqtt"].flatMap {
            FleetConfigurationReader.read(
                $0, reader: reader, signName: name, hasPlatform: false, path: resolve, warnings: &warnings)
        }
        let feeds = fields["feeds"].map { ConfigurationLoader.feeds($0, reader: reader, path: resolve) }
        guard reader.diagnostics.isEmpty, let mqtt, let feeds else { throw ConfigError(reader.diagnostics) }
        var connection = mqtt.connection
        let statusTopic = "kosatsu/relays/\(connection.clientID)/status"
        connection.will = MQTTWill(
            topic: statusTopic, payload: Array(#"{"id":"\#(connection.clientID)","state":"offline"}"#.utf8))
        let cache = fields.string("cache").map(resolve) ?? DemoConfiguration.cacheDirectory + "-relay"
        var configuration = AlertRelay.Configuration(
            name: name, connection: connection, topic: topic, statusTopic: statusTopic, feeds: feeds,
            cacheDirectory: cache)
        configuration.expiry = expiry
        configuration.warnings = warnings
        return configuration
    }
}
