import Foundation
public import KosatsuConfig
import KosatsuData
public import KosatsuFleet
public import KosatsuPlatform
import Yams

/// What `kosatsu subscriptions` reads from a sign's configuration: the topics Orion should
/// publish to (those of `mqtt.topics` that name entity `types`), and the platform to create the
/// subscriptions on. Only the sections it needs are read, so it runs where the layouts are not.
public struct FleetSubscriptionPlan: Sendable {
    public var topics: [OrionMQTTSubscription.Topic]
    /// Topics without `types` (a relay's, a custom publisher's): nothing for Orion to do.
    public var otherTopics: [String]
    public var platform: PlatformConfig?

    public static func load(_ path: String) throws(ConfigError) -> FleetSubscriptionPlan {
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
                root, what: "the configuration", allowed: ConfigurationLoader.topKeys, required: ["mqtt"])
        else { throw ConfigError(reader.diagnostics) }
        var name = "Kosatsu sign"
        if let node = fields["sign"], case .mapping(let sign) = node, let given = sign["name"]?.string { name = given }
        var platform: PlatformConfig?
        if fields["platform"] != nil {
            do {
                platform = try PlatformConfig.parse(yaml: text, file: path)
            } catch {
                for found in error.diagnostics { reader.append(found) }
            }
        }
        // The plan only names topics and entity types; the connection's warnings belong to the sign.
        var ignored: [String] = []
        let fleet = fields["mqtt"].flatMap {
            FleetConfigurationReader.read(
                $0, reader: reader, signName: name, hasPlatform: true, path: resolve, warnings: &ignored)
        }
        guard reader.diagnostics.isEmpty, let fleet else { throw ConfigError(reader.diagnostics) }
        let typed = fleet.topics.filter { !$0.types.isEmpty }
        guard !typed.isEmpty else {
            throw ConfigError(
                file: path, line: fields["mqtt"]?.mark?.line ?? 0, column: fields["mqtt"]?.mark?.column ?? 0,
                message:
                    "no topic in mqtt.topics says what Orion publishes there; write {topic: city/odawara/alerts, types: [Alert, WeatherAlert]}"
            )
        }
        return FleetSubscriptionPlan(
            topics: typed, otherTopics: fleet.topics.filter { $0.types.isEmpty }.map(\.topic), platform: platform)
    }
}
