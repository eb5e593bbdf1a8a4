import Foundation
import KosatsuAlerts
import KosatsuData
import Testing

/// Values read from named telegrams, checked against the files themselves. Most are committed in
/// `Fixtures/corpus`; the three largest and the walk over every telegram need the shared corpus.
struct JMAParserTests {
    @Test func realEarthquakeInformation() throws {
        // 2021-02-19 18:11 JST, 岩手県内陸北部 M3.9, max 震度4 at 二戸市 (an issued telegram).
        let alert = try Corpus.alert("jma-p2pquake/20210219091451_0_VXSE53_010000.xml")
        #expect(alert.source == .jma && alert.status == .actual && alert.kind == .alert)
        #expect(alert.hazard == .earthquake)
        #expect(alert.event == "地震情報")
        #expect(alert.severity == .advisory)  // 震度4
        let quake = try #require(alert.details.earthquake)
        #expect(quake.maxIntensity == .four)
        #expect(quake.hypocentreName == "岩手県内陸北部")
        #expect(quake.magnitude == 3.9)
        #expect(quake.magnitudeText == "Ｍ３．９")
        #expect(quake.hypocentre == GeoPoint(latitude: 40.2, longitude: 141.2))
        #expect(quake.depthKilometres == 10)
        #expect(!quake.isEarlyWarning)
        let ninohe = try #require(alert.areas.first { $0.code == "0321300" })
        #expect(ninohe.name == "二戸市" && ninohe.family == .municipality && ninohe.intensity == .four)
        let inland = try #require(alert.areas.first { $0.code == "212" && $0.family == .seismicArea })
        #expect(inland.name == "岩手県内陸北部" && inland.intensity == .four)
        #expect(alert.areas.first { $0.name == "盛岡市" }?.intensity == .one)
        #expect(alert.screen.japanese.contains("最大震度４"))
        #expect(alert.screen.english.contains("4"))
        #expect(alert.details.jma?.eventID == "20210219181113")
    }

    @Test(.enabled(if: Corpus.isPresent, Corpus.absentReason))
    func largeEarthquakeWithUnknownMagnitude() throws {
        // The 2011 sample: 三陸沖, magnitude "Ｍ８を超える巨大地震" written as NaN, max 震度7.
        let alert = try Corpus.alert("jma/32-39_11_05_240613_VXSE53.xml")
        let quake = try #require(alert.details.earthquake)
        #expect(quake.maxIntensity == .seven)
        #expect(quake.hypocentreName == "三陸沖")
        #expect(quake.magnitude == nil)
        #expect(quake.magnitudeText == "Ｍ８を超える巨大地震")
        #expect(alert.severity == .emergency)
    }

    @Test func intensityFlashReport() throws {
        // 震度速報: areas only, no hypocentre; 6弱 somewhere.
        let alert = try Corpus.alert("jma/32-35_01_01_100806_VXSE51.xml")
        #expect(alert.event == "震度速報")
        #expect(alert.details.earthquake?.maxIntensity == .sixLower)
        #expect(alert.details.earthquake?.hypocentreName == nil)
        #expect(alert.areas.contains { $0.family == .seismicArea && $0.intensity == .sixLower })
    }

    @Test(.enabled(if: Corpus.isPresent, Corpus.absentReason))
    func iwateMiyagiSequenceSharesOneThread() throws {
        let first = try Corpus.alert("jma/32-35_06_03_240613_VXSE53.xml")
        let second = try Corpus.alert("jma/32-35_06_04_240613_VXSE53.xml")
        let cancel = try Corpus.alert("jma/32-35_06_06_100915_VXSE53.xml")
        #expect(first.thread == second.thread && second.thread == cancel.thread)
        #expect(first.serial == 1 && second.serial == 2 && cancel.serial == 3)
        #expect(first.kind == .alert && second.kind == .update && cancel.kind == .cancel)
        #expect(first.details.earthquake?.maxIntensity == .sixUpper)
        #expect(first.details.earthquake?.hypocentreName == "岩手県内陸南部")
        #expect(first.details.earthquake?.magnitude == 7.0)
        #expect(first.areas.first { $0.name == "奥州市" }?.intensity == .sixUpper)
        #expect(first.areas.first { $0.name == "栗原市" }?.intensity == .sixUpper)
        #expect(cancel.screen.japanese.hasSuffix("取り消されました"))
    }

