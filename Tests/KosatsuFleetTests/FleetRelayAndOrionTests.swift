import Foundation
import KosatsuData
import KosatsuFleet
import KosatsuMQTT
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The two publishers of a fleet: the relay (JMA / CAP polled once) and Orion (the NGSI
/// simulator, publishing its subscriptions' notifications to mosquitto as Orion does).
@Suite(.serialized) struct FleetRelayAndOrionTests {
    /// A child process of the test (`kosatsu relay`, `kosatsu simulate`, a file server), stopped at the end.
    final class Child: @unchecked Sendable {
        let process = Process()
        let errors = Pipe()

        init(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws {
            process.executableURL = executable
            process.arguments = arguments
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try launch(process)
        }

        /// Reads its stderr until `marker` shows (or 30 s pass).
        func read(until marker: String) -> String {
            var text = ""
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, !text.contains(marker) {
                let chunk = errors.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            return text
        }

        deinit {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
    }

    @Test func theRelayPublishesEachNewTelegramAndTheSignsShowIt() async throws {
        let broker = try Mosquitto()
        try broker.start()
        let listener = try Listener(broker)
        try await listener.start(["kosatsu/signs/+/status", "kosatsu/relays/+/status"])
        let sign = try FleetSign(broker: broker.url)
        try sign.start()
        try await waitUntil("the board", timeout: 30) {
            await listener.statuses(on: sign.topics.status).last?.showing == .board
        }

        // The city's CAP publisher: a file on a plain HTTP server.
        let feed = sign.directory.appendingPathComponent("feed")
        try FileManager.default.createDirectory(at: feed, withIntermediateDirectories: true)
        try FleetSign.cap("Alert", id: "relay-1").write(
            to: feed.appendingPathComponent("alert.xml"), atomically: true, encoding: .utf8)
        let port = try FreePort.take()
        let server = try Child(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", feed.path])
        try await waitUntil("the file server", timeout: 10) { FreePort.accepts(port) }

        let configuration = sign.directory.appendingPathComponent("relay.yaml")
        try """
        kosatsu: 1
        relay: {name: odawara-relay, topic: kosatsu/alerts}
        mqtt: {url: "\(broker.url)"}
        feeds:
          cap: [{url: "http://127.0.0.1:\(port)/alert.xml", interval: 10s}]
        cache: relay-cache
        """.write(to: configuration, atomically: true, encoding: .utf8)
        let relay = try Child(FleetSign.binary, ["relay", "--config", configuration.path])
        try await waitUntil("the sign shows the relayed alert", timeout: 20) {
            await listener.statuses(on: sign.topics.status).last?.showing == .emergency
        }
        try await waitUntil("the relay's own status", timeout: 10) {
            await listener.messages.contains {
                $0.topic == "kosatsu/relays/odawara-relay/status"
                    && String(decoding: $0.payload, as: UTF8.self).contains(#""published":1"#)
            }
        }

        // Its cancel, at the relay's next poll (10 s), gives the board back.
        try FleetSign.cap(
            "Cancel", id: "relay-2",
            references: "<references>city@odawara.example,relay-1,2026-11-23T14:10:00+09:00</references>"
        ).write(to: feed.appendingPathComponent("alert.xml"), atomically: true, encoding: .utf8)
        try await waitUntil("the board after the relayed cancel", timeout: 30, context: { sign.log }) {
            await listener.statuses(on: sign.topics.status).last?.showing == .board
        }
        relay.process.terminate()
        relay.process.waitUntilExit()
        #expect(relay.process.terminationStatus == 0, "SIGTERM is a graceful stop")
        try await waitUntil("the relay's farewell", timeout: 5) {
            await listener.messages.last { $0.topic == "kosatsu/relays/odawara-relay/status" }
                .map { String(decoding: $0.payload, as: UTF8.self).contains("offline") } == true
        }
        _ = server
        sign.stop()
        await listener.stop()
        broker.stop()
    }

    @Test func orionToMosquittoToTheSignWithTheSubscriptionsKosatsuMade() async throws {
        let broker = try Mosquitto()
        try broker.start()
        let simulator = try Child(FleetSign.binary, ["simulate", "--port", "0", "--tick", "0"])
        let said = simulator.read(until: "/v2")
        let range = try #require(said.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression))
        let orion = String(said[range])

        let listener = try Listener(broker)
        try await listener.start(["kosatsu/signs/+/status"])
        let sign = try FleetSign(
            broker: broker.url, mqtt: "  device: true",
            data: "platform: {url: \"\(orion)\", pollInterval: 1h, timeout: 2s, alerts: {}}",
            topics: "[{topic: city/odawara/alerts, types: [Alert, WeatherAlert]}, kosatsu/alerts]")
        try sign.start()
        try await waitUntil("the board", timeout: 30, context: { sign.log }) {
            await listener.statuses(on: sign.topics.status).last?.showing == .board
        }

        // The city's operator creates the subscriptions once; a second run finds them.
        let arguments = [
            "subscriptions", "--config", sign.configurationFile.path, "--mqtt", "mqtt://127.0.0.1:\(broker.port)",
            "--create",
        ]
        let first = try Self.run(arguments)
        #expect(first.contains("created  kosatsu mqtt Alert -> city/odawara/alerts"), "\(first)")
        #expect(first.contains("created  kosatsu mqtt WeatherAlert -> city/odawara/alerts"), "\(first)")
        let second = try Self.run(arguments)
        #expect(second.contains("exists   kosatsu mqtt Alert -> city/odawara/alerts"), "\(second)")
        let (_, listed) = try await Self.http("GET", orion + "/v2/subscriptions")
        let subscriptions = String(decoding: listed, as: UTF8.self)
        #expect(subscriptions.contains(#""topic":"city/odawara/alerts""#), "\(subscriptions)")

        // A provider writes an Alert into Orion: Orion → mosquitto → the sign.
        let issued = Date()
        let entity = try #require(
            try JSONSerialization.jsonObject(
                with: Data(FleetSign.orionAlert(id: "urn:ngsi-ld:Alert:orion-1", issued: issued)))
                as? [String: Any])
        let alert = try #require((entity["data"] as? [Any])?.first)
        let (created, _) = try await Self.http(
            "POST", orion + "/v2/entities", body: try JSONSerialization.data(withJSONObject: alert))
        #expect(created == 201)
        try await waitUntil("the emergency through Orion and the broker", timeout: 15, context: { sign.log }) {
            await listener.statuses(on: sign.topics.status).last?.showing == .emergency
        }
        // Ended by the provider: Orion notifies the change, the board comes back.
        let end =
            #"{"validTo": {"type": "DateTime", "value": "\#(FleetSign.iso(Date().addingTimeInterval(-1)))"}, "dateModified": {"type": "DateTime", "value": "\#(FleetSign.iso(issued.addingTimeInterval(5)))"}}"#
        let (patched, _) = try await Self.http(
            "POST", orion + "/v2/entities/urn:ngsi-ld:Alert:orion-1/attrs", body: Data(end.utf8))
        #expect(patched == 204)
        try await waitUntil("the board again", timeout: 15, context: { sign.log }) {
            await listener.statuses(on: sign.topics.status).last?.showing == .board
        }

        // The sign keeps its Device entity on the platform, for the city's own map.
        let deviceID = DeviceEntity.id(for: sign.id)
        try await waitUntil("the Device entity", timeout: 10, context: { sign.log }) {
            let (status, body) = try await Self.http("GET", orion + "/v2/entities/\(deviceID)?options=keyValues")
            return status == 200 && String(decoding: body, as: UTF8.self).contains(#""deviceState":"ok""#)
        }
        let (_, device) = try await Self.http("GET", orion + "/v2/entities/\(deviceID)?options=keyValues")
        let text = String(decoding: device, as: UTF8.self)
        #expect(text.contains(#""deviceCategory":["multimedia"]"#) && text.contains("softwareVersion"), "\(text)")
        sign.stop()
        await listener.stop()
        broker.stop()
    }

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = FleetSign.binary
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try launch(process)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func http(_ method: String, _ url: String, body: Data? = nil) async throws -> (Int, Data) {
        guard let address = URL(string: url) else { throw TestFailure("bad url \(url)") }
        var request = URLRequest(url: address)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 10
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
