import Foundation
import KosatsuAlerts
import KosatsuData
import Testing

/// 避難情報 — 高齢者等避難 (警戒レベル3), 避難指示 (4), 緊急安全確保 (5) — from the city's data platform
/// (NGSI `Alert` entities) and from CAP: the level, the districts, the hazard, and its lifting.
@Suite struct EvacuationTests {
    static func alert(_ name: String, reading: NGSIAlertReading = NGSIAlertReading()) throws -> Alert {
        try #require(try AlertReader.read(Fixture.data(name), file: name, ngsi: reading).first)
    }

    static let odawara = SignArea(codes: [AreaCode("1420600", family: .municipality)])

    @Test func levelsFromEveryWordingACitySends() {
        #expect(EvacuationLevel(words: "緊急安全確保") == .emergencySafety)
        #expect(EvacuationLevel(words: "【警戒レベル５】緊急安全確保") == .emergencySafety)
        #expect(EvacuationLevel(words: "避難指示") == .evacuate)
        #expect(EvacuationLevel(words: "避難勧告") == .evacuate)  // abolished in 2021: read as 避難指示
        #expect(EvacuationLevel(words: "高齢者等避難") == .elderlyEvacuate)
        #expect(EvacuationLevel(words: "警戒レベル３") == .elderlyEvacuate)
        #expect(EvacuationLevel(words: "4") == .evacuate && EvacuationLevel(words: "５") == .emergencySafety)
        #expect(EvacuationLevel(words: "Evacuation instruction") == .evacuate)
        #expect(EvacuationLevel(words: "2") == nil && EvacuationLevel(words: "大雨警報") == nil)
        // In free text a bare level is no 避難情報: 危険警報 is レベル4 but the city has issued nothing.
        #expect(EvacuationLevel(kind: "大雨危険警報（レベル４）") == nil)
        #expect(EvacuationLevel.allCases.map(\.severity) == [.warning, .dangerWarning, .emergency])
    }

    @Test func hazardsAndDistrictsInWords() {
        #expect(EvacuationDetails.hazards(in: "土砂災害") == [.landslide])
        #expect(EvacuationDetails.hazards(in: "洪水・内水氾濫") == [.flood, .inlandFlood])
        #expect(EvacuationDetails.hazards(in: "inland-flood") == [.inlandFlood])
        #expect(EvacuationDetails.hazards(in: "storm-surge, tsunami") == [.stormSurge, .tsunami])
        #expect(EvacuationDetails.districts(in: "扇町、井細田, 寿町・中曽根") == ["扇町", "井細田", "寿町", "中曽根"])
    }