    @Test func tsunamiAdvisoryForMiyakoYaeyama() throws {
        // 2022-09-18 台湾付近: 津波注意報 for 宮古島・八重山地方 (1 m, first wave 16:00), 若干の海面変動 elsewhere.
        let alert = try Corpus.alert("jma-p2pquake/20220918154907_08013775_VTSE41.xml")
        #expect(alert.hazard == .tsunami)
        #expect(alert.severity == .advisory)
        let forecasts = try #require(alert.details.tsunami)
        #expect(forecasts.count == 5)
        let miyako = try #require(forecasts.first { $0.area.code == "802" })
        #expect(miyako.area.name == "宮古島・八重山地方" && miyako.area.family == .tsunamiRegion)
        #expect(miyako.category == "津波注意報" && miyako.categoryCode == "62")
        #expect(miyako.maxHeight == 1 && miyako.maxHeightText == "１ｍ")
        #expect(miyako.firstArrival == Date(timeIntervalSince1970: 1_663_484_400))  // 2022-09-18T16:00+09:00
        #expect(miyako.area.severity == .advisory)
        let izu = try #require(forecasts.first { $0.area.code == "320" })
        #expect(izu.maxHeight == 0.2 && izu.maxHeightText == "０．２ｍ未満" && izu.area.severity == .information)
        #expect(alert.screen.japanese == "津波注意報　海から離れてください")
        #expect(alert.details.earthquake?.hypocentreName != nil)
    }

    @Test func greatTsunamiWarningOf2011() throws {
        let alert = try Corpus.alert("jma-p2pquake/32-39_11_06_120615_VTSE41.xml")
        #expect(alert.severity == .emergency)
        let forecasts = try #require(alert.details.tsunami)
        let miyagi = try #require(forecasts.first { $0.area.code == "220" })
        #expect(miyagi.category == "大津波警報" && miyagi.maxHeight == nil && miyagi.maxHeightText == "巨大")
        let iwate = try #require(forecasts.first { $0.area.code == "210" })
        #expect(iwate.arrivalCondition == "既に津波到達と推測")
        let ibaraki = try #require(forecasts.first { $0.area.code == "300" })
        #expect(ibaraki.category == "津波警報" && ibaraki.maxHeightText == "高い" && ibaraki.area.severity == .warning)
        #expect(forecasts.first { $0.area.code == "330" }?.area.severity == .advisory)  // 相模湾・三浦半島
        #expect(alert.screen.japanese == "大津波警報　ただちに高台へ避難してください")
        #expect(alert.screen.english == "Major tsunami warning: evacuate to high ground now")
    }

    @Test func kanagawaWarningsPerArea() throws {
        // 2016-07-15 16:03 神奈川県: 小田原市 波浪警報 + 強風注意報, 箱根町 強風注意報 only.
        let alert = try Corpus.alert("jma/15_12_03_161130_VPWW54.xml")
        #expect(alert.hazard == .weather && alert.expires == nil)
        let warnings = try #require(alert.details.warnings)
        let odawara = try #require(warnings.first { $0.area.code == "1420600" })
        #expect(odawara.area.name == "小田原市" && odawara.area.family == .municipality)
        #expect(odawara.kinds.map(\.name) == ["波浪警報", "強風注意報"])
        #expect(odawara.kinds.map(\.status) == ["発表", "発表"])
        #expect(odawara.kinds.map(\.code) == ["07", "15"])
        #expect(odawara.area.severity == .warning)
        let hakone = try #require(warnings.first { $0.area.code == "1438200" })
        #expect(hakone.kinds.map(\.name) == ["強風注意報"] && hakone.area.severity == .advisory)
        #expect(warnings.first { $0.area.code == "140024" }?.area.family == .forecastArea)  // 西湘
        #expect(alert.screen.japanese == "神奈川県気象警報・注意報　波浪警報・強風注意報・波浪注意報")
        #expect(alert.screen.english == "High waves warning, Gale advisory, High waves advisory")
    }

