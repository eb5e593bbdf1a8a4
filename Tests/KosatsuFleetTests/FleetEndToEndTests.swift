import Foundation
import KosatsuDaemon
import KosatsuData
import KosatsuFleet
import KosatsuMQTT
import KosatsuPlatform
import KosatsuRender
import KosatsuScene
import Logging
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Signs (`kosatsu run`) in a fleet: a real mosquitto on a free loopback port, alerts published as
/// Orion and the relay publish them, statuses read as the city's fleet view reads them.
@Suite(.serialized) struct FleetEndToEndTests {
    /// A broker, a listener on every sign's status, and a started sign.
    func fleet(mqtt: String = "", data: String? = nil, broker: Mosquitto? = nil) async throws -> (
        Mosquitto, Listener, FleetSign
    ) {
        let broker = try broker ?? Mosquitto()
        if broker.process == nil { try broker.start() }
        let listener = try Listener(broker)
        try await listener.start(["kosatsu/signs/+/status", "kosatsu/signs/+/screenshot"])
        let sign = try FleetSign(broker: broker.url, mqtt: mqtt, data: data)
        try sign.start()
        return (broker, listener, sign)
    }

    func latest(_ listener: Listener, _ sign: FleetSign) async -> SignStatus? {
        await listener.statuses(on: sign.topics.status).last
    }

    @Test func anOrionAlertNotificationTakesOverAndItsEndGivesTheScreenBack() async throws {
        let (broker, listener, sign) = try await fleet()
        try await waitUntil("the sign's status: the board", timeout: 30) {
            await latest(listener, sign)?.showing == .board
        }
        let status = try #require(await latest(listener, sign))
        #expect(status.state == .ok && status.version == KosatsuVersion.current)
        #expect(status.layout == "congestion-board" && status.alertsInForce == 0)

        // Orion publishes the city's Alert entity on the area topic.
        let issued = Date()
        try await listener.client.publishAcknowledged(
            "city/odawara/alerts", FleetSign.orionAlert(id: "urn:ngsi-ld:Alert:eq-1", issued: issued))
        try await waitUntil("the status: the emergency", timeout: 10) {
            await latest(listener, sign)?.showing == .emergency
        }
        let emergency = try #require(await latest(listener, sign))
        #expect(emergency.takeover?.id == "urn:ngsi-ld:Alert:eq-1" && emergency.alertsInForce == 1)
        #expect(FleetSign.isEmergency(try await sign.screen()))

        // The city ends it (validTo now): the calm screen, then the board.
        try await listener.client.publishAcknowledged(
            "city/odawara/alerts",
            FleetSign.orionAlert(
                id: "urn:ngsi-ld:Alert:eq-1", issued: issued, validTo: Date().addingTimeInterval(-1),
                modified: issued.addingTimeInterval(5)))
        try await waitUntil("the status: the board again", timeout: 15, context: { sign.log }) {
            await latest(listener, sign)?.showing == .board
        }
        #expect(await listener.statuses(on: sign.topics.status).contains { $0.showing == .calm })
        #expect(FleetSign.isBoard(try await sign.screen()))
        sign.stop()
        await listener.stop()
        broker.stop()
    }

    @Test func theStatusIsRetainedAndTheWillFiresWhenTheSignIsKilled() async throws {
        let (broker, listener, sign) = try await fleet()
        try await waitUntil("a status", timeout: 30) { await latest(listener, sign)?.showing == .board }
        // Whoever looks later (the city's dashboard starting) sees the last word at once.
        let late = try Listener(broker)
        try await late.start([sign.topics.status])
        try await waitUntil("the retained status", timeout: 5) { await !late.messages.isEmpty }
        #expect(await late.messages.first?.retained == true)
        #expect(await late.statuses(on: sign.topics.status).first?.state == .ok)

        sign.kill()
        // Keepalive 5 s: the broker gives up after 1.5 × that and publishes the will.
        try await waitUntil("the will: offline", timeout: 20) {
            await late.statuses(on: sign.topics.status).last?.state == .offline
        }
        let will = try #require(await late.messages.last)
        #expect(String(decoding: will.payload, as: UTF8.self).contains(#""state":"offline""#))
        await late.stop()
        await listener.stop()
        broker.stop()
    }

