public import Foundation
public import KosatsuData
public import KosatsuLayout
public import KosatsuPipeline

/// What the screen shows now, and until when.
public struct ScreenChoice: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        case playlist
        case emergency
        case calm
        case nothing
    }

    /// The layout's file name without `.yaml`.
    public var layout: String
    public var page: Int
    public var language: Language
    public var reason: Reason
    /// When this choice ends, if the playlist moves on by itself.
    public var until: Date?
    /// How the page enters when it is new: the playlist entry's; a cut for emergency and calm screens.
    public var transition: Transition = .cut
}

/// The playlist as a pure function of time: every sign with the same playlist shows the same page at
/// the same moment, and a restart resumes where the clock says, not from the top.
public struct Schedule: Sendable {
    /// One slot of the cycle: a layout page in one language for a time.
    struct Slot: Hashable {
        var layout: String
        var page: Int
        var language: Language
        var seconds: Double
        var transition: Transition = .standard
    }

    public let configuration: SignConfiguration

    public init(configuration: SignConfiguration) {
        self.configuration = configuration
    }

    /// The choice at `time`: an emergency page while an alert takes over, the calm page after a
    /// cancel, else the playlist of the day part (only entries whose `when` holds).
    public func choice(
        at time: Date, layouts: [String: Layout], snapshot: Snapshot, emergency: EmergencyState?
    ) -> ScreenChoice {
        if let emergency, let choice = emergencyChoice(emergency, at: time, layouts: layouts) { return choice }
        let slots = self.slots(at: time, layouts: layouts, snapshot: snapshot)
        let cycle = slots.reduce(0) { $0 + $1.seconds }
        guard cycle > 0 else {
            return ScreenChoice(
                layout: configuration.playlist.first?.layout ?? "", page: 0, language: .ja, reason: .nothing)
        }
        // Position in the cycle counted from the epoch, so the schedule survives restarts.
        let position = time.timeIntervalSince1970.truncatingRemainder(dividingBy: cycle)
        var start = 0.0
        for slot in slots {
            if position < start + slot.seconds {
                let until = time.addingTimeInterval(start + slot.seconds - position)
                return ScreenChoice(
                    layout: slot.layout, page: slot.page, language: slot.language, reason: .playlist, until: until,
                    transition: slot.transition)
            }
            start += slot.seconds
        }
        let last = slots[slots.count - 1]
        return ScreenChoice(
            layout: last.layout, page: last.page, language: last.language, reason: .playlist, until: time,
            transition: last.transition)
    }

    func slots(at time: Date, layouts: [String: Layout], snapshot: Snapshot) -> [Slot] {
        let clock = configuration.timeZone.civil(time)
        let minute = clock.hour * 60 + clock.minute
        let playlist = configuration.dayParts.first { $0.contains(minute: minute) }?.playlist ?? configuration.playlist
        var slots: [Slot] = []
        for entry in playlist {
            guard let layout = layouts[entry.layout] else { continue }
            if let condition = entry.when, !SnapshotQuery(snapshot).isPresent(condition) { continue }
            for (index, page) in layout.pages.enumerated() where page.emergency == nil {
                if !entry.pages.isEmpty, !entry.pages.contains(page.name) { continue }
                let seconds =
                    Double((entry.duration ?? page.duration).components.seconds)
                    + Double((entry.duration ?? page.duration).components.attoseconds) / 1e18
                // Each language gets an equal share of the page's time.
                let languages = layout.languages.isEmpty ? [Language.ja] : layout.languages
                for language in languages {
                    slots.append(
                        Slot(
                            layout: entry.layout, page: index, language: language,
                            seconds: seconds / Double(languages.count), transition: entry.transition))
                }
            }
        }
        return slots
    }

    /// The emergency (or calm) page for the alert, rotating its languages every few seconds.
    func emergencyChoice(_ state: EmergencyState, at time: Date, layouts: [String: Layout]) -> ScreenChoice? {
        // No list configured: every layout with emergency pages, specific events found before `any`.
        let names = configuration.emergencyLayouts.isEmpty ? layouts.keys.sorted() : configuration.emergencyLayouts
        // The configured ones first; the built-in screens (always loaded) as the last resort.
        return emergencyChoice(state, at: time, layouts: layouts, names: names)
            ?? emergencyChoice(state, at: time, layouts: layouts, names: BuiltInLayouts.yaml.keys.sorted())
    }

    private func emergencyChoice(
        _ state: EmergencyState, at time: Date, layouts: [String: Layout], names: [String]
    ) -> ScreenChoice? {
        let wanted = state.isCalm ? "calm" : state.event
        var fallback: (String, Int, Layout)?
        for name in names {
            guard let layout = layouts[name] else { continue }
            for (index, page) in layout.pages.enumerated() {
                guard let events = page.emergency else { continue }
                if events.contains(wanted) { return rotate(name, index, layout, state: state, at: time) }
                if !state.isCalm, events.contains("any"), fallback == nil { fallback = (name, index, layout) }
            }
        }
        guard let fallback else { return nil }
        return rotate(fallback.0, fallback.1, fallback.2, state: state, at: time)
    }

    private func rotate(_ name: String, _ page: Int, _ layout: Layout, state: EmergencyState, at time: Date)
        -> ScreenChoice
    {
        let languages = layout.languages.isEmpty ? [Language.ja] : layout.languages
        let step = 8.0
        let elapsed = max(0, time.timeIntervalSince(state.since))
        let index = Int(elapsed / step) % languages.count
        let until = state.since.addingTimeInterval((elapsed / step).rounded(.down) * step + step)
        return ScreenChoice(
            layout: name, page: page, language: languages[index], reason: state.isCalm ? .calm : .emergency,
            until: until)
    }
}

/// What the alert side says about the screen: an alert taking over, or the calm after it.
public struct EmergencyState: Sendable, Hashable {
    /// `earthquake`, `tsunami`, `rain`, `landslide`, … (matched against pages' `emergency:`).
    public var event: String
    public var isCalm: Bool
    /// When the takeover (or calm) began: languages rotate from here.
    public var since: Date

    public init(event: String, isCalm: Bool = false, since: Date) {
        self.event = event
        self.isCalm = isCalm
        self.since = since
    }
}
