import Foundation
import KosatsuAlerts
import KosatsuData
import Testing

/// The board is given the wall clock, and a sign's wall clock jumps: NTP after a boot with a dead
/// RTC battery, an operator setting it by hand. Alerts must neither end early nor linger.
struct ClockJumpTests {
    typealias T = AlertBoardTests

    /// An actual warning for the sign's area, issued at minute 0, expiring at minute 60.
    static let warning = T.message("A", at: 0, expiresAfter: 60)

    @Test func aJumpForwardEndsWhatHasExpiredByThen() {
        var board = AlertBoard(area: SignArea(codes: [T.here]))
        board.receive(Self.warning, at: T.minutes(1))
        #expect(board.takeover?.thread == "A")
        board.tick(now: T.minutes(6 * 60))  // the clock jumps five hours on
        #expect(board.takeover == nil && board.inForce.isEmpty)  // not lingering past its expiry
    }

    @Test func aJumpBackKeepsTheAlertOnScreen() {
        var board = AlertBoard(area: SignArea(codes: [T.here]))
        board.receive(Self.warning, at: T.minutes(30))
        board.tick(now: T.minutes(-120))  // set back two hours: before the alert was even issued
        #expect(board.takeover?.thread == "A")  // not hidden as "not yet started"
        board.tick(now: T.minutes(59))
        #expect(board.takeover?.thread == "A")
        board.tick(now: T.minutes(60))
        #expect(board.takeover == nil)
    }

    @Test func aWrongJumpForwardAndBackDoesNotEndTheAlertEarly() {
        // The board runs on a clock that jumps a year ahead and is corrected a minute later.
        var board = AlertBoard(area: SignArea(codes: [T.here]))
        board.receive(Self.warning, at: T.minutes(10))
        board.tick(now: T.minutes(365 * 24 * 60))
        #expect(board.takeover == nil)  // by that clock it has expired
        board.tick(now: T.minutes(11))
        #expect(board.takeover?.thread == "A")  // back in force: it had not really expired
        board.tick(now: T.minutes(60))
        #expect(board.takeover == nil && board.inForce.isEmpty)
    }

    @Test func aCancelDuringTheWrongTimeStillHolds() {
        var board = AlertBoard(area: SignArea(codes: [T.here]))
        board.receive(Self.warning, at: T.minutes(10))
        board.tick(now: T.minutes(365 * 24 * 60))
        board.receive(T.message("C", at: 12, kind: .cancel, references: ["A"]), at: T.minutes(365 * 24 * 60 + 1))
        board.tick(now: T.minutes(13))
        #expect(board.takeover == nil && board.inForce.isEmpty)  // the cancel is not undone by the clock
    }

    @Test func newAlertsAfterAClockCorrectionAreShown() {
        // A board that once saw a time far ahead still takes alerts issued at the corrected time.
        var board = AlertBoard(area: SignArea(codes: [T.here]))
        board.tick(now: T.minutes(365 * 24 * 60))
        board.tick(now: T.minutes(0))
        #expect(board.receive(T.message("B", at: 1), at: T.minutes(1)) == .added)
        #expect(board.takeover?.thread == "B")
    }

    @Test func aBoardSavedBeforeTheseFieldsStillDecodes() throws {
        var board = AlertBoard(area: SignArea(codes: [T.here]))
        board.receive(Self.warning, at: T.minutes(1))
        var json = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(board)) as? [String: Any])
        json["latest"] = nil
        json["endedByTime"] = nil
        let restored = try JSONDecoder().decode(AlertBoard.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(restored.takeover?.thread == "A")
    }
}
