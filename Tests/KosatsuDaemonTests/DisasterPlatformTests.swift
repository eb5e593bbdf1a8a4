import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuPlatform
import KosatsuShelters
import KosatsuSimulator
import Logging
import Prometheus
import Testing

@testable import KosatsuDaemon

/// 避難情報 and shelters from the city's data platform, through the NGSI simulator, to what the sign's
/// emergency screen binds: the level, the districts, and the nearest open shelters with their state.
@Suite struct DisasterPlatformTests {
    static let logger = PlatformAlertsTests.logger
    static let station = GeoPoint(latitude: 35.2564, longitude: 139.1553)

    /// 避難指示 for 早川・石橋 under the city's own (Japanese) attribute names.
    static func evacuation(now: Date, status: String = "発令", modified: Date? = nil) -> JSONValue {
        [
            "id": "urn:ngsi-ld:Alert:odawara-evacuation", "type": "Alert",
            "category": ["type": "Text", "value": "naturalDisaster"],
            "警戒レベル": ["type": "Text", "value": "警戒レベル４"],
            "対象地区": ["type": "StructuredValue", "value": ["早川", "石橋"]],
            "災害種別": ["type": "Text", "value": "土砂災害"],
            "発令状況": ["type": "Text", "value": .string(status)],
            "市町村コード": ["type": "Text", "value": "142069"],
            "dateIssued": ["type": "DateTime", "value": .string(PlatformAlertsTests.iso(now.addingTimeInterval(-60)))],
            "dateModified": [
                "type": "DateTime", "value": .string(PlatformAlertsTests.iso(modified ?? now.addingTimeInterval(-60))),
            ],
        ]
    }

    /// The city reports 神奈川県立小田原高等学校 not open, and 小田原市役所 open and crowded.
    static let shelters: [JSONValue] = [
        [
            "id": "urn:ngsi-ld:PointOfInterest:odawara-high", "type": "PointOfInterest",
            "name": ["type": "Text", "value": "神奈川県立小田原高等学校"], "commonID": ["type": "Text", "value": "14206-0008"],
            "location": ["type": "geo:json", "value": ["type": "Point", "coordinates": [139.1497, 35.2598]]],
            "shelterStatus": ["type": "Text", "value": "未開設"],
        ],
        [
            "id": "urn:ngsi-ld:PointOfInterest:odawara-city-hall", "type": "PointOfInterest",
            "name": ["type": "Text", "value": "小田原市役所"], "commonID": ["type": "Text", "value": "14206-0005"],
            "location": ["type": "geo:json", "value": ["type": "Point", "coordinates": [139.1523, 35.2645]]],
            "shelterStatus": ["type": "Text", "value": "開設"],
            "peopleCount": ["type": "Number", "value": 460], "capacity": ["type": "Number", "value": 500],
        ],
    ]

    @Test func evacuationAndSheltersFromThePlatformReachTheScreen() async throws {
        let now = Date()
        let simulator = NGSISimulator(
            entities: [Self.evacuation(now: now)] + Self.shelters, options: .init(host: "127.0.0.1", port: 0),
            logger: Self.logger)
        try await simulator.start()
        do {
            let url = try #require(simulator.baseURL)
            var config = PlatformConfig(url: url)
            var alerts = AlertMapping()
            alerts.evacuation.level = "警戒レベル"
            alerts.evacuation.districts = "対象地区"
            alerts.evacuation.hazard = "災害種別"
            alerts.evacuation.status = "発令状況"
            alerts.evacuation.areaCode = "市町村コード"
            config.alerts = alerts
            config.shelters = ShelterMapping()
            config.timeout = .seconds(10)
            let source = try PlatformSource(config: config, logger: Self.logger)
            let list = try GSIShelterList.load(
                ConfigurationTests.root.appendingPathComponent("Layouts/samples/odawara-shelters.csv").path)
            let state = SignState(
                board: AlertBoard(area: SignArea(codes: [AreaCode("1420600", family: .municipality)]), now: now),
                logger: Self.logger,
                shelters: NearbyShelters(directory: ShelterDirectory(list.shelters), origin: Self.station, facing: 135))
            let feed = PlatformFeed(
                source: source, state: state,
                metrics: SignMetrics(factory: PrometheusMetricsFactory(registry: PrometheusCollectorRegistry())),
                logger: Self.logger)
            var platformAlerts = PlatformAlerts(config: config)
            await state.update(try await source.poll())
            await feed.forward(&platformAlerts)

            let takeover = try #require(await state.board.takeover)
            #expect(takeover.details.evacuation?.level == .evacuate)
            let notice = try #require(await state.screenSnapshot().alerts.first)
            #expect(notice.event == "evacuation" && notice.level?.ja == "警戒レベル４　避難指示")
            #expect(notice.areas == ["早川", "石橋"])
            // Landslide shelters: the school is reported not open and left out; the city hall is open and crowded.
            let shelters = try #require(notice.shelters)
            #expect(shelters.map(\.name.ja) == ["小田原市立三の丸小学校", "小田原市役所", "小田原市立芦子小学校"])
            #expect(shelters[1].isOpen == true && shelters[1].congestion == .veryHigh)
            #expect(shelters[1].hazards.contains(.landslide), "the list's designations are kept")

            // Lifted on the platform: the board lets it go and shows the calm screen.
            try await simulator.upsert([Self.evacuation(now: now, status: "解除", modified: now)])
            await state.update(try await source.poll())
            await feed.forward(&platformAlerts)
            #expect(await state.board.takeover == nil)
            #expect(await state.screenSnapshot().calm?.headline.ja == "避難指示は解除されました")
            await source.shutdown()
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }
}
