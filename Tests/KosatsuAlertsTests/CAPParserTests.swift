import Foundation
import KosatsuAlerts
import KosatsuData
import Testing

struct CAPParserTests {
    @Test func severeThunderstormWithPolygon() throws {
        let alert = try Corpus.alert("cap/v1dot2_appendix_adot2.xml")
        #expect(alert.id == "KSTO@NWS.NOAA.GOV,KSTO1055887203")
        #expect(alert.status == .actual && alert.kind == .alert && alert.hazard == .weather)
        #expect(alert.event == "SEVERE THUNDERSTORM" && alert.headline == "SEVERE THUNDERSTORM WARNING")
        #expect(alert.severity == .warning)  // Severe
        #expect(alert.issued == Date(timeIntervalSince1970: 1_055_887_020))  // 2003-06-17T14:57:00-07:00
        #expect(alert.expires == Date(timeIntervalSince1970: 1_055_890_800))  // 16:00-07:00
        #expect(alert.areas.map(\.code) == ["006109", "006009", "006003"])
        #expect(alert.areas.allSatisfy { $0.family == AreaCodeFamily.cap("SAME") })
        let ring = try #require(alert.geometry.first?.polygon, "no polygon")
        #expect(ring.count == 5 && ring.first == GeoPoint(latitude: 38.47, longitude: -120.14))
        let info = try #require(alert.details.cap?.infos.first)
        #expect(info.urgency == "Immediate" && info.certainty == "Observed" && info.categories == ["Met"])
        #expect(alert.screen.english == "SEVERE THUNDERSTORM WARNING")
        // A sign inside the polygon is covered; one 50 km away is not, unless its radius reaches it.
        let inside = GeoPoint(latitude: 38.48, longitude: -119.9)
        #expect(SignArea(position: inside).covers(alert))
        let away = GeoPoint(latitude: 38.9, longitude: -119.9)
        #expect(!SignArea(position: away, radius: 1_000).covers(alert))
        #expect(SignArea(position: away, radius: 60_000).covers(alert))
        #expect(SignArea(codes: [AreaCode(argument: "cap:SAME:006009")]).covers(alert))
    }

    @Test func earthquakeUpdateWithReferencesAndCircle() throws {
        let alert = try Corpus.alert("cap/v1dot2_appendix_adot3.xml")
        #expect(alert.kind == .update && alert.hazard == .earthquake && alert.severity == .minor)
        #expect(alert.references == ["trinet@caltech.edu,TRI13970876.1"])
        let (center, radius) = try #require(alert.geometry.first?.circle, "no circle")
        #expect(center == GeoPoint(latitude: 32.9525, longitude: -115.5527) && radius == 0)
        #expect(alert.expires == nil)
    }

    @Test func amberAlertInTwoLanguages() throws {
        let alert = try Corpus.alert("cap/v1dot2_appendix_adot4.xml")
        #expect(alert.translations.map(\.language) == ["en-US", "es-US"])
        #expect(alert.details.cap?.infos.count == 2)
        #expect(alert.headline == alert.translations[0].headline)
        let same = try Corpus.alert("cap/cap_amber_alert_example.xml")
        #expect(same.id == alert.id && same.severity == alert.severity)
    }

    @Test func cancelWithoutInfo() throws {
        let alert = try Corpus.alert("cap/ipaws-5e6dd9de023f1930ef6548d9.xml")
        #expect(alert.kind == .cancel && alert.details.cap?.infos.isEmpty == true && alert.areas.isEmpty)
        #expect(alert.references == ["bbrundage@dps.state.nv.us,AS-NV-e18921c7-1b35-4a81-9705-42d25c265ddd"])
        #expect(alert.screen.japanese == "取り消されました")
    }

    @Test func tsunamiCancellationIsAnUpdateReferencingThreeMessages() throws {
        let alert = try Corpus.alert("cap/google-PAAQ-4-mg5a94.xml")
        #expect(alert.kind == .update && alert.hazard == .tsunami)
        #expect(alert.references.count == 3)
    }

    @Test func exerciseInJapaneseAndEnglish() throws {
        let alert = try #require(try AlertReader.read(Fixture.data("cap-exercise-odawara.xml"), file: "drill").first)
        #expect(alert.status == .exercise && alert.severity == .emergency && alert.hazard == .tsunami)
        #expect(alert.headline == "【訓練】大津波警報　ただちに高台へ避難してください")
        #expect(alert.screen.japanese == "【訓練】大津波警報　ただちに高台へ避難してください")
        #expect(alert.screen.english == "[DRILL] Major tsunami warning: evacuate to high ground")
        #expect(alert.translations.map(\.language) == ["ja-JP", "en-US"])
        let station = GeoPoint(latitude: 35.2564, longitude: 139.1553)
        let sign = SignArea(position: station, radius: 100)
        #expect(sign.covers(alert))
        #expect(!TakeoverPolicy.standard.wouldTakeOver(alert, at: sign, now: alert.issued))
        #expect(TakeoverPolicy.standard.wouldShowDrillBanner(alert, at: sign, now: alert.issued))
    }

    @Test func missingRequiredFieldNamesTheElement() throws {
        let xml = """
            <?xml version="1.0"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>x</identifier>
              <sent>2025-01-01T00:00:00Z</sent>
            </alert>
            """
        let error = #expect(throws: AlertInputError.self) { try AlertReader.read(Data(xml.utf8), file: "x.xml") }
        #expect(error?.code == .invalidField && error?.message.contains("<sender>") == true && error?.line == 2)
    }

    @Test func unknownStatusIsRefused() throws {
        let xml = """
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier><sender>s</sender>
            <sent>2025-01-01T00:00:00Z</sent><status>Real</status><msgType>Alert</msgType><scope>Public</scope></alert>
            """
        let error = #expect(throws: AlertInputError.self) { try AlertReader.read(Data(xml.utf8), file: "x.xml") }
        #expect(error?.code == .invalidField && error?.message.contains("Exercise") == true)
    }
}

@Suite struct CAPJapaneseEventTests {
    @Test(arguments: [
        ("地震", Hazard.earthquake), ("津波警報", .tsunami), ("土砂災害", .landslide), ("大雨", .weather), ("噴火", .volcano),
    ])
    func japaneseEventNamesGiveTheHazard(event: String, hazard: Hazard) throws {
        let cap = """
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier><sender>s</sender>
            <sent>2026-11-23T14:10:00+09:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
            <info><category>Geo</category><event>\(event)</event><urgency>Immediate</urgency><severity>Extreme</severity>
            <certainty>Observed</certainty></info></alert>
            """
        let alert = try #require(try AlertReader.read(Data(cap.utf8), file: "t.xml").first)
        #expect(alert.hazard == hazard)
    }
}
