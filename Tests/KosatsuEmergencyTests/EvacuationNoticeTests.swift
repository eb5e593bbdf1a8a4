import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuEmergency
import Testing

/// 避難情報 on the emergency screen: the level with its number, in its official colour band
/// (レベル3 赤, 4 紫, 5 黒, by `severity`), the districts, in five languages; and its lifting.
@Suite struct EvacuationNoticeTests {
    static let fixtures = Repository.root.appendingPathComponent("Tests/KosatsuAlertsTests/Fixtures")
    static let odawara = SignArea(codes: [AreaCode("1420600", family: .municipality)])

    static func alert(_ name: String) throws -> Alert {
        try #require(try AlertReader.read(Data(contentsOf: fixtures.appendingPathComponent(name)), file: name).first)
    }

    @Test func levelFourFromThePlatform() throws {
        let notice = AlertNotice(try Self.alert("ngsi-evacuation-odawara.json"), at: Self.odawara)
        #expect(notice.event == "evacuation")
        #expect(notice.severity == .danger)  // レベル4: the purple band
        #expect(notice.level?.ja == "警戒レベル４　避難指示")
        #expect(notice.level?.en == "Level 4: Evacuate")
        #expect(notice.level?.zhHans == "警戒等级4　避难指示" && notice.level?.zhHant == "警戒等級4　避難指示")
        #expect(notice.level?.ko == "경계 레벨 4 대피 지시")
        #expect(notice.headline.ja == "危険な場所から\n全員避難")
        #expect(notice.areas == ["早川", "石橋", "米神", "根府川"])
        #expect(notice.issuer?.ja == "小田原市")
        #expect(notice.detail?.ja == "土砂災害の危険が高まっています。危険な場所から全員避難してください。")
        for language in Language.allCases {
            #expect(notice.level?[language]?.isEmpty == false, "\(language)")
            #expect(notice.headline[language]?.isEmpty == false, "\(language)")
            #expect(notice.instruction?[language]?.isEmpty == false, "\(language)")
        }
    }

    @Test func levelFiveFromCAPIsBlackAndKeepsTheCitysInstruction() throws {
        let notice = AlertNotice(try Self.alert("cap-evacuation-odawara.xml"), at: Self.odawara)
        #expect(notice.severity == .emergency)  // レベル5: the black band, double frame
        #expect(notice.level?.ja == "警戒レベル５　緊急安全確保")
        #expect(notice.headline.ja == "命の危険\n直ちに安全確保！")
        #expect(notice.instruction?.ja == "避難場所への移動がかえって危険な場合は、近くの頑丈な建物の上の階へ移動してください。")
        #expect(notice.instruction?.en?.hasPrefix("If going to a shelter") == true)
        #expect(notice.areas == ["扇町", "井細田", "寿町", "中曽根"])
    }

    @Test func levelThreeIsRed() throws {
        let json = """
            {"id": "Alert:odawara-l3", "type": "Alert", "evacuationLevel": 3, "districts": ["久野"],
             "hazard": "landslide", "areaCode": "1420600", "dateIssued": "2025-09-15T06:00:00Z"}
            """
        let alert = try #require(try AlertReader.read(Data(json.utf8), file: "l3.json").first)
        let notice = AlertNotice(alert, at: Self.odawara)
        #expect(notice.severity == .warning)  // the red band
        #expect(notice.level?.ja == "警戒レベル３　高齢者等避難")
        var board = AlertBoard(area: Self.odawara)
        board.receive(alert, at: alert.issued)
        #expect(board.takeover != nil, "レベル3 takes over like a 警報")
    }

    @Test func liftingShowsTheCalmScreenInTheLevelsWords() throws {
        let issued = try Self.alert("ngsi-evacuation-odawara.json")
        let lifted = try Self.alert("ngsi-evacuation-odawara-lifted.json")
        var board = AlertBoard(area: Self.odawara)
        board.receive(issued, at: issued.issued)
        board.receive(lifted, at: lifted.transmitted ?? lifted.issued)
        let calm = try #require(Snapshot.empty.showing(board).calm)
        #expect(calm.headline.ja == "避難指示は解除されました")
        #expect(calm.headline.en == "The evacuation order has been lifted")
        #expect(calm.areas == ["早川", "石橋", "米神", "根府川"])
    }
}
