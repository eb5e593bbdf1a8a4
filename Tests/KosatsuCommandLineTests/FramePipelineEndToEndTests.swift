import Foundation
import KosatsuRender
import KosatsuScene
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The running sign over time: a real `kosatsu run` whose ticker scrolls, whose still board draws
/// nothing, and whose alerts take over in the next frame — also while clients flood it.
@Suite(.serialized) struct FramePipelineEndToEndTests {
    typealias Sign = DaemonEndToEndTests.Sign

    /// The dashboard's テロップ at 480×270: design y 980–1080 of 1080.
    static let tickerRows = 245..<270

    /// The congestion dashboard, its ticker scrolling; page changes fade slowly (so a fade into an
    /// alert would be seen).
    static func dashboard() throws -> Sign {
        try Sign(
            layout: "congestion-dashboard", sample: "dashboard",
            entry: ", pages: [now], transition: {kind: fade, duration: 2s}")
    }

    /// The rows where two frames differ (nil when they are the same).
    static func changedRows(_ a: Frame, _ b: Frame) -> ClosedRange<Int>? {
        var rows: [Int] = []
        for y in 0..<min(a.height, b.height) {
            for x in 0..<min(a.width, b.width) where a[x, y] != b[x, y] {
                rows.append(y)
                break
            }
        }
        guard let first = rows.first, let last = rows.last else { return nil }
        return first...last
    }

    /// The debug lines `frame N: LABEL on screen X ms after it was posted`, as (N, label, X).
    static func framesOnScreen(_ sign: Sign) throws -> [(Int, String, Double)] {
        let log = try String(contentsOf: sign.log, encoding: .utf8)
        return log.split(separator: "\n").compactMap { line in
            guard
                let range = line.range(
                    of: #"frame (\d+): (.*) on screen ([\d.]+) ms after it was posted"#,
                    options: .regularExpression)
            else { return nil }
            let text = line[range].dropFirst("frame ".count)
            guard let colon = text.firstIndex(of: ":"), let number = Int(text[..<colon]),
                let on = text.range(of: " on screen "), let ms = text[on.upperBound...].split(separator: " ").first,
                let milliseconds = Double(ms)
            else { return nil }
            return (number, String(text[text.index(colon, offsetBy: 2)..<on.lowerBound]), milliseconds)
        }
    }

    @Test func aTickerScrollsAtTheFrameRateAndOnlyItsStripChanges() async throws {
        let sign = try Self.dashboard()
        try sign.start()
        defer { sign.stop() }
        var rate = 0.0
        for _ in 0..<100 where rate < 20 {
            try await Task.sleep(for: .milliseconds(100))
            rate = try await sign.metric("kosatsu_frame_rate") ?? 0
        }
        // 60 frames/s is the default; a debug build on a busy CI machine keeps well above 20.
        #expect(rate >= 20, "frames/s from /metrics while the ticker runs: \(rate)")
        let frames = try await sign.metric("kosatsu_frames_total") ?? 0
        #expect(frames >= 20)
        // Two screenshots 200 ms apart differ, and only in the ticker's strip (a minute may turn
        // between them and change the clock: then once more).
        var changed: ClosedRange<Int>?
        for _ in 0..<2 {
            let first = try await sign.screen()
            try await Task.sleep(for: .milliseconds(200))
            let second = try await sign.screen()
            changed = Self.changedRows(first, second)
            if let changed, Self.tickerRows.contains(changed.lowerBound) { break }
        }
        let rows = try #require(changed, "the two screenshots are the same: the ticker did not move")
        #expect(Self.tickerRows.contains(rows.lowerBound) && Self.tickerRows.contains(rows.upperBound), "\(rows)")
    }

    @Test func aStillBoardDrawsNoFrameBetweenMinuteChanges() async throws {
        let sign = try Sign()
        try sign.start()
        defer { sign.stop() }
        _ = try await sign.waitForScreen("the congestion board", DaemonEndToEndTests.isBoard)
        // Away from a minute's turn (the clock's change) for the next few seconds.
        let second = Calendar.current.component(.second, from: Date())
        if second >= 54 || second < 2 { try await Task.sleep(for: .seconds(Double((62 - second) % 60))) }
        try await Task.sleep(for: .milliseconds(500))
        let before = try #require(try await sign.metric("kosatsu_frames_total"))
        try await Task.sleep(for: .seconds(3))
        #expect(try await sign.metric("kosatsu_frames_total") == before, "frames drawn on a still board")
        #expect(try await sign.metric("kosatsu_frame_rate") == 0)
    }

    @Test func anAlertDuringATickerTakesOverInTheNextFrameWithACutNotAFade() async throws {
        let sign = try Self.dashboard()
        try sign.start()
        defer { sign.stop() }
        for _ in 0..<100 where try await sign.metric("kosatsu_frame_rate") ?? 0 < 10 {
            try await Task.sleep(for: .milliseconds(100))
        }
        let (accepted, _) = try await sign.request(
            "/alerts", method: "POST", token: DaemonEndToEndTests.token,
            body: DaemonEndToEndTests.cap("Alert", id: "ticker-1"))
        #expect(accepted == 202)
        var emergency: (Int, String, Double)?
        for _ in 0..<100 where emergency == nil {
            try await Task.sleep(for: .milliseconds(50))
            emergency = try Self.framesOnScreen(sign).first { $0.1.contains("(emergency)") }
        }
        let (_, label, milliseconds) = try #require(emergency, "no emergency frame in the log")
        // The frame after the request was posted: well within a second even on a debug build.
        #expect(milliseconds < 1000, "\(label) on screen \(milliseconds) ms after it was posted")
        // A cut: the emergency screen at once, not the board fading out under it (the playlist's fade
        // takes 2 s).
        let screen = try await sign.screen()
        #expect(DaemonEndToEndTests.isEmergency(screen))
    }
}