    @Test func aBrokerRestartedMidRun() async throws {
        let (broker, listener, sign) = try await fleet()
        try await waitUntil("a status", timeout: 30) { await latest(listener, sign)?.showing == .board }
        await listener.stop()
        broker.stop()
        try await Task.sleep(for: .seconds(2))
        #expect(sign.isRunning)
        let restarted = Date()
        try broker.start()
        // The sign comes back by itself, says so, and hears the topics it held.
        let after = try Listener(broker)
        try await after.start([sign.topics.status])
        try await waitUntil("a status published after the restart", timeout: 30, context: { sign.log }) {
            await after.statuses(on: sign.topics.status).contains { ($0.at ?? .distantPast) > restarted }
        }
        try await after.client.publishAcknowledged(
            "city/odawara/alerts", FleetSign.orionAlert(id: "urn:ngsi-ld:Alert:eq-2", issued: Date()))
        try await waitUntil("the emergency after the restart", timeout: 10) {
            await after.statuses(on: sign.topics.status).last?.showing == .emergency
        }
        #expect(sign.log.contains("lost the connection"), "\(sign.log)")
        sign.stop()
        await after.stop()
        broker.stop()
    }

    /// libmosquitto's own loop waits with select(), which gives up on a socket numbered 1024 or
    /// above; a sign holding a thousand descriptors (HTTP connections, files) must still hear alerts.
    @Test func aSignWhoseSocketsAreNumberedAbove1024StillHearsTheBroker() async throws {
        let broker = try Mosquitto()
        try broker.start()
        let listener = try Listener(broker)
        try await listener.start(["kosatsu/signs/+/status"])
        let sign = try FleetSign(broker: broker.url)
        // Only free numbers are taken: the descriptors the sign inherits (Foundation watches its child
        // through one) stay open.
        sign.shellPrelude =
            #"ulimit -n 4096 && for fd in $(seq 3 1100); do [ -e /proc/self/fd/$fd ] || eval "exec $fd</dev/null"; done"#
        try sign.start()
        let pid = try #require(sign.process?.processIdentifier)
        try await waitUntil("the sign's status: the board", timeout: 30, context: { sign.log }) {
            await latest(listener, sign)?.showing == .board
        }
        // The premise: 3…1100 were all taken before it started, so every socket it opened (its HTTP
        // listener, the broker's connection) is numbered above 1100.
        let open = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap(Int.init)
        let sockets = open.filter {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)"))?
                .hasPrefix("socket:") == true
        }
        try #require(open.filter { (3...1100).contains($0) }.count == 1098, "\(open.count) open")
        try #require(sockets.filter { $0 > 1100 }.count >= 2, "\(sockets.sorted())")
        try await listener.client.publishAcknowledged(
            "city/odawara/alerts", FleetSign.orionAlert(id: "urn:ngsi-ld:Alert:eq-fd", issued: Date()))
        try await waitUntil("the emergency", timeout: 10, context: { sign.log }) {
            await latest(listener, sign)?.showing == .emergency
        }
        #expect(!sign.log.contains("Invalid function arguments"), "\(sign.log)")
        sign.stop()
        await listener.stop()
        broker.stop()
    }

    @Test func theBrokerDownAtBootLeavesTheCachedDataOnScreenAndIsRetried() async throws {
        let broker = try Mosquitto()
        // Last good data in the cache, and the data file gone: what a sign has after a power cut.
        let sign = try FleetSign(broker: broker.url, data: "data: {file: gone.json}")
        let sample = try SnapshotFile.load(FleetSign.root.appendingPathComponent("Layouts/samples/odawara.json").path)
        try SnapshotCache(directory: sign.directory.appendingPathComponent("cache").path).save(sample)
        try sign.start()
        try await waitUntil("a failed try in the log", timeout: 15) { sign.log.contains("cannot connect to") }
        // The board with the cached spots (its pills are where the probe looks on the Japanese page).
        try await waitUntil("the cached spots on the board", timeout: 30, context: { sign.log }) {
            let shown = try await sign.screen()
            return FleetSign.isBoard(shown) && FleetSign.showsSpots(shown)
        }
        #expect(sign.isRunning)

        try broker.start()
        let listener = try Listener(broker)
        try await listener.start([sign.topics.status])
        try await waitUntil("connected once the broker is up", timeout: 40) {
            await latest(listener, sign)?.showing == .board
        }
        #expect(sign.log.contains("connected to"), "\(sign.log)")
        sign.stop()
        await listener.stop()
        broker.stop()
    }

    @Test func wrongCredentialsAreAClearErrorAndTheSignRunsOn() async throws {
        let broker = try Mosquitto(users: ["odawara-east": "the-right-one"])
        try broker.start()
        let sign = try FleetSign(
            broker: broker.url, mqtt: "  username: odawara-east\n  passwordFile: mqtt-password")
        try "not-the-right-one\n".write(
            to: sign.directory.appendingPathComponent("mqtt-password"), atomically: true, encoding: .utf8)
        try sign.start()
        try await waitUntil("the refusal in the log", timeout: 15) { sign.log.contains("refused") }
        #expect(sign.log.lowercased().contains("not authori"), "\(sign.log)")
        // One line for the refusal however often it is retried.
        try await Task.sleep(for: .seconds(3))
        #expect(sign.log.components(separatedBy: "refused").count - 1 == 1, "\(sign.log)")
        #expect(sign.isRunning)
        #expect(try await sign.request("/healthz").0 == 200)
        #expect(FleetSign.isBoard(try await sign.screen()))
        sign.stop()
        broker.stop()
    }

    @Test func malformedHugeAndHostilePayloadsAreIgnoredWithOneLineEach() async throws {
        // MQTT 3.1.1, so the sign's own limit is what refuses the large one (a v5 broker holds it back).
        let (broker, listener, sign) = try await fleet(mqtt: "  version: 3.1.1\n  max-payload: 65536")
        try await waitUntil("a status", timeout: 30) { await latest(listener, sign)?.showing == .board }
        let hostile: [(String, [UInt8])] = [
            ("city/odawara/alerts", Array("not json, not xml".utf8)),
            (
                "kosatsu/alerts",
                Array(
                    #"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "bbbbbbbbbb"><!ENTITY c "&b;&b;&b;&b;&b;&b;">]><a>&c;</a>"#
                        .utf8)
            ),
            ("city/odawara/alerts", Array(String(repeating: "[", count: 50_000).utf8)),
            ("city/odawara/alerts", [UInt8](repeating: 0x7B, count: 200_000)),
            ("city/odawara/alerts", Array(#"{"subscriptionId": "x", "data": [{"id": "a", "type": "Alert"}]}"#.utf8)),
            ("city/odawara/alerts", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }),
            ("kosatsu/signs/\(sign.id)/cmd", Array("rm -rf /".utf8)),
        ]
        for (topic, payload) in hostile { try await listener.client.publishAcknowledged(topic, payload) }
        // Still standing, still the board; then a real alert still works.
        try await Task.sleep(for: .seconds(1))
        #expect(sign.isRunning)
        try await listener.client.publishAcknowledged(
            "kosatsu/alerts", Array(FleetSign.cap("Alert", id: "after-the-junk").utf8))
        try await waitUntil("the emergency after the junk", timeout: 10) {
            await latest(listener, sign)?.showing == .emergency
        }
        let log = sign.log
        #expect(log.contains("over the limit of 65536"), "\(log)")
        #expect(log.contains("DTD") || log.contains("DOCTYPE"), "\(log)")
        #expect(log.contains("unknown command"), "\(log)")
        // One line for the first problem on a topic; the rest within the minute are counted, not logged.
        let lines = log.split(separator: "\n").filter {
            $0.contains("mqtt city/odawara/alerts") && $0.contains("ignored")
        }
        #expect(lines.count == 1, "\(lines)")
        sign.stop()
        await listener.stop()
        broker.stop()
    }

    @Test func aScreenshotOnTheCommandTopic() async throws {
        let (broker, listener, sign) = try await fleet()
        try await waitUntil("a status", timeout: 30) { await latest(listener, sign)?.showing == .board }
        try await listener.client.publishAcknowledged(
            sign.topics.command, Array(#"{"command": "screenshot", "width": 240}"#.utf8))
        try await waitUntil("the screenshot", timeout: 10) {
            await listener.messages.contains { $0.topic == sign.topics.screenshot }
        }
        let png = try #require(await listener.messages.first { $0.topic == sign.topics.screenshot })
        let frame = try FleetSign.frame(Data(png.payload), in: sign.directory)
        #expect(frame.width == 240 && frame.height == 135)
        #expect(FleetSign.isBoard(try await sign.screen()))
        try Data(png.payload).write(to: URL(fileURLWithPath: "/tmp/kosatsu-fleet-screenshot.png"))
        sign.stop()
        await listener.stop()
        broker.stop()
    }
}
