public import Foundation

/// Which alerts are in force at one sign, and which one takes over its screen.
///
/// A pure value: it never reads the clock (every change is given its time) and it is `Codable`,
/// so a daemon can save it and carry on after a restart exactly where it stopped.
///
/// Rules:
/// - Each alert belongs to a thread (`Alert.thread`); a newer message on a thread replaces the
///   older one (update, 訂正, a later serial, a prefecture's next warning telegram), a cancel
///   removes it (CAP Cancel through `references`, JMA 取消 on the same EventID).
/// - Messages older than or equal to what a thread has already seen are ignored (out-of-order
///   arrivals and duplicates); threads remember what they saw even after their alert is gone.
/// - Only alerts that reach the sign's area are kept; a replacement that no longer reaches it
///   (解除) removes the thread from the sign.
/// - Expiry removes (`TakeoverPolicy.end(of:)`); JMA warnings without ValidDateTime wait to be replaced.
/// - Time is the wall clock and may jump either way (NTP after a boot with a wrong RTC): an
///   alert is judged at the time given now, so a jump forward ends what has expired by then and a
///   jump back brings back what has not (an alert that ended only by time is kept for `memory`).
/// - Only `actual` alerts take over; exercises and tests may show `drillBanner`.
/// - When the alert on screen is cancelled or lifted and nothing else takes over, `calm` holds a
///   「解除されました」 screen for `TakeoverPolicy.calmDuration`.
public struct AlertBoard: Hashable, Sendable, Codable {
    /// What `receive` did with a message.
    public enum Outcome: String, Hashable, Sendable, Codable {
        /// Now on the board (first message, or replacing an older one).
        case added
        /// Removed earlier messages and added nothing (a cancel, or a replacement that no longer
        /// reaches this sign).
        case removed
        /// Not for this sign and nothing of it on the board.
        case notHere
        /// Exactly a message already seen.
        case duplicate
        /// Older than what its thread has already seen.
        case stale
        /// CAP Ack and Error messages: nothing to show or remove.
        case ignored
    }

    /// The 「解除されました」 screen: which alert was lifted and until when to show it.
    public struct Calm: Hashable, Sendable, Codable {
        /// The alert that was on screen.
        public var lifted: Alert
        /// The message that lifted it (cancel, 解除, update).
        public var liftedBy: Alert
        public var until: Date

        /// The calm screen's Japanese line.
        public var japanese: String { "\(lifted.event)は解除されました" }
        /// The calm screen's English line.
        public var english: String { "The \(lifted.hazard == .tsunami ? "tsunami " : "")alert has been lifted" }
    }

    public var area: SignArea {
        didSet {
            here = Judged()
            judge()
        }
    }
    public var policy: TakeoverPolicy
    /// The last time given to `receive` or `tick` (the wall clock: it may go backwards).
    public private(set) var now: Date
    /// Alerts that reach this sign, by thread, whatever their status or severity.
    public private(set) var alerts: [String: Alert] = [:] {
        didSet { judge() }
    }
    /// Each alert as this sign judges it: only its areas that name or touch the sign. A prefecture-wide
    /// telegram lists thousands of areas; matching them on every look at the board (each frame's
    /// decision, each health check) cost a core, so they are matched once, when the alert arrives.
    /// Judging the copy gives what judging the whole alert would (areas are matched one by one).
    private var here = Judged()

    /// `here`'s alerts; derived, so two boards holding the same alerts are equal whatever it holds.
    struct Judged: Hashable, Sendable {
        var byThread: [String: Alert] = [:]
        subscript(thread: String) -> Alert? {
            get { byThread[thread] }
            set { byThread[thread] = newValue }
        }
        var keys: Dictionary<String, Alert>.Keys { byThread.keys }
        static func == (lhs: Judged, rhs: Judged) -> Bool { true }
        func hash(into hasher: inout Hasher) {}
    }
    /// The newest version each thread has seen, kept after its alert is gone.
    public private(set) var seen: [String: AlertVersion] = [:]
    private var calmState: Calm?
    /// Alerts that left only because their end passed, by thread, in case the clock goes back
    /// before that end (optional so boards saved before it existed still decode).
    private var endedByTime: [String: Alert]?
    /// How many alerts that ended by time are kept for a clock that is set back.
    static let endedKept = 256
    /// The latest time given, kept when the clock is set back: what had started stays started.
    private var latest: Date?

