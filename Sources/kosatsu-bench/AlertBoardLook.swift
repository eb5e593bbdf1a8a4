import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuEmergency

/// The sign's look at its alert board on each step of its loop (and each health check): expiry,
/// what is in force, what takes over, the emergency screen and the snapshot the layouts bind.
/// With 16 prefecture-wide alerts of 14,728 areas each this once cost 55 % of a core: the areas were
/// matched against the sign's on every look instead of once per alert.
enum AlertBoardLook {
    static let alerts = 16
    static let areas = 14_728

    static func board(at now: Date) -> AlertBoard {
        let here = AreaCode("1420600", family: .municipality)  // 小田原市
        var board = AlertBoard(
            area: SignArea(codes: [here], position: GeoPoint(latitude: 35.2564, longitude: 139.1550), radius: 500),
            now: now)
        for index in 0..<alerts {
            var areaList = (0..<areas - 1).map {
                AlertArea(
                    code: String(2_000_000 + $0), name: "区域\($0)", family: .municipality, severity: .warning)
            }
            areaList.insert(
                AlertArea(code: here.code, name: "小田原市", family: .municipality, severity: .emergency),
                at: areaList.count / 2)
            let issued = now.addingTimeInterval(Double(index - alerts))
            board.receive(
                Alert(
                    id: "wide-\(index)", thread: "wide-\(index)", source: .cap, status: .actual, kind: .alert,
                    hazard: .weather, event: "大雨", severity: .emergency, areas: areaList, headline: "大雨特別警報",
                    text: "", issued: issued, expires: issued.addingTimeInterval(6 * 3600)),
                at: now)
        }
        return board
    }

    /// One look, as `SignState.tick`, `emergency(at:)` and `screenSnapshot()` take it.
    static func look(_ board: inout AlertBoard, at now: Date) {
        board.tick(now: now)
        _ = board.inForce.map(\.id)
        _ = board.takeover
        _ = board.calm
        _ = board.drillBanner
        _ = EmergencyScreen(board)
        _ = Snapshot.empty.showing(board)
    }
}
