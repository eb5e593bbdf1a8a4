import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuEmergency
import KosatsuShelters

/// A sample snapshot for an emergency layout, made by running real corpus telegrams through a
/// sign's board and the bridge: the committed `Layouts/samples/<name>.json` must equal it.
struct EmergencySample: Sendable, CustomStringConvertible {
    var name: String
    /// Corpus telegrams, received in this order, each at its own issue time.
    var telegrams: [String]
    var area: SignArea
    /// When the snapshot is taken.
    var at: String
    /// The sign's thresholds (a beach sign may take over from 津波注意報).
    var policy = TakeoverPolicy.standard
    /// Where the sign stands and the way it faces, for the nearest shelters in `Layouts/samples/odawara-shelters.csv`
    /// (a constructed list; see Tests/KosatsuSheltersTests/Fixtures/README.md).
    var place: (latitude: Double, longitude: Double, facing: Double)?

    var description: String { name }

    static let all: [EmergencySample] = [
        // 2011-03-11 東北地方太平洋沖地震: 震源・震度情報, seen from 栗原市 (震度７).
        EmergencySample(
            name: "alert-earthquake", telegrams: ["jma/32-39_11_05_240613_VXSE53.xml"],
            area: SignArea(codes: [AreaCode("0421300", family: .municipality)]), at: "2011-03-11T14:55:00+09:00"),
        // 2011-03-11 大津波警報, seen on the 宮城県 coast.
        EmergencySample(
            name: "alert-tsunami", telegrams: ["jma/32-39_11_02_250206_VTSE41.xml"],
            area: SignArea(codes: [AreaCode("220", family: .tsunamiRegion)]), at: "2011-03-11T14:50:00+09:00"),
        // 島根県 大雨特別警報 (JMA sample telegram), seen from 浜田市.
        EmergencySample(
            name: "alert-rain", telegrams: ["jma/15_12_01_161130_VPWW54.xml"],
            area: SignArea(codes: [AreaCode("3220200", family: .municipality)]), at: "2016-02-12T15:45:00+09:00"),
        // 2024-11-02 神奈川県 レベル４土砂災害危険警報, seen from 小田原市.
        EmergencySample(
            name: "alert-landslide", telegrams: ["jma/17_04_01_250630_VXWW50.xml"],
            area: SignArea(codes: [AreaCode("1420600", family: .municipality)]), at: "2024-11-02T18:51:00+09:00"),
        // 2024-11-02 神奈川県 土砂災害 seen from 小田原駅東口 (the screen facing south-east), with the
        // nearest shelters designated for 土砂災害.
        EmergencySample(
            name: "alert-landslide-shelters", telegrams: ["jma/17_04_01_250630_VXWW50.xml"],
            area: SignArea(codes: [AreaCode("1420600", family: .municipality)]), at: "2024-11-02T18:51:00+09:00",
            place: (35.2564, 139.1553, 135)),
        // 2011-03-11 津波注意報 for 相模湾, seen from a beach sign at 御幸の浜 that takes over from 注意報,
        // with the nearest tsunami shelters.
        EmergencySample(
            name: "alert-tsunami-shelters", telegrams: ["jma/32-39_11_02_250206_VTSE41.xml"],
            area: SignArea(codes: [AreaCode("330", family: .tsunamiRegion)]), at: "2011-03-11T14:50:00+09:00",
            policy: TakeoverPolicy(minimumSeverity: .advisory), place: (35.2478, 139.1582, 180)),
        // 避難指示 (警戒レベル4) for 早川・石橋・米神・根府川 from the city's data platform (an NGSI entity
        // written for the tests), seen from 小田原駅東口, with the nearest 土砂災害 shelters.
        EmergencySample(
            name: "alert-evacuation", telegrams: ["fixture:ngsi-evacuation-odawara.json"],
            area: SignArea(codes: [AreaCode("1420600", family: .municipality)]), at: "2025-09-15T18:35:00+09:00",
            place: (35.2564, 139.1553, 135)),
        // 箱根山 噴火警報（居住地域）レベル５ (JMA sample telegram), seen from 箱根町: the generic screen.
        EmergencySample(
            name: "alert-volcano", telegrams: ["jma/45_02_01_200522_VFVO50.xml"],
            area: SignArea(codes: [AreaCode("1438200", family: .municipality)]), at: "2020-05-22T13:27:00+09:00"),
        // 2011-03-11 大津波警報 for 宮城県, lifted on 2011-03-13 (津波予報): the calm screen.
        EmergencySample(
            name: "alert-calm", telegrams: ["jma/32-39_11_11_250206_VTSE41.xml", "jma/32-39_11_13_250206_VTSE41.xml"],
            area: SignArea(codes: [AreaCode("220", family: .tsunamiRegion)]), at: "2011-03-13T18:00:00+09:00"),
    ]

    var path: URL { Repository.layouts.appendingPathComponent("samples/\(name).json") }

    /// The board after the telegrams, at `at`.
    func board() throws -> AlertBoard {
        var board = AlertBoard(area: area, policy: policy)
        for telegram in telegrams {
            let alert = try Repository.alert(telegram)
            board.receive(alert, at: alert.issued)
        }
        board.tick(now: try time())
        return board
    }

    func time() throws -> Date {
        guard let date = ISO8601.parse(at) else { throw Repository.CorpusMissing() }
        return date
    }

    /// The sample as JSON, exactly as committed.
    func snapshotJSON() throws -> Data {
        try SnapshotFile.encode(Snapshot.empty.showing(board(), shelters: try shelters()))
    }

    /// The nearest shelters from `place`, if the sample has one.
    func shelters() throws -> NearbyShelters? {
        guard let place else { return nil }
        let list = try GSIShelterList.load(
            Repository.layouts.appendingPathComponent("samples/odawara-shelters.csv").path)
        return NearbyShelters(
            directory: ShelterDirectory(list.shelters),
            origin: GeoPoint(latitude: place.latitude, longitude: place.longitude), facing: place.facing)
    }
}
