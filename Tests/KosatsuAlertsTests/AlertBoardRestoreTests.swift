import Foundation
import KosatsuAlerts
import Testing

/// A board saved, the sign restarted, the board resumed: what was in force and what was cancelled
/// carry on; time is judged at restore.
struct AlertBoardRestoreTests {
    typealias T = AlertBoardTests

    static func saved(_ board: AlertBoard) throws -> AlertBoard {
        try JSONDecoder().decode(AlertBoard.self, from: JSONEncoder().encode(board))
    }

    @Test func inForceAndCancelledCarryOn() throws {
        let area = SignArea(codes: [T.here])
        var board = AlertBoard(area: area)
        board.receive(T.message("A", at: 0), at: T.minutes(0))
        board.receive(T.message("B", at: 1, severity: .emergency), at: T.minutes(1))
        board.receive(T.message("C", at: 2, kind: .cancel, references: ["B"]), at: T.minutes(2))
        var resumed = try Self.saved(board).resumed(area: area, policy: .standard, now: T.minutes(3))
        #expect(resumed.inForce.map(\.thread) == ["A"])
        // The cancelled alert replayed after the restart stays cancelled.
        #expect(resumed.receive(T.message("B", at: 1, severity: .emergency), at: T.minutes(4)) == .stale)
        #expect(resumed.inForce.map(\.thread) == ["A"])
    }

    @Test func expiryIsJudgedAtRestore() throws {
        let area = SignArea(codes: [T.here])
        var board = AlertBoard(area: area)
        board.receive(T.message("A", at: 0, expiresAfter: 30), at: T.minutes(0))
        #expect(board.takeover != nil)
        let resumed = try Self.saved(board).resumed(area: area, policy: .standard, now: T.minutes(31))
        #expect(resumed.takeover == nil && resumed.inForce.isEmpty)
        #expect(resumed.calm == nil, "expiry is not a lift")
    }

    @Test func anAreaNoLongerConfiguredDropsItsAlerts() throws {
        var board = AlertBoard(area: SignArea(codes: [T.here]))
        board.receive(T.message("A", at: 0), at: T.minutes(0))
        let moved = SignArea(codes: [T.there])
        let resumed = try Self.saved(board).resumed(area: moved, policy: .standard, now: T.minutes(1))
        #expect(resumed.inForce.isEmpty)
        #expect(resumed.area == moved)
    }
}
