import Foundation
import KosatsuAlerts
import Testing

/// Life-cycle sequences on one sign's board, with time always given.
struct AlertBoardTests {
    static let t0 = Date(timeIntervalSince1970: 1_750_000_000)
    static let here = AreaCode("1420600", family: .municipality)  // 小田原市
    static let there = AreaCode("1438200", family: .municipality)  // 箱根町

    /// A CAP-like message on its own thread.
    static func message(
        _ thread: String, at minutes: Double, severity: AlertSeverity = .warning, area: AreaCode = here,
        kind: AlertKind = .alert, status: AlertStatus = .actual, references: [String] = [], serial: Int? = nil,
        expiresAfter: Double? = 60, hazard: Hazard = .weather, source: AlertSource = .cap
    ) -> Alert {
        let issued = t0.addingTimeInterval(minutes * 60)
        return Alert(
            id: "\(thread)#\(minutes)", thread: thread, source: source, status: status, kind: kind, hazard: hazard,
            event: "test event", severity: severity,
            areas: [AlertArea(code: area.code, name: "area", family: area.family, severity: severity)],
            headline: "\(thread) at \(minutes)", text: "", issued: issued,
            expires: expiresAfter.map { issued.addingTimeInterval($0 * 60) }, references: references, serial: serial)
    }

    static func minutes(_ value: Double) -> Date { t0.addingTimeInterval(value * 60) }

    @Test func issueThenUpdateThenCancel() {
        var board = AlertBoard(area: SignArea(codes: [Self.here]))
        let first = Self.message("A", at: 0)
        #expect(board.receive(first, at: Self.minutes(0)) == .added)
        #expect(board.takeover?.id == first.id)

        let update = Self.message("B", at: 5, severity: .emergency, kind: .update, references: ["A"])
        #expect(board.receive(update, at: Self.minutes(5)) == .added)
        #expect(board.takeover?.id == update.id)
        #expect(board.inForce.map(\.id) == [update.id])

        let cancel = Self.message("C", at: 10, kind: .cancel, references: ["B"])
        #expect(board.receive(cancel, at: Self.minutes(10)) == .removed)
        #expect(board.takeover == nil && board.inForce.isEmpty)
        #expect(board.calm?.lifted.id == update.id)
        #expect(board.calm?.japanese.hasSuffix("は解除されました") == true)

        board.tick(now: Self.minutes(14))
        #expect(board.calm != nil)
        board.tick(now: Self.minutes(15))  // calmDuration is five minutes
        #expect(board.calm == nil)
    }

    @Test func issueThenExpiry() {
        var board = AlertBoard(area: SignArea(codes: [Self.here]))
        board.receive(Self.message("A", at: 0, expiresAfter: 30), at: Self.minutes(0))
        board.tick(now: Self.minutes(29))
        #expect(board.takeover != nil)
        board.tick(now: Self.minutes(30))
        #expect(board.takeover == nil && board.inForce.isEmpty && board.alerts.isEmpty)
        #expect(board.calm == nil)  // expiry is not a lift
    }

    @Test func alertsAlreadyExpiredOnArrivalAreNotShown() {
        // After a reconnect, catch up only on alerts still valid.
        var board = AlertBoard(area: SignArea(codes: [Self.here]))
        #expect(board.receive(Self.message("A", at: 0, expiresAfter: 30), at: Self.minutes(45)) == .notHere)
        #expect(board.takeover == nil)
        #expect(board.receive(Self.message("B", at: 20, expiresAfter: 30), at: Self.minutes(45)) == .added)
    }

    @Test func alertThatStartsLaterWaitsForItsOnset() {
        var board = AlertBoard(area: SignArea(codes: [Self.here]))
        var tomorrow = Self.message("A", at: 0, expiresAfter: 24 * 60)
        tomorrow.effective = Self.minutes(12 * 60)
        #expect(board.receive(tomorrow, at: Self.minutes(0)) == .added)
        #expect(board.takeover == nil)
        board.tick(now: Self.minutes(12 * 60 - 10))  // within the clock-skew tolerance
        #expect(board.takeover?.thread == "A")
    }

