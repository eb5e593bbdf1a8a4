import Foundation
import KosatsuAlerts
import KosatsuData
import Logging
import Testing

@testable import KosatsuDaemon

/// The sign's state changes (and wakes the screen) only when something the screen shows changed.
@Suite struct SignStateTests {
    @Test func ticksWithNothingNewDoNotWakeTheScreen() async throws {
        let state = SignState(board: AlertBoard(area: SignArea(), now: Date()), logger: Logger(label: "test"))
        let before = await state.version
        for second in 0..<20 { await state.tick(now: Date().addingTimeInterval(Double(second))) }
        #expect(await state.version == before, "an idle sign must not redraw on every tick")
    }

    @Test func newDataWakesTheScreen() async throws {
        let state = SignState(board: AlertBoard(area: SignArea(), now: Date()), logger: Logger(label: "test"))
        let before = await state.version
        await state.update(Snapshot(spots: [Spot(id: "a", name: LocalizedText(ja: "a"))]))
        #expect(await state.version == before + 1)
    }
}
