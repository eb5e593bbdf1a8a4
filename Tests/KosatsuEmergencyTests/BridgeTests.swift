import Foundation
import KosatsuAlertFeeds
import KosatsuAlerts
import KosatsuData
import KosatsuLayout
import Testing

@testable import KosatsuEmergency

/// Alert → AlertNotice and board → screen, with small hand-made alerts.
struct BridgeTests {
    static let here = AreaCode("1420600", family: .municipality)
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func cap(
        _ id: String, status: AlertStatus = .actual, kind: AlertKind = .alert, severity: AlertSeverity = .emergency,
        hazard: Hazard = .other, event: String = "Evacuation Immediate", references: [String] = [],
        translations: [Translation] = []
    ) -> Alert {
        Alert(
            id: id, thread: id, source: .cap, status: status, kind: kind, hazard: hazard, event: event,
            severity: severity,
            areas: [AlertArea(code: here.code, name: "小田原市", family: .municipality, severity: severity)],
            headline: "headline", text: "", issued: t0, expires: t0.addingTimeInterval(3600), references: references,
            translations: translations)
    }

    @Test func everyLanguageHasEveryLine() {
        let notice = AlertNotice(Self.cap("A"), at: SignArea(codes: [Self.here]))
        #expect(notice.event == "evacuation")
        #expect(notice.severity == .emergency)
        for language in Language.allCases {
            #expect(notice.headline[language]?.isEmpty == false, "\(language)")
            #expect(notice.instruction?[language]?.isEmpty == false, "\(language)")
            #expect(notice.level?[language]?.isEmpty == false, "\(language)")
        }
        #expect(notice.headline.ja == "ただちに避難してください")
        #expect(notice.areas == ["小田原市"])
    }

    @Test func capTextsWinInTheirOwnLanguages() {
        let alert = Self.cap(
            "A",
            translations: [
                .init(
                    language: "en-US", event: "Evacuation", headline: "Leave the river bank now",
                    text: "One. Two. Three."),
                .init(language: "ko-KR", event: "대피", headline: "강변에서 즉시 떠나십시오", text: ""),
            ])
        let notice = AlertNotice(alert, at: SignArea(codes: [Self.here]))
        #expect(notice.headline.en == "Leave the river bank now")
        #expect(notice.headline.ko == "강변에서 즉시 떠나십시오")
        #expect(notice.headline.ja == "ただちに避難してください")
        #expect(notice.detail?.en == "One. Two.")
        #expect(notice.level?.en == "Evacuation")
    }

    @Test func aCAPWithoutADescriptionDoesNotRepeatItsHeadline() {
        let headline = "河川敷から直ちに離れてください"
        let alert = Self.cap(
            "A", translations: [.init(language: "ja-JP", event: "避難指示", headline: headline, text: "")])
        let notice = AlertNotice(alert, at: SignArea(codes: [Self.here]))
        #expect(notice.headline.ja == headline)
        #expect(notice.detail == nil, "\(String(describing: notice.detail))")
        // Without any block of its own words, the alert's headline is the detail (an NGSI alert's text).
        #expect(AlertNotice(Self.cap("B"), at: SignArea(codes: [Self.here])).detail?.ja == "headline")
    }

    @Test func calmSaysWhatWasLiftedInEveryLanguage() throws {
        var board = AlertBoard(area: SignArea(codes: [Self.here]))
        board.receive(Self.cap("A", hazard: .tsunami), at: Self.t0)
        board.receive(Self.cap("B", kind: .cancel, references: ["A"]), at: Self.t0.addingTimeInterval(60))
        let screen = EmergencyScreen(board)
        let notice = try #require(screen.calmNotice, "expected the calm screen, got \(screen)")
        #expect(notice.headline.ja == "緊急情報は解除されました")
        #expect(notice.headline.ko == "긴급 정보가 해제되었습니다")
        #expect(notice.headline.en == "The alert has been lifted")
        #expect(notice.level?.ja == "解除")
        let snapshot = Snapshot.empty.showing(board)
        #expect(snapshot.calm == notice && snapshot.alerts.isEmpty)
    }

    @Test func theSnapshotPutsTheTakeoverFirstAndTheDrillLast() throws {
        var board = AlertBoard(area: SignArea(codes: [Self.here]))
        board.receive(Self.cap("drill", status: .exercise), at: Self.t0)
        board.receive(Self.cap("minor", severity: .advisory), at: Self.t0)
        #expect(EmergencyScreen(board) == .schedule)
        board.receive(Self.cap("real"), at: Self.t0)
        let snapshot = Snapshot.empty.showing(board)
        #expect(snapshot.alerts.map(\.id) == ["real", "minor", "drill"])
        #expect(snapshot.alerts.map(\.isExercise) == [false, false, true])
        let notice = try #require(EmergencyScreen(board).takeoverNotice, "expected a takeover")
        #expect(notice.id == "real")
    }

    /// The whole path as the daemon runs it: a telegram pushed to `POST /alerts` chooses the
    /// tsunami layout's page.
    @Test(.enabled(if: Repository.corpus != nil, Repository.corpusAbsent))
    func aPushedTsunamiWarningPicksTheTsunamiScreen() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Repository.layouts.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        let layouts = try names.map { try LayoutLoader.load(Repository.layouts.appendingPathComponent($0).path) }
        let endpoint = AlertPushEndpoint(token: "t")
        let body = try Repository.corpusData("jma/32-39_11_02_250206_VTSE41.xml")
        var board = AlertBoard(area: SignArea(codes: [AreaCode("220", family: .tsunamiRegion)]))
        let alert = try Repository.alert("jma/32-39_11_02_250206_VTSE41.xml")
        let response = endpoint.handle(
            PushRequest(method: "POST", path: "/alerts", headers: ["Authorization": "Bearer t"], body: body),
            board: &board, now: alert.issued.addingTimeInterval(30))
        #expect(response.status == 202)
        let place = try #require(EmergencyScreen(board).page(in: layouts))
        #expect(names[place.layout] == "emergency-tsunami.yaml")
    }

    @Test func koreanParticleFollowsTheLastSyllable() {
        #expect(AlertNotice.subjectParticle(after: "경보") == "가")
        #expect(AlertNotice.subjectParticle(after: "특별경보") == "가")
        #expect(AlertNotice.subjectParticle(after: "쓰나미 주의보") == "가")
        #expect(AlertNotice.subjectParticle(after: "긴급지진속보") == "가")
        #expect(AlertNotice.subjectParticle(after: "폭풍해일") == "이")
        #expect(AlertNotice.subjectParticle(after: "진도 7") == "이(가)")
    }
}
