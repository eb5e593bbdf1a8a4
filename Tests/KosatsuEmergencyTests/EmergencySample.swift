import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuEmergency

/// A sample snapshot for an emergency layout, made by running real corpus telegrams through a
/// sign's board and the bridge: the committed `Layouts/samples/<name>.json` must equal it.
struct EmergencySample: Sendable, CustomStringConvertible {
    var name: String
    /// Corpus telegrams, received in this order, each at its own issue time.
    var telegrams: [String]
    var area: SignArea
    /// When the snapshot is taken.
    var at: String

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
        var board = AlertBoard(area: area)
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
        try SnapshotFile.encode(Snapshot.empty.showing(board()))
    }
}