    @Test func drillBesideAnActualAlert() {
        var board = AlertBoard(area: SignArea(codes: [Self.here]))
        let real = Self.message("real", at: 0, severity: .warning)
        let drill = Self.message("drill", at: 1, severity: .emergency, status: .exercise)
        board.receive(real, at: Self.minutes(0))
        board.receive(drill, at: Self.minutes(1))
        #expect(board.takeover?.id == real.id)  // the graver drill never takes over
        #expect(board.drillBanner?.id == drill.id)
        #expect(board.inForce.map(\.id) == [real.id] && board.drills.map(\.id) == [drill.id])

        // A drill cancel that (wrongly) references the real alert touches only drills.
        let drillCancel = Self.message(
            "drill-cancel", at: 2, kind: .cancel, status: .exercise, references: ["real", "drill"])
        board.receive(drillCancel, at: Self.minutes(2))
        #expect(board.takeover?.id == real.id && board.drillBanner == nil)

        var quiet = board
        quiet.policy.showsDrillBanner = false
        quiet.receive(Self.message("drill2", at: 3, severity: .emergency, status: .test), at: Self.minutes(3))
        #expect(quiet.drillBanner == nil && quiet.drills.count == 1)
    }

    @Test func twoAreas() {
        var odawara = AlertBoard(area: SignArea(codes: [Self.here]))
        var both = AlertBoard(area: SignArea(codes: [Self.here, Self.there]))
        let inOdawara = Self.message("A", at: 0, severity: .warning, area: Self.here)
        let inHakone = Self.message("B", at: 1, severity: .emergency, area: Self.there)
        for alert in [inOdawara, inHakone] {
            odawara.receive(alert, at: alert.issued)
            both.receive(alert, at: alert.issued)
        }
        #expect(odawara.inForce.map(\.id) == [inOdawara.id])
        #expect(both.inForce.map(\.id) == [inHakone.id, inOdawara.id])  // most severe first
        #expect(both.takeover?.id == inHakone.id)
        // A code from another family does not match, even with the same digits.
        let tsunamiSign = AlertBoard(area: SignArea(codes: [AreaCode("1420600", family: .tsunamiRegion)]))
        var copy = tsunamiSign
        #expect(copy.receive(inOdawara, at: inOdawara.issued) == .notHere)
    }

    @Test func outOfOrderArrival() {
        var board = AlertBoard(area: SignArea(codes: [Self.here]))
        let second = Self.message("quake", at: 2, severity: .emergency, serial: 2, expiresAfter: nil, source: .jma)
        let first = Self.message("quake", at: 1, severity: .warning, serial: 1, expiresAfter: nil, source: .jma)
        #expect(board.receive(second, at: Self.minutes(3)) == .added)
        #expect(board.receive(first, at: Self.minutes(3)) == .stale)
        #expect(board.takeover?.id == second.id)

        // Same issue time: the serial decides; then the transmission time (訂正).
        var sameTime = Self.message("quake", at: 2, severity: .advisory, serial: 3, expiresAfter: nil, source: .jma)
        #expect(board.receive(sameTime, at: Self.minutes(3)) == .added)
        sameTime.transmitted = sameTime.issued.addingTimeInterval(30)
        sameTime.severity = .warning
        sameTime.areas[0].severity = .warning
        #expect(board.receive(sameTime, at: Self.minutes(3)) == .added)
        #expect(board.takeover?.severity == .warning)

        // A cancel that overtakes its alert keeps the alert from ever showing.
        var other = AlertBoard(area: SignArea(codes: [Self.here]))
        let cancel = Self.message("C", at: 5, kind: .cancel, references: ["A"])
        #expect(other.receive(cancel, at: Self.minutes(6)) == .notHere)
        #expect(other.receive(Self.message("A", at: 0), at: Self.minutes(6)) == .stale)
        #expect(other.takeover == nil)
    }

    @Test func duplicatesAreIgnored() {
        var board = AlertBoard(area: SignArea(codes: [Self.here]))
        let alert = Self.message("A", at: 0)
        #expect(board.receive(alert, at: Self.minutes(0)) == .added)
        #expect(board.receive(alert, at: Self.minutes(1)) == .duplicate)
        #expect(board.inForce.count == 1)
    }

