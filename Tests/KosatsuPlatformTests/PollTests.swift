import Foundation
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator
import Testing

@Suite struct PollTests {
    @Test(arguments: [NGSIFlavour.v2, .ld], [1000, 300])
    func readsTwoThousandFiveHundredEntitiesOverPages(flavour: NGSIFlavour, pageSize: Int) async throws {
        try await withSimulator(entities: crowdEntities(2500)) { simulator, url in
            var config = spotConfig(url, flavour: flavour)
            config.pageSize = pageSize
            try await withSource(config) { source in
                let snapshot = try await source.poll()
                #expect(snapshot.spots.count == 2500)
                #expect(Set(snapshot.spots.map(\.id)).count == 2500)
                #expect(snapshot.spots.first?.id == "urn:ngsi-ld:CrowdFlowObserved:spot-0")
                #expect(snapshot.spots.last?.peopleCount == 2499)
                #expect(snapshot.sources.first?.lastSuccess != nil)
            }
        }
    }

    @Test(arguments: [NGSIFlavour.v2, .ld], [NGSIFormat.normalized, .keyValues])
    func readsOdawaraInEveryShape(flavour: NGSIFlavour, format: NGSIFormat) async throws {
        let clock = TestClock(ISO8601.parse("2026-11-23T14:04:00+09:00")!)
        try await withSimulator(clock: clock) { _, url in
            var config = spotConfig(url, flavour: flavour, format: format)
            config.weather = WeatherMapping()
            config.notices = NoticeMapping()
            try await withSource(config, clock: clock) { source in
                let snapshot = try await source.poll()
                #expect(snapshot.spots.map { $0.name.ja } == ["小田原城", "小田原駅東口", "小田原漁港", "石垣山一夜城", "御幸の浜"])
                let castle = try #require(snapshot.spots.first)
                #expect(castle.name.en == "Odawara Castle")
                #expect(castle.name.ko == "오다와라성")
                #expect(castle.capacity == 2000)
                #expect(castle.peopleCount == OdawaraDay.peopleCount(spot: 0, at: clock.now()))
                #expect(castle.observedAt == clock.now())
                #expect(castle.congestion == .veryHigh)  // early afternoon at the castle
                #expect(snapshot.weather?.condition?.ja == "晴れ")
                #expect(snapshot.weather?.humidity != nil)
                let notice = try #require(snapshot.notices.first)
                // Stored percent-encoded (Orion forbids parentheses), shown decoded.
                #expect(notice.body.en?.hasSuffix("9:00–17:00 (last entry 16:30).") == true)
            }
        }
    }

    @Test func tenantAndServicePathSelectTheSignsEntities() async throws {
        try await withSimulator(entities: []) { simulator, url in
            try await simulator.upsert(crowdEntities(3, prefix: "signage"), tenant: "odawara", servicePath: "/signage")
            try await simulator.upsert(crowdEntities(2, prefix: "parking"), tenant: "odawara", servicePath: "/parking")
            try await simulator.upsert(crowdEntities(4, prefix: "elsewhere"), tenant: "hakone", servicePath: "/signage")
            try await simulator.upsert(crowdEntities(1, prefix: "default"))

            var config = spotConfig(url)
            config.tenant = "odawara"
            config.servicePath = "/signage"
            try await withSource(config) { source in
                let ids = try await source.poll().spots.map(\.id)
                #expect(ids.count == 3 && ids.allSatisfy { $0.contains("signage") })
            }
            config.servicePath = "/#"
            try await withSource(config) { source in
                let polled = try await source.poll()
                #expect(polled.spots.count == 5)
            }
            config.servicePath = "/signage, /parking"
            try await withSource(config) { source in
                let polled = try await source.poll()
                #expect(polled.spots.count == 5)
            }
            config.tenant = nil
            config.servicePath = nil
            try await withSource(config) { source in
                let polled = try await source.poll()
                #expect(polled.spots.map(\.id) == ["urn:ngsi-ld:CrowdFlowObserved:default-0"])
            }
            var ld = spotConfig(url, flavour: .ld)
            ld.tenant = "hakone"
            try await withSource(ld) { source in
                let polled = try await source.poll()
                #expect(polled.spots.count == 4)
            }
        }
    }

