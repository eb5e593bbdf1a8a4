import Foundation
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator
import NIOHTTP1
import Testing

@Suite struct PushTests {
    static let secret = "push-secret-for-sign-12-0123456789"

    func pushConfig(
        _ url: URL, notify: URL, flavour: NGSIFlavour, placement: PlatformConfig.SecretPlacement,
        duration: Duration = .seconds(86_400)
    ) -> PlatformConfig {
        var config = spotConfig(url, flavour: flavour)
        var subscription = PlatformConfig.Subscription(notifyURL: notify, secret: Self.secret)
        subscription.secretIn = placement
        subscription.duration = duration
        subscription.checkInterval = .seconds(300)
        config.subscription = subscription
        return config
    }

    @Test(arguments: [NGSIFlavour.v2, .ld], [PlatformConfig.SecretPlacement.header, .url])
    func aNotificationUpdatesTheSnapshotWithoutAPoll(flavour: NGSIFlavour, placement: PlatformConfig.SecretPlacement)
        async throws
    {
        let clock = TestClock(ISO8601.parse("2026-11-23T10:00:00+09:00")!)
        try await withSimulator(clock: clock) { simulator, url in
            // The sign's endpoint is up before its source subscribes, as in the daemon.
            let holder = SinkHolder()
            let endpoint = try await NotifyServer(sink: holder, secret: Self.secret)
            let config = pushConfig(url, notify: endpoint.url, flavour: flavour, placement: placement)
            try await withSource(config, clock: clock) { source in
                await holder.set(source)
                let before = try await source.poll()
                try await source.ensureSubscriptions()
                #expect(await simulator.subscriptionCount == 1)
                #expect(await source.subscriptionIDs[.spots] != nil)

                clock.advance(by: 3 * 3600)  // 13:00: the castle fills up
                await simulator.advance(to: clock.now())  // notifications are delivered before this returns
                let after = await source.snapshot
                let expected = OdawaraDay.peopleCount(spot: 0, at: clock.now())
                #expect(before.spots[0].peopleCount != expected)
                #expect(after.spots[0].peopleCount == expected)
                #expect(after.spots[0].observedAt == clock.now())
                #expect(after.spots[0].history.count == 2)
                #expect(after.spots.count == 5)
                #expect(after.sources[0].lastSuccess == clock.now())
            }
            await endpoint.stop()
        }
    }

    @Test func notificationsWithoutTheSecretAre401AndChangeNothing() async throws {
        try await withSimulator { _, url in
            try await withSource(spotConfig(url)) { source in
                let before = try await source.poll()
                let server = try await NotifyServer(sink: source, secret: Self.secret)
                let body = """
                    {"subscriptionId":"5f0e0e0e0e0e0e0e0e0e0e0e","data":[{"id":"urn:ngsi-ld:CrowdFlowObserved:odawara-castle",\
                    "type":"CrowdFlowObserved","peopleCount":{"type":"Number","value":1,"metadata":{}}}]}
                    """
                let target = server.url.absoluteString
                let missing = try await httpCall(
                    .POST, target, headers: [("Content-Type", "application/json")], body: body)
                #expect(missing.status == 401)
                let wrong = try await httpCall(.POST, target, headers: [("X-Kosatsu-Token", "guess")], body: body)
                #expect(wrong.status == 401)
                let wrongBearer = try await httpCall(
                    .POST, target, headers: [("Authorization", "Bearer \(Self.secret)x")], body: body)
                #expect(wrongBearer.status == 401)
                let wrongURL = try await httpCall(.POST, target + "?token=nope", body: body)
                #expect(wrongURL.status == 401)
                #expect(await source.snapshot == before)

                let broken = try await httpCall(
                    .POST, target, headers: [("X-Kosatsu-Token", Self.secret)], body: "{\"data\": [")
                #expect(broken.status == 400)
                #expect(await source.snapshot == before)

                let accepted = try await httpCall(
                    .POST, target, headers: [("Authorization", "Bearer \(Self.secret)")], body: body)
                #expect(accepted.status == 204)
                #expect(await source.snapshot.spots[0].peopleCount == 1)
                await server.stop()
            }
        }
    }