    @Test func restartInTheMiddle() throws {
        var board = AlertBoard(area: SignArea(codes: [Self.here]), policy: TakeoverPolicy(calmDuration: 120))
        board.receive(Self.message("A", at: 0, severity: .emergency), at: Self.minutes(0))
        board.receive(Self.message("drill", at: 1, status: .exercise), at: Self.minutes(1))

        let saved = try JSONEncoder().encode(board)
        var restored = try JSONDecoder().decode(AlertBoard.self, from: saved)
        #expect(restored == board)
        #expect(restored.takeover?.thread == "A" && restored.drillBanner?.thread == "drill")

        // The same message replayed by the feed after the restart is still a duplicate.
        #expect(restored.receive(Self.message("A", at: 0, severity: .emergency), at: Self.minutes(2)) == .duplicate)
        restored.receive(Self.message("X", at: 3, kind: .cancel, references: ["A"]), at: Self.minutes(3))
        #expect(restored.takeover == nil && restored.calm?.lifted.thread == "A")
        restored.tick(now: Self.minutes(5))
        #expect(restored.calm == nil)
    }

    @Test func ackAndErrorDoNothing() {
        var board = AlertBoard(area: SignArea(codes: [Self.here]))
        board.receive(Self.message("A", at: 0), at: Self.minutes(0))
        var ack = Self.message("ack", at: 1, kind: .update, references: ["A"])
        ack.details.cap = CAPDetails(identifier: "ack", sender: "s", messageType: "Ack", infos: [])
        #expect(board.receive(ack, at: Self.minutes(1)) == .ignored)
        #expect(board.takeover?.thread == "A")
    }

    @Test func thresholds() {
        let advisory = Self.message("A", at: 0, severity: .advisory)
        var standard = AlertBoard(area: SignArea(codes: [Self.here]))
        standard.receive(advisory, at: Self.minutes(0))
        #expect(standard.inForce.count == 1 && standard.takeover == nil)  // 注意報 < 警報以上

        var eager = AlertBoard(area: SignArea(codes: [Self.here]), policy: TakeoverPolicy(minimumSeverity: .advisory))
        eager.receive(advisory, at: Self.minutes(0))
        #expect(eager.takeover != nil)
    }
}

/// Sequences of real telegrams from the corpus.
@Suite(.enabled(if: Corpus.isPresent, Corpus.absentReason))
struct AlertBoardCorpusTests {
    @Test func iwateMiyagiEarthquakeIssueUpdateCancel() throws {
        let oshu = SignArea(codes: [AreaCode("0321500", family: .municipality)])  // 奥州市, 震度6強
        var board = AlertBoard(area: oshu)
        let first = try Corpus.alert("jma/32-35_06_03_240613_VXSE53.xml")
        let update = try Corpus.alert("jma/32-35_06_04_240613_VXSE53.xml")
        let cancel = try Corpus.alert("jma/32-35_06_06_100915_VXSE53.xml")
        #expect(board.receive(first, at: first.issued) == .added)
        #expect(board.takeover?.id == first.id)
        #expect(board.receive(update, at: update.issued) == .added)
        #expect(board.takeover?.id == update.id && board.inForce.count == 1)
        #expect(board.receive(first, at: update.issued) == .stale)
        #expect(board.receive(cancel, at: cancel.issued) == .removed)
        #expect(board.takeover == nil && board.calm?.lifted.id == update.id)

        // Far away (和歌山市) the same earthquake reaches no area of the sign.
        var far = AlertBoard(area: SignArea(codes: [AreaCode("3020100")]))
        #expect(far.receive(first, at: first.issued) == .notHere)
    }

    @Test func observedEarthquakesLeaveAfterTheirHold() throws {
        let alert = try Corpus.alert("jma/32-35_06_03_240613_VXSE53.xml")
        var board = AlertBoard(area: SignArea(codes: [AreaCode("0321500")]))
        board.receive(alert, at: alert.issued)
        board.tick(now: alert.issued.addingTimeInterval(29 * 60))
        #expect(board.takeover != nil)
        board.tick(now: alert.issued.addingTimeInterval(30 * 60))
        #expect(board.takeover == nil)
    }

    @Test func intensityThreshold() throws {
        // 二戸市 had 震度4, 盛岡市 震度1 (2021-02-19).
        let alert = try Corpus.alert("jma-p2pquake/20210219091451_0_VXSE53_010000.xml")
        let ninohe = SignArea(codes: [AreaCode("0321300")])
        let morioka = SignArea(codes: [AreaCode("0320100")])
        let standard = TakeoverPolicy.standard  // 震度4以上
        #expect(standard.wouldTakeOver(alert, at: ninohe, now: alert.issued))
        #expect(!standard.wouldTakeOver(alert, at: morioka, now: alert.issued))
        let strict = TakeoverPolicy(minimumIntensity: .fiveLower)
        #expect(!strict.wouldTakeOver(alert, at: ninohe, now: alert.issued))
        let bySeverity = TakeoverPolicy(minimumSeverity: .warning, minimumIntensity: nil)
        #expect(!bySeverity.wouldTakeOver(alert, at: ninohe, now: alert.issued))  // 震度4 is advisory level
    }

