import Foundation
import KosatsuData
import KosatsuLayout
import Testing

@testable import KosatsuDaemon

/// The playlist is a pure function of time, data and alerts.
@Suite struct ScheduleTests {
    static let layoutsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Layouts").path

    func layout(_ yaml: String) throws -> Layout { try LayoutLoader.parse(yaml, file: "test.yaml") }

    func configuration(_ playlist: [PlaylistEntry], dayParts: [DayPart] = []) -> SignConfiguration {
        SignConfiguration(
            name: "test", areas: [], layoutDirectory: "/", playlist: playlist, dayParts: dayParts, emergencyLayouts: [],
            cacheDirectory: "/tmp")
    }

    var layouts: [String: Layout] {
        get throws {
            [
                "board": try layout(
                    """
                    kosatsu: 1
                    languages: [ja, en]
                    pages:
                      - {name: a, duration: 20s, items: []}
                      - {name: b, duration: 10s, items: []}
                      - {name: alert, emergency: any, items: []}
                    """),
                "quake": try layout("kosatsu: 1\npages:\n  - {name: q, emergency: earthquake, items: []}\n"),
                "calm": try layout("kosatsu: 1\npages:\n  - {name: c, emergency: calm, items: []}\n"),
                "night": try layout("kosatsu: 1\npages:\n  - {name: n, duration: 1m, items: []}\n"),
            ]
        }
    }

    func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    @Test func pagesAndLanguagesTakeTheirShareOfTheCycle() throws {
        let schedule = Schedule(configuration: configuration([PlaylistEntry(layout: "board")]))
        // Cycle: a/ja 10 s, a/en 10 s, b/ja 5 s, b/en 5 s = 30 s; emergency pages are never in it.
        let expected: [(Double, Int, Language)] = [
            (0, 0, .ja), (9.9, 0, .ja), (10, 0, .en), (20, 1, .ja), (27, 1, .en), (30, 0, .ja),
        ]
        for (seconds, page, language) in expected {
            let choice = schedule.choice(at: at(seconds), layouts: try layouts, snapshot: .empty, emergency: nil)
            #expect(choice.page == page && choice.language == language, "at \(seconds) s")
            #expect(choice.reason == .playlist)
        }
        let choice = schedule.choice(at: at(21), layouts: try layouts, snapshot: .empty, emergency: nil)
        #expect(choice.until == at(25))
    }

    @Test func entryPagesAndDurationsOverrideTheLayout() throws {
        let schedule = Schedule(
            configuration: configuration([PlaylistEntry(layout: "board", pages: ["b"], duration: .seconds(8))]))
        let choices = try (0..<4).map {
            schedule.choice(at: at(Double($0) * 4), layouts: try layouts, snapshot: .empty, emergency: nil)
        }
        #expect(choices.allSatisfy { $0.page == 1 })
        #expect(choices.map(\.language) == [.ja, .en, .ja, .en])
    }

    @Test func conditionsLeaveOutPagesWhoseDataIsAbsent() throws {
        let schedule = Schedule(
            configuration: configuration([
                PlaylistEntry(layout: "night"), PlaylistEntry(layout: "board", when: "crowded"),
            ]))
        let calm = Snapshot(spots: [Spot(id: "a", name: LocalizedText(ja: "a"), peopleCount: 1, capacity: 100)])
        let busy = Snapshot(spots: [Spot(id: "a", name: LocalizedText(ja: "a"), peopleCount: 95, capacity: 100)])
        let quiet = try (0..<10).map {
            schedule.choice(at: at(Double($0) * 9), layouts: try layouts, snapshot: calm, emergency: nil).layout
        }
        #expect(Set(quiet) == ["night"])
        let crowded = try (0..<10).map {
            schedule.choice(at: at(Double($0) * 9), layouts: try layouts, snapshot: busy, emergency: nil).layout
        }
        #expect(Set(crowded) == ["night", "board"])
    }

    @Test func dayPartsSwitchThePlaylistByTheSignsClock() throws {
        let night = DayPart(name: "night", from: 22 * 60, to: 6 * 60, playlist: [PlaylistEntry(layout: "night")])
        let schedule = Schedule(configuration: configuration([PlaylistEntry(layout: "board")], dayParts: [night]))
        let noonJST = ISO8601.parse("2026-11-23T12:00:00+09:00")!
        let midnightJST = ISO8601.parse("2026-11-23T23:30:00+09:00")!
        #expect(schedule.choice(at: noonJST, layouts: try layouts, snapshot: .empty, emergency: nil).layout == "board")
        #expect(
            schedule.choice(at: midnightJST, layouts: try layouts, snapshot: .empty, emergency: nil).layout == "night")
        #expect(night.contains(minute: 3 * 60) && !night.contains(minute: 12 * 60))
    }

    @Test func anAlertPreemptsThePlaylistWithItsOwnPage() throws {
        let schedule = Schedule(configuration: configuration([PlaylistEntry(layout: "board")]))
        let quake = schedule.choice(
            at: at(100), layouts: try layouts, snapshot: .empty,
            emergency: EmergencyState(event: "earthquake", since: at(99)))
        #expect(quake.layout == "quake" && quake.reason == .emergency)
        let other = schedule.choice(
            at: at(100), layouts: try layouts, snapshot: .empty,
            emergency: EmergencyState(event: "volcano", since: at(99)))
        #expect(other.layout == "board" && other.page == 2, "falls back to an `emergency: any` page")
        let calm = schedule.choice(
            at: at(100), layouts: try layouts, snapshot: .empty,
            emergency: EmergencyState(event: "earthquake", isCalm: true, since: at(99)))
        #expect(calm.layout == "calm" && calm.reason == .calm)
    }

    @Test func emergencyLanguagesRotateFromTheTakeover() throws {
        let schedule = Schedule(configuration: configuration([PlaylistEntry(layout: "board")]))
        let state = EmergencyState(event: "tsunami", since: at(1000))
        let first = schedule.choice(at: at(1001), layouts: try layouts, snapshot: .empty, emergency: state)
        let later = schedule.choice(at: at(1009), layouts: try layouts, snapshot: .empty, emergency: state)
        #expect(first.language == .ja, "the takeover starts in Japanese")
        #expect(later.language == .en)
    }

    @Test func theShippedDemoPlaylistShowsRealLayouts() throws {
        var loaded: [String: Layout] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.layoutsDirectory)
        where file.hasSuffix(".yaml") {
            loaded[String(file.dropLast(5))] = try LayoutLoader.load(Self.layoutsDirectory + "/" + file)
        }
        let schedule = Schedule(configuration: configuration(DemoConfiguration.playlist))
        let shown = Set(
            (0..<40).map {
                schedule.choice(at: at(Double($0) * 3), layouts: loaded, snapshot: .empty, emergency: nil).layout
            })
        #expect(shown == ["congestion-board", "congestion-dashboard", "city-info"])
        for event in ["earthquake", "tsunami", "rain", "landslide", "other"] {
            let choice = schedule.choice(
                at: at(0), layouts: loaded, snapshot: .empty, emergency: EmergencyState(event: event, since: at(0)))
            #expect(choice.reason == .emergency, "\(event)")
            #expect(loaded[choice.layout]?.pages[choice.page].emergency != nil)
        }
    }
}
