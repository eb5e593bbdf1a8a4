import AsyncHTTPClient
import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator
import Logging
import NIOCore
import NIOHTTP1
import Prometheus
import Testing

@testable import KosatsuDaemon

/// `Alert` entities on the city's data platform reach the sign's alert board, through the
/// in-process NGSI simulator, and leave it when the platform removes or ends them.
@Suite struct PlatformAlertsTests {
    static let logger = Logger(label: "kosatsu.test") { _ in SwiftLogNoOpLogHandler() }
    /// 小田原駅東口.
    static let area = SignArea(position: GeoPoint(latitude: 35.2564, longitude: 139.1550), radius: 500)

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    /// A Smart Data Models `Alert` (normalized) at the sign, issued a minute ago.
    static func entity(id: String, now: Date, validTo: Date, modified: Date? = nil) -> JSONValue {
        [
            "id": .string(id), "type": "Alert",
            "category": ["type": "Text", "value": "weather"],
            "subCategory": ["type": "Text", "value": "rainfall"],
            "severity": ["type": "Text", "value": "critical"],
            "description": ["type": "Text", "value": "小田原市に大雨特別警報"],
            "location": [
                "type": "geo:json", "value": ["type": "Point", "coordinates": [139.1551, 35.2565]],
            ],
            "dateIssued": ["type": "DateTime", "value": .string(iso(now.addingTimeInterval(-60)))],
            "dateModified": ["type": "DateTime", "value": .string(iso(modified ?? now.addingTimeInterval(-60)))],
            "validTo": ["type": "DateTime", "value": .string(iso(validTo))],
        ]
    }

    /// A simulator holding `entities`, a source reading its alerts, and a sign state; stopped after `body`.
    func withPlatform(
        _ entities: [JSONValue], _ body: (NGSISimulator, URL, PlatformFeed, SignState) async throws -> Void
    ) async throws {
        let simulator = NGSISimulator(
            entities: entities, options: .init(host: "127.0.0.1", port: 0), logger: Self.logger)
        try await simulator.start()
        do {
            let url = try #require(simulator.baseURL)
            var config = PlatformConfig(url: url)
            config.alerts = AlertMapping()
            config.timeout = .seconds(10)
            let source = try PlatformSource(config: config, logger: Self.logger)
            let state = SignState(board: AlertBoard(area: Self.area, now: Date()), logger: Self.logger)
            try await body(
                simulator, url,
                PlatformFeed(
                    source: source, state: state,
                    metrics: SignMetrics(factory: PrometheusMetricsFactory(registry: PrometheusCollectorRegistry())),
                    logger: Self.logger), state)
            await source.shutdown()
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }

    @Test func anAlertEntityTakesOverAndLeavesWhenRemoved() async throws {
        let now = Date()
        let id = "urn:ngsi-ld:Alert:odawara-rain"
        try await withPlatform([Self.entity(id: id, now: now, validTo: now.addingTimeInterval(3600))]) {
            _, url, feed, state in
            var alerts = PlatformAlerts()
            try await feed.source.poll()
            await feed.forward(&alerts)
            let takeover = try #require(await state.board.takeover)
            #expect(takeover.thread == "ngsi:" + id && takeover.source == .ngsi)

            // Polling again changes nothing: the same message is not passed on twice.
            let version = await state.version
            try await feed.source.poll()
            await feed.forward(&alerts)
            #expect(await state.version == version)

            var request = HTTPClientRequest(url: url.absoluteString + "/v2/entities/" + id)
            request.method = .DELETE
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 204)
            try await feed.source.poll()
            await feed.forward(&alerts)
            #expect(await state.board.takeover == nil)
            #expect(await state.board.alerts.isEmpty)
            #expect(await state.board.calm?.lifted.thread == "ngsi:" + id, "the calm screen follows the removal")
        }
    }

    @Test func anAlertEntityThatEndsLeavesTheBoard() async throws {
        let now = Date()
        let id = "Alert:odawara-rain-2"
        try await withPlatform([Self.entity(id: id, now: now, validTo: now.addingTimeInterval(3600))]) {
            simulator, _, feed, state in
            var alerts = PlatformAlerts()
            try await feed.source.poll()
            await feed.forward(&alerts)
            #expect(await state.board.takeover?.thread == "ngsi:" + id)

            // The platform ends it: validTo moves to the past, dateModified to now.
            try await simulator.upsert([
                Self.entity(id: id, now: now, validTo: now.addingTimeInterval(-1), modified: now)
            ])
            try await feed.source.poll()
            await feed.forward(&alerts)
            #expect(await state.board.takeover == nil)
            #expect(await state.board.alerts.isEmpty)
        }
    }

    @Test func anAlertEntityElsewhereNeverReachesTheBoard() async throws {
        let now = Date()
        var far = Self.entity(id: "Alert:sapporo", now: now, validTo: now.addingTimeInterval(3600))
        if case .object(var object) = far {
            object["location"] = ["type": "geo:json", "value": ["type": "Point", "coordinates": [141.35, 43.06]]]
            far = .object(object)
        }
        try await withPlatform([far]) { _, _, feed, state in
            var alerts = PlatformAlerts()
            try await feed.source.poll()
            await feed.forward(&alerts)
            #expect(await state.board.alerts.isEmpty)
        }
    }

    @Test func percentEncodedTextReachesTheBoardDecoded() async throws {
        let now = Date()
        var entity = Self.entity(id: "Alert:odawara-tsunami", now: now, validTo: now.addingTimeInterval(3600))
        if case .object(var object) = entity {
            // 「津波警報　海岸から離れてください」 as Orion makes providers store it.
            object["description"] = [
                "type": "Text",
                "value": .string(
                    "%E6%B4%A5%E6%B3%A2%E8%AD%A6%E5%A0%B1%E3%80%80%E6%B5%B7%E5%B2%B8%E3%81%8B%E3%82%89"
                        + "%E9%9B%A2%E3%82%8C%E3%81%A6%E3%81%8F%E3%81%A0%E3%81%95%E3%81%84"),
            ]
            object["subCategory"] = ["type": "Text", "value": "tsunami"]
            entity = .object(object)
        }
        try await withPlatform([entity]) { _, _, feed, state in
            var alerts = PlatformAlerts()
            try await feed.source.poll()
            await feed.forward(&alerts)
            let takeover = try #require(await state.board.takeover)
            #expect(takeover.headline == "津波警報　海岸から離れてください")
            #expect(takeover.text == "津波警報　海岸から離れてください")
            let shown = await state.screenSnapshot().alerts.first
            #expect(shown?.detail?.ja == "津波警報　海岸から離れてください")
            #expect(shown.map { !"\($0)".contains("%E6") } == true)
        }
    }
}
