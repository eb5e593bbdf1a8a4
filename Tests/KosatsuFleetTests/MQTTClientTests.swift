import Foundation
import KosatsuMQTT
import Logging
import Testing

/// The MQTT client against a real mosquitto on a free loopback port.
@Suite(.serialized) struct MQTTClientTests {
    static func options(_ broker: Mosquitto, id: String, version: MQTTVersion = .v5) throws -> MQTTOptions {
        guard case .success(let url) = MQTTBrokerURL.parse(broker.url) else { throw TestFailure("bad url") }
        var options = MQTTOptions(broker: url, clientID: id)
        options.version = version
        options.reconnectInitial = .milliseconds(200)
        options.reconnectMaximum = .seconds(1)
        return options
    }

    @Test func brokerURLs() throws {
        #expect(
            try MQTTBrokerURL.parse("mqtts://broker.city.lan").get()
                == .init(host: "broker.city.lan", port: 8883, usesTLS: true))
        #expect(try MQTTBrokerURL.parse("mqtt://[::1]:1884").get() == .init(host: "::1", port: 1884, usesTLS: false))
        for bad in ["http://x", "mqtt://", "mqtt://u:p@host", "mqtt://host/topic", "mqtt://host:70000"] {
            #expect(throws: MQTTError.self) { try MQTTBrokerURL.parse(bad).get() }
        }
    }

    @Test(arguments: [MQTTVersion.v5, .v311])
    func retainedMessagesAndQoS1Delivery(_ version: MQTTVersion) async throws {
        let broker = try Mosquitto()
        try broker.start()
        let publisher = MQTTClient(
            options: try Self.options(broker, id: "pub", version: version), logger: Logger(label: "t"))
        try await publisher.start()
        try await waitUntil("connected", timeout: 10) { await publisher.isConnected }
        try await publisher.publishAcknowledged("kosatsu/signs/a/status", Array(#"{"state":"ok"}"#.utf8), retain: true)

        let listener = try Listener(broker)
        try await listener.start(["kosatsu/signs/+/status", "city/alerts"])
        try await waitUntil("the retained status", timeout: 5) { await !listener.messages.isEmpty }
        let retained = try #require(await listener.messages.first)
        #expect(retained.retained && retained.topic == "kosatsu/signs/a/status")
        try await publisher.publishAcknowledged("city/alerts", Array("x".utf8))
        try await waitUntil("the live message", timeout: 5) { await listener.messages.count == 2 }
        #expect(await listener.messages.last?.retained == false)
        await publisher.stop()
        await listener.stop()
    }

    @Test func aPersistentSessionKeepsWhatWasSentWhileAway() async throws {
        let broker = try Mosquitto()
        try broker.start()
        let sign = try Listener(broker, id: "sign-persistent", persistent: true)
        try await sign.start(["city/alerts"])
        await sign.stop()

        let publisher = MQTTClient(options: try Self.options(broker, id: "orion"), logger: Logger(label: "t"))
        try await publisher.start()
        try await waitUntil("connected", timeout: 10) { await publisher.isConnected }
        for index in 1...3 { try await publisher.publishAcknowledged("city/alerts", Array("m\(index)".utf8)) }
        await publisher.stop()

        // Back with the same id: the broker kept the subscription and the three messages.
        let back = try Listener(broker, id: "sign-persistent", persistent: true)
        try await back.start([])
        try await waitUntil("the queued messages", timeout: 5) { await back.messages.count == 3 }
        #expect(await back.messages.map { String(decoding: $0.payload, as: UTF8.self) } == ["m1", "m2", "m3"])
        #expect(await back.events.contains(.connected(sessionPresent: true)))
        await back.stop()
    }

    @Test func wrongCredentialsAreRefusedAndRetriedUntilTheFileIsMended() async throws {
        let broker = try Mosquitto(users: ["sign": "right-password"])
        try broker.start()
        let file = broker.directory.appendingPathComponent("sign-password")
        try "wrong-password\n".write(to: file, atomically: true, encoding: .utf8)
        var options = try Self.options(broker, id: "sign-creds")
        options.username = "sign"
        options.passwordFile = file.path
        let client = MQTTClient(options: options, logger: Logger(label: "t"))
        try await client.start()
        let seen = Recorder(client.events)
        try await waitUntil("a refusal", timeout: 10) {
            await seen.events.contains { if case .refused = $0 { true } else { false } }
        }
        let refusal = await seen.events.compactMap { if case .refused(let reason) = $0 { reason } else { nil } }.first
        #expect(refusal?.lowercased().contains("not authori") == true, "\(refusal ?? "")")
        #expect(await !client.isConnected)
        // The password file is read at each try: mended, the next try gets in.
        try "right-password\n".write(to: file, atomically: true, encoding: .utf8)
        try await waitUntil("connected with the mended password", timeout: 10) { await client.isConnected }
        await client.stop()
    }

    @Test func aBrokerDownAtStartIsRetriedAndARestartResubscribes() async throws {
        let broker = try Mosquitto()
        let client = MQTTClient(options: try Self.options(broker, id: "sign-restart"), logger: Logger(label: "t"))
        try await client.start()
        await client.subscribe(["city/alerts"])
        let seen = Recorder(client.events)
        try await waitUntil("a failed try", timeout: 10) {
            await seen.events.contains { if case .unreachable = $0 { true } else { false } }
        }
        try broker.start()
        try await waitUntil("connected once the broker is up", timeout: 10) { await client.isConnected }

        broker.stop()
        try await waitUntil("the loss noticed", timeout: 10) { await !client.isConnected }
        try broker.start()
        try await waitUntil("connected again", timeout: 10) { await client.isConnected }
        let publisher = MQTTClient(options: try Self.options(broker, id: "orion-2"), logger: Logger(label: "t"))
        try await publisher.start()
        try await waitUntil("publisher connected", timeout: 10) { await publisher.isConnected }
        try await publisher.publishAcknowledged("city/alerts", Array("after".utf8))
        try await waitUntil("the message after the restart", timeout: 5) {
            await seen.events.contains {
                if case .message(let m) = $0 { m.payload == Array("after".utf8) } else { false }
            }
        }
        await publisher.stop()
        await client.stop()
    }

    @Test func aPayloadOverTheLimitIsRefusedUnread() async throws {
        let broker = try Mosquitto()
        try broker.start()
        // MQTT 3.1.1 cannot ask the broker to hold large packets back: the client drops them itself.
        var options = try Self.options(broker, id: "sign-small", version: .v311)
        options.maximumPayload = 4096
        let client = MQTTClient(options: options, logger: Logger(label: "t"))
        try await client.start()
        await client.subscribe(["city/#"])
        let seen = Recorder(client.events)
        try await waitUntil("connected", timeout: 10) { await client.isConnected }
        try await Task.sleep(for: .milliseconds(200))
        let publisher = MQTTClient(options: try Self.options(broker, id: "big"), logger: Logger(label: "t"))
        try await publisher.start()
        try await waitUntil("publisher connected", timeout: 10) { await publisher.isConnected }
        try await publisher.publishAcknowledged("city/big", [UInt8](repeating: 0x41, count: 100_000))
        try await publisher.publishAcknowledged("city/small", Array("ok".utf8))
        try await waitUntil("the small one after the big one", timeout: 5) {
            await seen.events.contains { if case .message(let m) = $0 { m.topic == "city/small" } else { false } }
        }
        #expect(await seen.events.contains(.oversized(topic: "city/big", bytes: 100_000)))
        #expect(await !seen.events.contains { if case .message(let m) = $0 { m.topic == "city/big" } else { false } })
        await publisher.stop()
        await client.stop()
    }

    @Test func mqttsWithTheCitysOwnCA() async throws {
        let broker = try Mosquitto(tls: true)
        try broker.start()
        var options = try Self.options(broker, id: "sign-tls")
        options.caFile = broker.tls?.ca.path
        let client = MQTTClient(options: options, logger: Logger(label: "t"))
        try await client.start()
        try await waitUntil("connected over TLS", timeout: 10) { await client.isConnected }
        await client.stop()

        // Without the CA the certificate is not trusted: no connection, retried.
        var untrusted = try Self.options(broker, id: "sign-tls-2")
        untrusted.caFile = nil
        let refused = MQTTClient(options: untrusted, logger: Logger(label: "t"))
        try await refused.start()
        let seen = Recorder(refused.events)
        try await waitUntil("a failed handshake", timeout: 10) {
            await seen.events.contains { if case .unreachable = $0 { true } else { false } }
        }
        #expect(await !refused.isConnected)
        await refused.stop()
    }
}

/// Records a client's events as they come.
actor Recorder {
    private(set) var events: [MQTTEvent] = []
    private var task: Task<Void, Never>?

    init(_ stream: AsyncStream<MQTTEvent>) {
        task = nil
        Task { await self.follow(stream) }
    }

    private func follow(_ stream: AsyncStream<MQTTEvent>) async {
        for await event in stream { events.append(event) }
    }
}