    @Test func naraEmergencyWarningThenLifted() throws {
        let emergency = try Corpus.alert("jma/15_08_03_160628_VPWW53.xml")
        let lifted = try Corpus.alert("jma/15_08_05_130412_VPWW53.xml")
        #expect(emergency.thread == lifted.thread)
        let totsukawa = try #require(emergency.details.warnings?.first { $0.area.code == "2944900" })
        #expect(totsukawa.kinds.first?.name == "大雨特別警報" && totsukawa.area.severity == .emergency)
        let after = try #require(lifted.details.warnings?.first { $0.area.code == "2944900" })
        #expect(after.kinds.allSatisfy { $0.status == "解除" && !$0.isInForce })
        #expect(after.area.severity == nil)
        #expect(!SignArea(codes: [AreaCode("2944900")]).covers(lifted))
    }

    @Test func landslideAlert() throws {
        let alert = try Corpus.alert("jma/17_03_01_190529_VXWW50.xml")
        #expect(alert.hazard == .landslide && alert.severity == .dangerWarning)
        let takahashi = try #require(alert.details.warnings?.first { $0.area.code == "3320900" })
        #expect(takahashi.area.name == "高梁市")
        #expect(takahashi.kinds.first?.name == "警戒" && takahashi.kinds.first?.status == "発表")
        #expect(alert.details.warnings?.first { $0.area.code == "3310000" }?.area.severity == nil)  // 岡山市: なし
    }

    @Test func earthquakeEarlyWarningNotoOffshore() throws {
        // 2024-01-16 18:42 緊急地震速報（警報）: 石川県能登 4〜5弱 (already arrived), 石川県加賀 3〜4.
        let alert = try Corpus.alert("jma-p2pquake/20240116184225_02245216_VXSE43.xml")
        #expect(alert.hazard == .earthquakeEarlyWarning && alert.severity == .warning)
        let quake = try #require(alert.details.earthquake)
        #expect(quake.isEarlyWarning && quake.forecastMaxIntensity == .fiveLower)
        #expect(quake.hypocentreName == "能登半島沖" && quake.magnitude == 5.7)
        let noto = try #require(alert.areas.first { $0.code == "390" && $0.family == .seismicArea })
        #expect(noto.intensity == .fiveLower && noto.severity == .warning)
        #expect(alert.areas.contains { $0.code == "9934" && $0.family == .earlyWarningRegion })  // 北陸
        #expect(alert.screen.japanese == "緊急地震速報（警報）　能登半島沖で地震　北陸で強い揺れ")
    }

    @Test func earthquakeEarlyForecastIsNotAWarning() throws {
        let alert = try Corpus.alert("jma/36_01_05_240613_VXSE44.xml")
        #expect(alert.severity == .minor)
        #expect(alert.details.earthquake?.forecastMaxIntensity == .fiveLower)
        #expect(!TakeoverPolicy.standard.wouldTakeOver(alert, at: .anywhere, now: alert.issued))
    }

    @Test func groundMotionForecastRepeatsWarningAreasWithoutAlerting() throws {
        // VXSE45 names 緊急地震速報（警報） areas in its head, for specialists; it never takes over.
        let alert = try Corpus.alert("jma/77_01_05_240613_VXSE45.xml")
        #expect(alert.hazard == .earthquakeEarlyWarning && alert.severity <= .minor)
        #expect(!TakeoverPolicy.standard.wouldTakeOver(alert, at: .anywhere, now: alert.issued))
    }

    @Test func statusAndInfoTypeWords() throws {
        #expect(try Corpus.alert("jma/32-35_01_02_240613_VXSE52.xml").status == .exercise)
        #expect(try Corpus.alert("jma/54_01_01_100514_VXSE42.xml").status == .test)
        let correction = try Corpus.alert("jma/67_01_03_140927_VFVO56.xml")
        #expect(correction.kind == .update && correction.details.jma?.infoType == "訂正")
        #expect(try Corpus.alert("jma/67_01_04_140927_VFVO56.xml").kind == .cancel)
    }

    @Test(.enabled(if: Corpus.isPresent, Corpus.absentReason))
    func degreesAndMinutesCoordinates() throws {
        // Some telegrams give the hypocentre as 震源位置（度分）: +3418+13512 is 34°18′N 135°12′E.
        for reading in Corpus.readings(in: "jma") {
            guard let alert = try? reading.result.get().first, let position = alert.details.earthquake?.hypocentre
            else { continue }
            #expect((-90...90).contains(position.latitude) && (-180...180).contains(position.longitude))
        }
    }
}
