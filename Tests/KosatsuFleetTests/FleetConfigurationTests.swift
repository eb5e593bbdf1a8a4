import Foundation
import KosatsuDaemon
import KosatsuFleet
import KosatsuMQTT
import Testing

/// The `mqtt:` section is checked like the rest of the file: each problem at its line and column.
@Suite struct FleetConfigurationTests {
    static let layouts = FleetSign.root.appendingPathComponent("Layouts").path

    static func parse(_ mqtt: String, extra: String = "") throws -> SignConfiguration {
        let yaml = """
            kosatsu: 1
            sign: {name: 小田原駅東口 1号機}
            layouts: \(layouts)
            \(extra)
            mqtt:
            \(mqtt)
            """
        return try ConfigurationLoader.parse(yaml, file: "/etc/kosatsu/kosatsu.yaml")
    }

    @Test func aFullSection() throws {
        let configuration = try Self.parse(
            """
              url: mqtts://broker.city.lan
              topics: [city/odawara/alerts, {topic: city/odawara/spots, types: [CrowdFlowObserved], q: "area==east"}]
              username: east-1
              keepalive: 30s
              status-topic: city/odawara/signs
              version: 3.1.1
            """)
        let fleet = try #require(configuration.mqtt)
        #expect(fleet.connection.broker == MQTTBrokerURL(host: "broker.city.lan", port: 8883, usesTLS: true))
        #expect(fleet.connection.clientID == "小田原駅東口-1号機")
        #expect(fleet.connection.keepalive == .seconds(30) && fleet.connection.version == .v311)
        #expect(fleet.fleetTopics.status == "city/odawara/signs/小田原駅東口-1号機/status")
        #expect(fleet.connection.will?.topic == fleet.fleetTopics.status)
        #expect(fleet.topics.map(\.topic) == ["city/odawara/alerts", "city/odawara/spots"])
        #expect(fleet.topics.last?.types == ["CrowdFlowObserved"] && fleet.topics.last?.q == "area==east")
        #expect(fleet.connection.maximumPayload == 1 << 20)
    }

    @Test(arguments: [
        ("  url: http://broker", "6:8: 'url': expected mqtt://host[:port] or mqtts://host[:port]"),
        ("  url: mqtt://b\n  topcis: [a]", "7:3: unknown key 'topcis' in mqtt (did you mean 'topics'?)"),
        ("  url: mqtt://b\n  topics: [city/#/x]", "7:12: 'city/#/x' is not an MQTT topic filter"),
        ("  url: mqtt://b\n  device: true", "7:11: 'device' upserts a Device entity to the data platform"),
        ("  url: mqtt://b\n  username: u\n  passwordFile: /nonexistent", "8:17: 'passwordFile': cannot read the file"),
        ("  url: mqtt://b\n  keepalive: 1s", "7:14: 'keepalive' must be a time from 5s"),
        ("  url: mqtt://b\n  version: 4", "7:12: 'version' must be one of 3.1.1, 5"),
        ("  url: mqtt://b\n  tls: {caFile: /nonexistent}", "7:17: 'caFile': cannot read the file"),
        ("  topics: [a]", "6:3: mqtt needs a 'url'"),
    ])
    func mistakesAreReportedWhereTheyAre(_ section: String, _ expected: String) {
        do {
            _ = try Self.parse(section)
            Issue.record("accepted: \(section)")
        } catch {
            #expect("\(error)".contains("/etc/kosatsu/kosatsu.yaml:\(expected)"), "\(error)")
        }
    }
}
