import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuEmergency
import Testing

/// An earthquake felt at the sign below the takeover 震度 reaches normal pages as a banner line.
@Suite(.enabled(if: Repository.corpus != nil, Repository.corpusAbsent))
struct BannerBridgeTests {
    /// 2021-02-19 岩手県内陸北部: 盛岡市 震度1, 二戸市 震度4; 「この地震による津波の心配はありません。」
    static let quake = "jma-p2pquake/20210219091451_0_VXSE53_010000.xml"

    @Test func belowTheThresholdABannerLine() throws {
        let alert = try Repository.alert(Self.quake)
        var board = AlertBoard(area: SignArea(codes: [AreaCode("0320100", family: .municipality)]))
        board.receive(alert, at: alert.issued)
        #expect(EmergencyScreen(board) == .schedule)
        let notice = try #require(Snapshot.empty.showing(board).alerts.first)
        let banner = try #require(notice.banner)
        #expect(banner.ja == "震度１　盛岡市で地震がありました。津波の心配はありません")
        #expect(banner.en == "Seismic intensity 1 · An earthquake was felt in 盛岡市. No tsunami is expected")
        #expect(banner.ko?.contains("쓰나미") == true && banner.zhHans?.contains("海啸") == true)
    }

    @Test func atTheThresholdATakeoverAndNoBanner() throws {
        let alert = try Repository.alert(Self.quake)
        var board = AlertBoard(area: SignArea(codes: [AreaCode("0321300", family: .municipality)]))
        board.receive(alert, at: alert.issued)
        let takesOver: Bool
        if case .takeover = EmergencyScreen(board) { takesOver = true } else { takesOver = false }
        #expect(takesOver, "震度4 at 二戸市 takes over")
        #expect(Snapshot.empty.showing(board).alerts.allSatisfy { $0.banner == nil })
    }
}