    @Test(arguments: [NGSIFlavour.v2, .ld])
    func subscriptionsAreRecreatedWhenForgottenOrExpired(flavour: NGSIFlavour) async throws {
        let clock = TestClock()
        try await withSimulator(clock: clock) { simulator, url in
            let config = pushConfig(
                url, notify: URL(string: "http://127.0.0.1:9/notify/ngsi")!, flavour: flavour, placement: .header,
                duration: .seconds(3600))
            try await withSource(config, clock: clock) { source in
                try await source.ensureSubscriptions()
                let first = try #require(await source.subscriptionIDs[.spots])
                // Still live: nothing to do.
                try await source.ensureSubscriptions()
                #expect(await source.subscriptionIDs[.spots] == first)
                #expect(await simulator.subscriptionCount == 1)

                await simulator.forgetSubscriptions()
                try await source.ensureSubscriptions()
                let second = try #require(await source.subscriptionIDs[.spots])
                #expect(second != first)
                #expect(await simulator.subscriptionCount == 1)

                // Close to expiry (duration 1 h, check interval 5 min): renewed, old one deleted.
                clock.advance(by: 3300)
                try await source.ensureSubscriptions()
                let third = try #require(await source.subscriptionIDs[.spots])
                #expect(third != second)
                #expect(await simulator.subscriptionCount == 1)

                // Past expiry: the broker reports it expired, the sign replaces it.
                clock.advance(by: 7200)
                try await source.ensureSubscriptions()
                #expect(await source.subscriptionIDs[.spots] != third)
                #expect(await simulator.subscriptionCount == 1)
            }
        }
    }

    @Test func theSimulatorRefusesNonLoopbackNotificationURLs() async throws {
        try await withSimulator { _, url in
            let config = pushConfig(
                url, notify: URL(string: "http://192.0.2.10:8080/notify/ngsi")!, flavour: .v2, placement: .header)
            try await withSource(config) { source in
                await #expect {
                    try await source.ensureSubscriptions()
                } throws: { error in
                    (error as? NGSIError)?.message.contains("only notifies loopback") == true
                }
            }
        }
    }
}

/// Lets the notify server start before the source it feeds exists.
actor SinkHolder: NGSINotificationSink {
    private var source: PlatformSource?

    func set(_ source: PlatformSource) { self.source = source }

    func receive(notification: JSONValue, attrsFormat: String?) async throws(NGSIError) -> Int {
        guard let source else { throw NGSIError(.configuration, "no source yet") }
        return try await source.receive(notification: notification, attrsFormat: attrsFormat)
    }
}

@Suite struct ServiceTests {
    @Test func runLoadsTheCacheSubscribesAndPollsUntilCancelled() async throws {
        let directory = try temporaryDirectory()
        try await withSimulator { simulator, url in
            let holder = SinkHolder()
            let endpoint = try await NotifyServer(sink: holder, secret: PushTests.secret)
            var config = spotConfig(url)
            config.cacheDirectory = directory
            config.pollInterval = .seconds(3600)
            config.subscription = PlatformConfig.Subscription(notifyURL: endpoint.url, secret: PushTests.secret)
            try await withSource(config) { source in
                await holder.set(source)
                let updates = await source.updates()
                let running = Task { await source.run() }
                // The first snapshot with data arrives from the first poll (waiting 30 s at most).
                let received = try await withDeadline(seconds: 30) { () async -> Snapshot? in
                    for await snapshot in updates where !snapshot.spots.isEmpty { return snapshot }
                    return nil
                }
                #expect(received?.spots.count == 5)
                #expect(await simulator.subscriptionCount == 1)
                running.cancel()
                await running.value
                #expect(FileManager.default.fileExists(atPath: directory + "/snapshot.json"))
                #expect(FileManager.default.fileExists(atPath: directory + "/subscriptions-platform.json"))
            }
            // A restarted source reuses the recorded subscription instead of piling up new ones.
            try await withSource(config) { source in
                #expect(await source.loadCache())
                try await source.ensureSubscriptions()
                #expect(await simulator.subscriptionCount == 1)
            }
            await endpoint.stop()
        }
    }
}
