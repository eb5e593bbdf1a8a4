import Foundation
import KosatsuAlerts
import Testing

/// Earthquakes take over by the 震度 observed or forecast in the sign's own areas, not the maximum
/// anywhere: 震度4 by default (`alerts: {takeover-intensity: 4}`), a banner on normal pages below
/// it; `alert inspect` and the log say why.
struct OwnAreaTakeoverTests {
    /// 2021-02-19 岩手県内陸北部 (code 212): 二戸市 震度4, 盛岡市 震度1.
    static let quake = "jma-p2pquake/20210219091451_0_VXSE53_010000.xml"
    static let ninohe = SignArea(codes: [AreaCode("0321300", family: .municipality)])
    static let morioka = SignArea(codes: [AreaCode("0320100", family: .municipality)])
    static let northernInland = SignArea(codes: [AreaCode("212", family: .seismicArea)])
    static let wakayama = SignArea(codes: [AreaCode("3020100", family: .municipality)])

    @Test func theOwnAreasIntensityDecides() throws {
        let alert = try Corpus.alert(Self.quake)
        #expect(alert.details.earthquake?.maxIntensity == .four)
        let standard = TakeoverPolicy.standard
        let atNinohe = standard.decision(alert, at: Self.ninohe, now: alert.issued)
        #expect(atNinohe.takesOver && !atNinohe.showsBanner)
        #expect(atNinohe.reason == "震度４ observed in 二戸市 reaches the takeover intensity 震度４")
        let byArea = standard.decision(alert, at: Self.northernInland, now: alert.issued)
        #expect(byArea.takesOver && byArea.reason.contains("in 岩手県内陸北部"))
        // 盛岡市 felt 震度1: no takeover, a banner.
        let atMorioka = standard.decision(alert, at: Self.morioka, now: alert.issued)
        #expect(!atMorioka.takesOver && atMorioka.showsBanner)
        #expect(atMorioka.reason == "震度１ observed in 盛岡市 is below the takeover intensity 震度４: a banner on normal pages")
        // Far away: nothing at all.
        let far = standard.decision(alert, at: Self.wakayama, now: alert.issued)
        #expect(!far.takesOver && !far.showsBanner && far.reason.hasPrefix("not for the sign's areas"))
    }

    @Test func theThresholdIsPerSign() throws {
        let alert = try Corpus.alert(Self.quake)
        let strict = TakeoverPolicy(minimumIntensity: .fiveLower)
        let decision = strict.decision(alert, at: Self.ninohe, now: alert.issued)
        #expect(!decision.takesOver && decision.showsBanner)
        #expect(decision.reason.contains("below the takeover intensity 震度５弱"))
        let lenient = TakeoverPolicy(minimumIntensity: .one)
        #expect(lenient.wouldTakeOver(alert, at: Self.morioka, now: alert.issued))
    }

    @Test func theBoardShowsABannerBelowTheThreshold() throws {
        let alert = try Corpus.alert(Self.quake)
        var morioka = AlertBoard(area: Self.morioka)
        #expect(morioka.receive(alert, at: alert.issued) == .added)
        #expect(morioka.takeover == nil && morioka.banner?.id == alert.id)
        #expect(morioka.decision(for: alert).showsBanner)
        var ninohe = AlertBoard(area: Self.ninohe)
        ninohe.receive(alert, at: alert.issued)
        #expect(ninohe.takeover?.id == alert.id && ninohe.banner == nil)
        // The banner goes with the alert (an observed earthquake is held 30 minutes).
        morioka.tick(now: alert.issued.addingTimeInterval(31 * 60))
        #expect(morioka.banner == nil)
    }

    @Test func earlyWarningsByTheForecastForTheOwnArea() throws {
        // 2024-04-17 豊後水道: 愛媛県南予 5弱, 高知県西部 4 (警報 areas).
        let alert = try Corpus.alert("jma/37_01_01_240613_VXSE43.xml")
        let nanyo = SignArea(codes: [AreaCode("622", family: .seismicArea)])
        let kochiWest = SignArea(codes: [AreaCode("632", family: .seismicArea)])
        let standard = TakeoverPolicy.standard
        let decision = standard.decision(alert, at: nanyo, now: alert.issued)
        #expect(decision.takesOver)
        #expect(decision.reason == "震度５弱 forecast in 愛媛県南予 reaches the takeover intensity 震度４")
        let strict = TakeoverPolicy(minimumIntensity: .fiveLower)
        #expect(strict.wouldTakeOver(alert, at: nanyo, now: alert.issued))
        let kochi = strict.decision(alert, at: kochiWest, now: alert.issued)
        #expect(!kochi.takesOver && kochi.showsBanner)
    }

    @Test func earlyWarningForecastsForSpecialistsNeverShow() throws {
        // 緊急地震速報（予報） of the same event, 震度5弱 forecast for 愛媛県南予: for specialists only.
        let forecast = try Corpus.alert("jma/36_01_05_240613_VXSE44.xml")
        let nanyo = SignArea(codes: [AreaCode("622", family: .seismicArea)])
        let decision = TakeoverPolicy.standard.decision(forecast, at: nanyo, now: forecast.issued)
        #expect(!decision.takesOver && !decision.showsBanner)
    }

    @Test func drillsSayWhy() throws {
        let drill = try Corpus.alert("jma/32-35_01_03_240613_VXSE53.xml")
        #expect(drill.status == .exercise)
        let decision = TakeoverPolicy.standard.decision(drill, at: .anywhere, now: drill.issued)
        #expect(!decision.takesOver && decision.reason.hasPrefix("status exercise: drills and tests never take over"))
    }

    @Test func inspectReportsTheReason() throws {
        let reports = try AlertReport.inspect(
            Corpus.data(Self.quake), file: "quake.xml", areas: [AreaCode("0320100", family: .municipality)], at: nil)
        let report = try #require(reports.first)
        #expect(!report.takeover && report.banner)
        #expect(report.reason.contains("盛岡市"))
    }
}