    /// How long a thread's memory is kept after its last message, to recognise late duplicates.
    public var memory: TimeInterval = 2 * 24 * 3600

    // `here` is derived: not saved, judged again when a saved board is resumed.
    private enum CodingKeys: String, CodingKey {
        case area, policy, now, alerts, seen, calmState, endedByTime, latest, memory
    }

    /// Brings `here` up to date with `alerts`: new alerts are matched once, gone ones forgotten.
    private mutating func judge() {
        for thread in here.keys where alerts[thread] == nil { here[thread] = nil }
        for (thread, alert) in alerts where here[thread]?.id != alert.id {
            var judged = alert
            if !area.isAnywhere { judged.areas = area.matchingAreas(of: alert) }
            here[thread] = judged
        }
    }

    /// The alerts as judged here (falling back to the whole alert before `judge` has run, as after decoding).
    private var judged: [Alert] {
        alerts.map { here[$0.key] ?? $0.value }
    }

    public init(area: SignArea, policy: TakeoverPolicy = .standard, now: Date = Date(timeIntervalSince1970: 0)) {
        self.area = area
        self.policy = policy
        self.now = now
    }

    /// Takes one message into account at time `now`.
    @discardableResult
    public mutating func receive(_ alert: Alert, at now: Date) -> Outcome {
        tick(now: now)
        guard alert.isAlerting else { return .ignored }
        let version = AlertVersion(alert)
        if let known = seen[alert.thread], known >= version {
            return known == version ? .duplicate : .stale
        }
        let before = takeover

        var removed = false
        for thread in [alert.thread] + alert.references {
            if let known = seen[thread], known > version { continue }  // a newer message already rules there
            // A drill or test never touches a real alert, whatever it references.
            if alert.status != .actual, alerts[thread]?.status == .actual { continue }
            seen[thread] = version
            if alerts.removeValue(forKey: thread) != nil { removed = true }
            endedByTime?.removeValue(forKey: thread)
        }

        var outcome: Outcome = removed ? .removed : .notHere
        // Kept until it ends, even if it starts later (a CAP onset tomorrow shows tomorrow).
        if alert.kind != .cancel, area.covers(alert), !policy.hasEnded(alert, at: self.now) {
            alerts[alert.thread] = alert
            outcome = .added
        }
        noteLift(of: before, by: alert)
        return outcome
    }

    /// Lets time pass: expired alerts leave, the calm screen ends, old memories are dropped. A time
    /// earlier than the last one (the clock was set back) brings back alerts that had left only
    /// because the later time was past their end.
    public mutating func tick(now: Date) {
        self.now = now
        latest = max(latest ?? now, now)
        var ended = endedByTime ?? [:]
        for (thread, alert) in ended where !policy.hasEnded(alert, at: now) && alerts[thread] == nil {
            alerts[thread] = alert
            ended[thread] = nil
        }
        for (thread, alert) in alerts where policy.hasEnded(alert, at: now) {
            ended[thread] = alert
            alerts[thread] = nil
        }
        // Bounded by count, not by time: a clock a year ahead must not make them look ancient.
        if ended.count > Self.endedKept {
            let newest = ended.sorted { (policy.end(of: $0.value) ?? now) > (policy.end(of: $1.value) ?? now) }
            ended = Dictionary(uniqueKeysWithValues: newest.prefix(Self.endedKept).map { ($0.key, $0.value) })
        }
        endedByTime = ended.isEmpty ? nil : ended
        let horizon = now.addingTimeInterval(-memory)
        if let calm = calmState, calm.until <= now { calmState = nil }
        seen = seen.filter { thread, version in
            alerts[thread] != nil || ended[thread] != nil || version.transmitted > horizon
        }
    }

