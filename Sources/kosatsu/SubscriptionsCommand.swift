import ArgumentParser
import Foundation
import KosatsuDaemon
import KosatsuData
import KosatsuFleet
import KosatsuLayout
import KosatsuMQTT
import KosatsuPlatform

/// `kosatsu subscriptions`: the Orion subscriptions that publish a sign's topics over MQTT.
struct SubscriptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscriptions",
        abstract: "Print (or create) the Orion subscriptions that publish a sign's MQTT topics.",
        discussion: """
            One subscription per topic and entity type, from the topics in the sign's `mqtt:` section that name \
            `types`; a thousand signs sharing a topic share its subscriptions. --create makes those the broker \
            does not have yet (found by their description), on the sign's platform or --broker.
            """)

    @Option(help: "A sign's configuration (YAML) with an mqtt: section.")
    var config: String

    @Option(help: "The MQTT broker as Orion reaches it: mqtt://host:port (Orion has no mqtts://).")
    var mqtt: String

    @Option(help: "The user Orion connects to the MQTT broker as.")
    var user: String?

    @Option(help: "A file whose first line is that user's password.")
    var passwordFile: String?

    @Option(help: "ngsi-v2 (Orion) or ngsi-ld (Orion-LD); default: the sign's platform, else ngsi-v2.")
    var flavour: String?

    @Flag(help: "Create the subscriptions the broker does not have yet.")
    var create = false

    @Option(help: "The NGSI broker to create them on (default: the sign's platform url).")
    var broker: String?

    func run() async throws {
        let plan: FleetSubscriptionPlan
        do {
            plan = try FleetSubscriptionPlan.load(config)
        } catch {
            throw CommandFailure(error.description)
        }
        guard case .success(let url) = MQTTBrokerURL.parse(mqtt) else {
            throw CommandFailure("--mqtt: expected mqtt://host:port, found '\(mqtt)'")
        }
        guard !url.usesTLS else {
            throw CommandFailure(
                "--mqtt: Orion cannot publish to mqtts:// brokers; give the broker's plain listener on the city network "
                    + "(docs/fleet.md: what Orion lacks)")
        }
        var password: String?
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw CommandFailure("--password-file: cannot read \(passwordFile)")
            }
            password = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init)
        }
        var ngsi = plan.platform?.flavour ?? .v2
        if let flavour {
            guard let chosen = NGSIFlavour(rawValue: flavour) else {
                throw CommandFailure("--flavour: expected ngsi-v2 or ngsi-ld, found '\(flavour)'")
            }
            ngsi = chosen
        }
        let maker = OrionMQTTSubscription(broker: url.description, user: user, password: password, flavour: ngsi)
        let documents = maker.documents(for: plan.topics)
        for topic in plan.otherTopics {
            FileHandleOutput.standardError.write("kosatsu subscriptions: \(topic) names no types: not Orion's\n")
        }
        guard create else {
            for document in documents { FileHandleOutput.standardOutput.write(Self.pretty(document) + "\n") }
            return
        }
        var platform: PlatformConfig
        if let broker {
            guard let brokerURL = URL(string: broker), brokerURL.scheme?.hasPrefix("http") == true else {
                throw CommandFailure("--broker: expected an http:// or https:// URL, found '\(broker)'")
            }
            platform = plan.platform ?? PlatformConfig(url: brokerURL)
            platform.url = brokerURL
        } else {
            guard let configured = plan.platform else {
                throw CommandFailure("--create needs --broker, or a platform: section in \(config)")
            }
            platform = configured
        }
        platform.flavour = ngsi
        let client = try PlatformClient(config: platform)
        do {
            let existing = Set(try await client.subscriptions().compactMap { $0["description"]?.string })
            for document in documents {
                let description = document["description"]?.string ?? ""
                if existing.contains(description) {
                    FileHandleOutput.standardOutput.write("exists   \(description)\n")
                    continue
                }
                let id = try await client.createSubscription(document: document)
                FileHandleOutput.standardOutput.write("created  \(description) (\(id))\n")
            }
        } catch {
            throw CommandFailure("\(error.message)")
        }
    }

    static func pretty(_ json: JSONValue) -> String {
        let data = Data(JSONWriter.data(json))
        guard let object = try? JSONSerialization.jsonObject(with: data),
            let pretty = try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return String(decoding: data, as: UTF8.self) }
        return String(decoding: pretty, as: UTF8.self)
    }
}