    @Test(arguments: [PlatformConfig.AuthHeader.bearer, .xAuthToken])
    func tokenFileAuthenticates(header: PlatformConfig.AuthHeader) async throws {
        let directory = try temporaryDirectory()
        let tokenFile = directory + "/token"
        try "s3cr3t-token-for-sign-12\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        try await withSimulator(auth: SimulatorAuth(staticTokens: ["s3cr3t-token-for-sign-12"])) { _, url in
            var config = spotConfig(url)
            config.auth = .tokenFile(tokenFile)
            config.authHeader = header
            try await withSource(config) { source in
                let polled = try await source.poll()
                #expect(polled.spots.count == 5)
            }
            // Without the token the PEP proxy says 401 and the sign says so.
            try await withSource(spotConfig(url)) { source in
                await #expect {
                    try await source.poll()
                } throws: { error in
                    guard let error = error as? NGSIError else { return false }
                    return error.code == .unauthorized && error.status == 401
                }
            }
            // A rotated token file is read again on the next poll.
            try "revoked".write(toFile: tokenFile, atomically: true, encoding: .utf8)
            try await withSource(config) { source in
                await #expect(throws: NGSIError.self) { try await source.poll() }
            }
        }
    }

    @Test func oauthTokenIsRefreshedBeforeItExpires() async throws {
        let clock = TestClock()
        let directory = try temporaryDirectory()
        try "client-secret-12345".write(toFile: directory + "/secret", atomically: true, encoding: .utf8)
        let auth = SimulatorAuth(clients: ["sign-12": "client-secret-12345"], tokenLifetime: 600)
        try await withSimulator(auth: auth, clock: clock) { simulator, url in
            var config = spotConfig(url)
            config.auth = .oauth2(
                .init(
                    tokenURL: url.appendingPathComponent("oauth2/token"), clientID: "sign-12",
                    clientSecretFile: directory + "/secret"))
            try await withSource(config, clock: clock) { source in
                try await source.poll()
                try await source.poll()
                #expect(await simulator.tokensIssued == 1)
                // 550 s in: inside the last minute of a 600 s token, so the sign renews first.
                clock.advance(by: 550)
                try await source.poll()
                #expect(await simulator.tokensIssued == 2)
                #expect(await source.client.tokensObtained == 2)
                // A wrong secret fails with a clear credentials error.
                var wrong = config
                wrong.auth = .oauth2(
                    .init(
                        tokenURL: url.appendingPathComponent("oauth2/token"), clientID: "sign-12", clientSecret: "nope")
                )
                try await withSource(wrong, clock: clock) { other in
                    await #expect {
                        try await other.poll()
                    } throws: { error in
                        (error as? NGSIError)?.code == .credentials && (error as? NGSIError)?.status == 401
                    }
                }
            }
        }
    }

    @Test(arguments: [
        (
            SimulatorFault.status(404), NGSIError.Code.httpStatus,
            "404 Not Found (NotFound: The requested entity has not been found"
        ),
        (.status(500), .httpStatus, "500 Internal Server Error (InternalServerError"),
        (.status(401), .unauthorized, "401 Unauthorized (Invalid token)"),
        (.malformedJSON, .badJSON, "the answer is not JSON"),
        (.shortPage, .partialPage, "keeping the previous data"),
    ])
    func badAnswersNeverReplaceGoodData(fault: SimulatorFault, code: NGSIError.Code, message: String) async throws {
        try await withSimulator(entities: crowdEntities(30)) { simulator, url in
            var config = spotConfig(url)
            config.pageSize = 10
            try await withSource(config) { source in
                let good = try await source.poll()
                #expect(good.spots.count == 30)
                // The fault hits the second page, after a good first page.
                await simulator.inject(.status(200), times: 0)
                try await simulator.upsert([
                    [
                        "id": "urn:ngsi-ld:CrowdFlowObserved:spot-0", "type": "CrowdFlowObserved",
                        "peopleCount": ["type": "Number", "value": 999],
                    ]
                ])
                await simulator.inject(fault == .shortPage ? .shortPage : fault)
                await #expect {
                    try await source.poll()
                } throws: { error in
                    guard let error = error as? NGSIError else { return false }
                    return error.code == code && error.message.contains(message)
                }
                let kept = await source.snapshot
                #expect(kept.spots == good.spots)
                #expect(kept.sources.first?.lastSuccess == good.sources.first?.lastSuccess)
                #expect(kept.sources.first?.lastError?.contains(message) == true)
                // The broker recovers: the next poll takes the new data and clears the error.
                let fresh = try await source.poll()
                #expect(fresh.spots.first?.peopleCount == 999)
                #expect(fresh.sources.first?.lastError == nil)
            }
        }
    }

    @Test func anUnreachableBrokerIsAClearError() async throws {
        // A port nothing listens on: bind one, note it, close it.
        let simulator = NGSISimulator(entities: [], logger: testLogger)
        let port = try await simulator.start()
        await simulator.stop()
        var config = spotConfig(URL(string: "http://127.0.0.1:\(port)")!)
        config.timeout = .seconds(5)
        try await withSource(config) { source in
            await #expect {
                try await source.poll()
            } throws: { error in
                (error as? NGSIError)?.code == .unreachable
                    && (error as? NGSIError)?.message.contains("GET http://127.0.0.1:\(port)/v2/entities") == true
            }
        }
    }

    @Test(arguments: [NGSIFlavour.v2, .ld])
    func japaneseAttributeNamesAndEncodedText(flavour: NGSIFlavour) async throws {
        let entity: JSONValue = [
            "id": "urn:ngsi-ld:人流:小田原城", "type": "人流観測",
            "名称": [
                "type": "Text",
                "value": "%E5%B0%8F%E7%94%B0%E5%8E%9F%E5%9F%8E%EF%BC%88%E5%A4%A9%E5%AE%88%E9%96%A3%EF%BC%89",
            ],
            "名称英語": ["type": "Text", "value": "Odawara%20Castle%20%28keep%29%3B%20open%209%3D17"],
            "人数": ["type": "Number", "value": 1500],
            "収容人数": ["type": "Number", "value": 2000],
            "観測日時": ["type": "DateTime", "value": "2026-11-23T05:04:00Z"],
        ]
        try await withSimulator(entities: [entity]) { _, url in
            let yaml = """
                url: \(url.absoluteString)
                flavour: \(flavour.rawValue)
                spots:
                  type: 人流観測
                  name: {ja: 名称, en: 名称英語}
                  count: 人数
                  capacity: 収容人数
                  observedAt: 観測日時
                  thresholds: {moderate: 0.3, high: 0.6, veryHigh: 0.8}
                """
            let config = try PlatformConfig.parse(yaml: yaml, file: "sign.yaml")
            try await withSource(config) { source in
                let spot = try #require(try await source.poll().spots.first)
                #expect(spot.name.ja == "小田原城（天守閣）")
                #expect(spot.name.en == "Odawara Castle (keep); open 9=17")
                #expect(spot.peopleCount == 1500)
                #expect(spot.capacity == 2000)
                #expect(spot.congestion == .high)  // 0.75 with thresholds 0.3 / 0.6 / 0.8
                #expect(spot.observedAt == ISO8601.parse("2026-11-23T05:04:00Z"))
            }
        }
    }

    @Test func historyGrowsAcrossPolls() async throws {
        let clock = TestClock(ISO8601.parse("2026-11-23T09:00:00+09:00")!)
        try await withSimulator(clock: clock) { simulator, url in
            var config = spotConfig(url)
            config.spots?.historyLimit = 3
            try await withSource(config, clock: clock) { source in
                for step in 0..<5 {
                    clock.advance(by: 600)
                    await simulator.advance(to: clock.now())
                    let spots = try await source.poll().spots
                    #expect(spots[0].history.count == min(step + 1, 3))
                }
                // A poll with nothing new does not add a sample.
                let again = try await source.poll().spots
                #expect(again[0].history.count == 3)
                #expect(again[0].history.last?.at == clock.now())
                #expect(again[0].history.last?.count == again[0].peopleCount)
            }
        }
    }
}