    /// A board saved earlier, carried on under the sign's configuration now: alerts that no longer
    /// reach `area` leave (their threads are still remembered, so a replay stays refused), and
    /// expiry is judged at `now`, the clock at restore, not the time it was saved.
    public func resumed(area: SignArea, policy: TakeoverPolicy, now: Date) -> AlertBoard {
        var board = self
        board.area = area
        board.policy = policy
        board.alerts = alerts.filter { area.covers($0.value) }
        board.endedByTime = endedByTime?.filter { area.covers($0.value) }
        if board.endedByTime?.isEmpty == true { board.endedByTime = nil }
        if let calm = calmState, !area.covers(calm.lifted) { board.calmState = nil }
        board.tick(now: now)
        return board
    }

    /// Actual alerts in force at this sign, most severe first (then newest), whether or not they
    /// are grave enough to take over. Like every alert the board hands out, each carries only its
    /// areas that reach this sign (`alerts` keeps them whole).
    public var inForce: [Alert] { judgedInForce }

    private var judgedInForce: [Alert] {
        ordered(judged.filter { $0.status == .actual && policy.isCurrent($0, at: now, startedBy: latest) })
    }

    /// Exercises, tests, drafts and system messages in force at this sign; never shown as real.
    public var drills: [Alert] { judgedDrills }

    private var judgedDrills: [Alert] {
        ordered(judged.filter { $0.status != .actual && policy.isCurrent($0, at: now, startedBy: latest) })
    }

    /// The alert that owns the screen now: the most severe actual alert at or above the thresholds.
    public var takeover: Alert? {
        judgedInForce.first { policy.wouldTakeOver($0, at: area, now: now, startedBy: latest) }
    }

    /// An actual alert in force here that does not take over, which normal pages mention in a
    /// banner: an earthquake felt at the sign below the takeover intensity.
    public var banner: Alert? {
        guard takeover == nil else { return nil }
        return judgedInForce.first { policy.decision($0, at: area, now: now, startedBy: latest).showsBanner }
    }

    /// What `alert` does to this sign now, and why (for the log).
    public func decision(for alert: Alert) -> TakeoverDecision {
        policy.decision(
            here[alert.thread].flatMap { $0.id == alert.id ? $0 : nil } ?? alert, at: area, now: now, startedBy: latest)
    }

    /// A drill or test that may show the small 「訓練」 banner, when the policy allows it.
    public var drillBanner: Alert? {
        judgedDrills.first { policy.wouldShowDrillBanner($0, at: area, now: now, startedBy: latest) }
    }

    /// The 「解除されました」 screen, while it lasts and nothing else takes over.
    public var calm: Calm? {
        guard takeover == nil, let calm = calmState, calm.until > now else { return nil }
        return calm
    }

    /// The alert on screen lost its place to this message (cancel, 解除, downgrade) and nothing
    /// else takes over: show calm. Replacements that still take over are not a lift.
    private mutating func noteLift(of before: Alert?, by message: Alert) {
        guard let before, takeover == nil else { return }
        guard before.thread == message.thread || message.references.contains(before.thread) else { return }
        calmState = Calm(lifted: before, liftedBy: message, until: now.addingTimeInterval(policy.calmDuration))
    }

    private func ordered(_ list: [Alert]) -> [Alert] {
        list.sorted { lhs, rhs in
            let left = area.severity(of: lhs) ?? .unknown
            let right = area.severity(of: rhs) ?? .unknown
            if left != right { return left > right }
            if lhs.issued != rhs.issued { return lhs.issued > rhs.issued }
            return lhs.thread < rhs.thread
        }
    }
}