    @Test func anNGSIEntityWithTheAttributeSet() throws {
        let alert = try Self.alert("ngsi-evacuation-odawara.json")
        let evacuation = try #require(alert.details.evacuation)
        #expect(evacuation.level == .evacuate)
        #expect(evacuation.districts == ["早川", "石橋", "米神", "根府川"])
        #expect(evacuation.hazards == [.landslide] && evacuation.issuer == "小田原市")
        #expect(alert.event == "避難指示" && alert.severity == .dangerWarning && alert.kind == .alert)
        #expect(alert.headline == "警戒レベル4　避難指示（早川、石橋、米神、根府川）")
        #expect(alert.text == "土砂災害の危険が高まっています。危険な場所から全員避難してください。")
        // 142069 (全国地方公共団体コード) matches the sign's 1420600 (JMA 市町村等).
        #expect(alert.areas.first?.code == "1420600" && alert.areas.first?.family == .municipality)
        #expect(TakeoverPolicy.standard.wouldTakeOver(alert, at: Self.odawara, now: alert.issued))
        // No end of its own: it stays until the city lifts it.
        #expect(TakeoverPolicy.standard.end(of: alert) == nil)
        #expect(
            !TakeoverPolicy.standard.wouldTakeOver(
                alert, at: SignArea(codes: [AreaCode("1438200", family: .municipality)]), now: alert.issued))
    }

    /// A city's CAP names the municipality code as its sender spells JIS X 0402; every spelling is the
    /// sign's `municipality:` code (a miss here is a city-wide alert that never takes over).
    @Test(arguments: ["JIS X0402", "JIS X 0402", "jisx0402", "LG-Code", "全国地方公共団体コード"])
    func aCAPMunicipalityGeocodeInAnySpelling(_ valueName: String) throws {
        let cap = """
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x-1</identifier>
            <sender>bousai@city.odawara.example</sender><sent>2026-11-23T10:00:00+09:00</sent>
            <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
            <info><language>ja-JP</language><category>Safety</category><event>避難指示</event>
            <urgency>Immediate</urgency><severity>Extreme</severity><certainty>Observed</certainty>
            <headline>小田原市に避難指示</headline>
            <area><areaDesc>小田原市</areaDesc><geocode><valueName>\(valueName)</valueName><value>1420600</value></geocode></area>
            </info></alert>
            """
        let alert = try #require(try AlertReader.read(Data(cap.utf8), file: "cap.xml").first)
        #expect(alert.areas.first?.family == .municipality && alert.areas.first?.code == "1420600")
        #expect(TakeoverPolicy.standard.wouldTakeOver(alert, at: Self.odawara, now: alert.issued))
    }

    @Test func theAttributeNamesAreConfigurable() throws {
        let json = """
            {"id": "Alert:hakone-1", "type": "Alert", "警戒レベル": "警戒レベル３", "対象地区": "宮城野、木賀",
             "災害種別": "土砂災害", "dateIssued": "2025-09-15T09:00:00Z", "市町村コード": "14382"}
            """
        var reading = NGSIAlertReading()
        reading.evacuation = EvacuationAttributes(
            level: "警戒レベル", kind: nil, districts: "対象地区", hazard: "災害種別", areaCode: "市町村コード")
        let alert = try #require(try AlertReader.read(Data(json.utf8), file: "j.json", ngsi: reading).first)
        #expect(alert.details.evacuation?.level == .elderlyEvacuate)
        #expect(alert.details.evacuation?.districts == ["宮城野", "木賀"])
        #expect(alert.details.evacuation?.hazards == [.landslide])
        #expect(alert.areas.first?.code == "1438200")
        // Under the default names the same entity is no 避難情報.
        let plain = try #require(try AlertReader.read(Data(json.utf8), file: "j.json").first)
        #expect(plain.details.evacuation == nil)
    }

    @Test func aLiftedEntityCancelsItsThread() throws {
        let issued = try Self.alert("ngsi-evacuation-odawara.json")
        let lifted = try Self.alert("ngsi-evacuation-odawara-lifted.json")
        #expect(lifted.kind == .cancel && lifted.thread == issued.thread)
        var board = AlertBoard(area: Self.odawara)
        #expect(board.receive(issued, at: issued.issued) == .added)
        #expect(board.takeover?.id == issued.id)
        let later = issued.issued.addingTimeInterval(3.5 * 3600)
        #expect(board.receive(lifted, at: later) == .removed)
        #expect(board.takeover == nil && board.calm?.lifted.id == issued.id)
    }

    @Test func aCityCAPWithParameters() throws {
        let alert = try Self.alert("cap-evacuation-odawara.xml")
        let evacuation = try #require(alert.details.evacuation)
        #expect(evacuation.level == .emergencySafety)
        #expect(evacuation.districts == ["扇町", "井細田", "寿町", "中曽根"])
        #expect(evacuation.hazards == [.flood] && evacuation.issuer == "小田原市")
        #expect(alert.severity == .emergency && alert.event == "緊急安全確保")
        #expect(alert.areas.allSatisfy { $0.severity == .emergency })
        #expect(Self.odawara.covers(alert))
        // Lifted: 解除 cancels the message it references.
        let lifted = try Self.alert("cap-evacuation-odawara-lifted.xml")
        #expect(lifted.kind == .cancel && lifted.references == [alert.thread])
        var board = AlertBoard(area: Self.odawara)
        board.receive(alert, at: alert.issued)
        #expect(board.takeover?.id == alert.id)
        #expect(board.receive(lifted, at: lifted.issued) == .removed)
        #expect(board.takeover == nil && board.calm != nil)
    }

    @Test func inspectShowsTheEvacuationDetails() throws {
        let reports = try AlertReport.inspect(
            Fixture.data("ngsi-evacuation-odawara.json"), file: "e.json", areas: [AreaCode("1420600")], at: nil)
        let json = try JSONSerialization.jsonObject(with: AlertReport.json(reports)) as? [[String: Any]]
        let report = try #require(json?.first)
        #expect(report["takeover"] as? Bool == true)
        let evacuation = try #require((report["details"] as? [String: Any])?["evacuation"] as? [String: Any])
        #expect(evacuation["level"] as? Int == 4 && evacuation["kind"] as? String == "避難指示")
        #expect(evacuation["districts"] as? [String] == ["早川", "石橋", "米神", "根府川"])
        #expect(evacuation["hazards"] as? [String] == ["landslide"])
    }
}