    @Test func naraWarningsStayUntilLifted() throws {
        let totsukawa = SignArea(codes: [AreaCode("2944900")])
        let nara = SignArea(codes: [AreaCode("2920100")])
        var village = AlertBoard(area: totsukawa)
        var city = AlertBoard(area: nara)
        let files = ["15_08_01_130412", "15_08_02_130412", "15_08_03_160628", "15_08_04_160628", "15_08_05_130412"]
        var villageOnScreen: [AlertSeverity?] = []
        var cityOnScreen: [AlertSeverity?] = []
        for file in files {
            let alert = try Corpus.alert("jma/\(file)_VPWW53.xml")
            village.receive(alert, at: alert.issued)
            city.receive(alert, at: alert.issued)
            villageOnScreen.append(village.takeover.flatMap(totsukawa.severity(of:)))
            cityOnScreen.append(city.takeover.flatMap(nara.severity(of:)))
            if file == "15_08_03_160628" {
                // No ValidDateTime: ten days later the 特別警報 is still in force.
                var later = village
                later.tick(now: alert.issued.addingTimeInterval(10 * 24 * 3600))
                #expect(later.takeover?.id == alert.id)
            }
        }
        #expect(villageOnScreen == [.emergency, .emergency, .emergency, .emergency, nil])
        #expect(village.calm != nil)
        // 奈良市 went from 大雨特別警報 to 大雨注意報 in the fourth telegram: that lifted the takeover.
        #expect(cityOnScreen == [.emergency, .emergency, .emergency, nil, nil])
    }

    @Test func earthquakeEarlyWarningThenCancel() throws {
        let nanyo = SignArea(codes: [AreaCode("622", family: .seismicArea)])  // 愛媛県南予
        var board = AlertBoard(area: nanyo)
        let first = try Corpus.alert("jma/37_01_01_240613_VXSE43.xml")
        let second = try Corpus.alert("jma/37_01_02_240613_VXSE43.xml")
        let cancel = try Corpus.alert("jma/37_01_03_240613_VXSE43.xml")
        board.receive(first, at: first.issued)
        #expect(board.takeover?.id == first.id)
        board.receive(second, at: second.issued)
        #expect(board.takeover?.id == second.id)
        board.receive(cancel, at: cancel.issued)
        #expect(board.takeover == nil && board.calm != nil)
        // The 予報 telegrams of the same event are a separate thread and never take over.
        let forecast = try Corpus.alert("jma/36_01_05_240613_VXSE44.xml")
        #expect(forecast.thread != first.thread)
    }

    @Test func tsunamiByCoast() throws {
        let alert = try Corpus.alert("jma-p2pquake/32-39_11_06_120615_VTSE41.xml")
        let miyagi = SignArea(codes: [AreaCode("220", family: .tsunamiRegion)])
        let sagami = SignArea(codes: [AreaCode("330", family: .tsunamiRegion)])
        #expect(TakeoverPolicy.standard.wouldTakeOver(alert, at: miyagi, now: alert.issued))
        #expect(!TakeoverPolicy.standard.wouldTakeOver(alert, at: sagami, now: alert.issued))  // 津波注意報
        #expect(TakeoverPolicy(minimumSeverity: .advisory).wouldTakeOver(alert, at: sagami, now: alert.issued))
        // 震度 area 220 is not 津波予報区 220.
        #expect(!SignArea(codes: [AreaCode("220", family: .seismicArea)]).covers(alert))
    }

    @Test func tsunamiDrillNeverTakesOver() throws {
        let drill = try Corpus.alert("jma/32-39_12_02_250206_VTSE41.xml")
        #expect(drill.status == .exercise && drill.severity >= .warning)
        var board = AlertBoard(area: .anywhere)
        board.receive(drill, at: drill.issued)
        #expect(board.takeover == nil && board.drillBanner?.id == drill.id)
    }
}
