import Foundation
import KosatsuConfig
import KosatsuData
import KosatsuFleet
import KosatsuLayout
import KosatsuMQTT
import Yams

/// Reads the `mqtt:` section of a sign's (or a relay's) configuration, reporting problems at
/// their line and column like the rest of the file.
enum FleetConfigurationReader {
    static let keys: Set<String> = [
        "url", "topics", "username", "passwordFile", "tls", "keepalive", "status-topic", "client-id", "version",
        "max-payload", "status-interval", "device", "device-interval",
    ]

    /// - Parameters:
    ///   - signName: the sign's name, from which the client id is made unless `client-id` is given.
    ///   - path: resolves a path relative to the configuration's folder.
    ///   - hasPlatform: whether the sign reads a data platform (where the `Device` entity goes).
    ///   - warnings: gathers what is accepted but worth a word in the log (a password file others can read).
    static func read(
        _ node: Node, reader: YAMLReader, signName: String, hasPlatform: Bool, path: (String) -> String,
        warnings: inout [String]
    ) -> FleetConfiguration? {
        guard let fields = reader.mapping(node, what: "mqtt", allowed: keys, required: ["url"]),
            let text = fields.string("url")
        else { return nil }
        let broker: MQTTBrokerURL
        switch MQTTBrokerURL.parse(text) {
        case .success(let url): broker = url
        case .failure(let error):
            reader.report("'url': \(error.message)", at: fields["url"])
            return nil
        }
        var id = FleetTopics.id(fromName: signName)
        if let given = fields.string("client-id") {
            if given.isEmpty || given.utf8.count > 65_535 || given.contains(where: { "/+#".contains($0) }) {
                reader.report("'client-id' must be a non-empty name without '/', '+' or '#'", at: fields["client-id"])
            } else {
                id = given
            }
        }
        var options = MQTTOptions(broker: broker, clientID: id)
        options.version = fields.choice("version", MQTTVersion.self) ?? .v5
        options.username = fields.string("username")
        if let file = fields.string("passwordFile") {
            let resolved = path(file)
            if FileManager.default.isReadableFile(atPath: resolved) {
                options.passwordFile = resolved
                if let warning = CredentialFile.permissionWarning(resolved) { warnings.append(warning) }
            } else {
                reader.report("'passwordFile': cannot read the file '\(resolved)'", at: fields["passwordFile"])
            }
            if options.username == nil {
                reader.report("'passwordFile' needs a 'username' to go with it", at: fields["passwordFile"])
            }
        }
        if let tls = fields["tls"], let tlsFields = reader.mapping(tls, what: "'tls'", allowed: ["caFile"]),
            let file = tlsFields.string("caFile")
        {
            let resolved = path(file)
            if !FileManager.default.isReadableFile(atPath: resolved) {
                reader.report("'caFile': cannot read the file '\(resolved)'", at: tlsFields["caFile"])
            } else if !broker.usesTLS {
                reader.report("'caFile' applies to mqtts:// brokers; the url is \(text)", at: tlsFields["caFile"])
            } else {
                options.caFile = resolved
            }
        }
        if let node = fields["keepalive"] {
            if let duration = DurationText.parse(node), duration >= .seconds(5), duration <= .seconds(65_535) {
                options.keepalive = duration
            } else {
                reader.report("'keepalive' must be a time from 5s to 18h like 60s", at: node)
            }
        }
        if let bytes = fields.int("max-payload", range: 1024...(256 << 20)) { options.maximumPayload = bytes }
        let prefix = fields.string("status-topic") ?? FleetTopics.defaultPrefix
        let fleetTopics = FleetTopics(prefix: prefix, id: id)
        if !FleetTopics.isValidName(fleetTopics.status) {
            reader.report(
                "'status-topic' must be a topic prefix without '+' or '#' like kosatsu/signs",
                at: fields["status-topic"])
        }
        options.will = MQTTWill(
            topic: fleetTopics.status, payload: SignStatus.offline(id: id, sign: signName).json)
        var topics: [OrionMQTTSubscription.Topic] = []
        if let list = fields.list("topics") {
            for entry in list {
                if let topic = self.topic(entry, reader: reader) { topics.append(topic) }
            }
        }
        var configuration = FleetConfiguration(connection: options, topics: topics, fleetTopics: fleetTopics)
        if let node = fields["status-interval"] {
            if let duration = DurationText.parse(node), duration >= .seconds(5) {
                configuration.statusInterval = duration
            } else {
                reader.report("'status-interval' must be a time of at least 5s like 60s", at: node)
            }
        }
        configuration.device = fields.bool("device") ?? false
        if configuration.device, !hasPlatform {
            reader.report(
                "'device' upserts a Device entity to the data platform: it needs a 'platform' section",
                at: fields["device"])
        }
        if let node = fields["device-interval"] {
            if let duration = DurationText.parse(node), duration >= .seconds(10) {
                configuration.deviceInterval = duration
            } else {
                reader.report("'device-interval' must be a time of at least 10s like 5m", at: node)
            }
        }
        return configuration
    }

    /// `city/odawara/alerts`, or `{topic: city/odawara/alerts, types: [Alert, WeatherAlert], q: …}`.
    private static func topic(_ node: Node, reader: YAMLReader) -> OrionMQTTSubscription.Topic? {
        if case .scalar(let scalar) = node {
            guard FleetTopics.isValidFilter(scalar.string) else {
                reader.report(
                    "'\(scalar.string)' is not an MQTT topic filter ('#' only at the end, '+' alone in a level)",
                    at: node)
                return nil
            }
            return OrionMQTTSubscription.Topic(topic: scalar.string, types: [])
        }
        guard
            let fields = reader.mapping(
                node, what: "a topic", allowed: ["topic", "types", "idPattern", "q"], required: ["topic"]),
            let name = fields.string("topic")
        else { return nil }
        let types = fields.list("types")?.compactMap(\.string) ?? []
        if !types.isEmpty, !FleetTopics.isValidName(name) {
            reader.report("a topic Orion publishes to (with 'types') cannot hold '+' or '#'", at: fields["topic"])
            return nil
        }
        if !FleetTopics.isValidFilter(name) {
            reader.report(
                "'\(name)' is not an MQTT topic filter ('#' only at the end, '+' alone in a level)", at: fields["topic"]
            )
            return nil
        }
        return OrionMQTTSubscription.Topic(
            topic: name, types: types, idPattern: fields.string("idPattern"), q: fields.string("q"))
    }
}
