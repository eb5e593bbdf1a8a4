public import Foundation
import KosatsuData

/// The configurable rules that decide when an alert takes over a sign and how long it stays.
///
/// One policy serves both the live `AlertBoard` and `alert inspect`, so the command line tells the
/// truth about what a sign would do.
public struct TakeoverPolicy: Hashable, Sendable, Codable {
    /// Alerts at or above this level take over (default 警報以上).
    public var minimumSeverity: AlertSeverity
    /// Earthquakes take over when the 震度 observed (VXSE51/53) or forecast (緊急地震速報（警報）)
    /// in the sign's own areas is at least this (default 震度4以上); below it, normal pages show a
    /// banner. Nil judges them by `minimumSeverity` like everything else.
    public var minimumIntensity: SeismicIntensity?
    /// How long the calm 「解除されました」 screen stays after a cancel or a lift, in seconds.
    public var calmDuration: TimeInterval
    /// How long an observed earthquake stays on screen (it has no expiry of its own).
    public var earthquakeHold: TimeInterval
    /// How long a 緊急地震速報 stays on screen.
    public var earlyWarningHold: TimeInterval
    /// How long other alerts without an expiry stay (CAP without `expires`, NGSI without `validTo`,
    /// JMA information). JMA warnings, tsunami and landslide telegrams are exempt: they stay until
    /// a later telegram on their thread replaces them.
    public var defaultHold: TimeInterval
    /// An alert stamped this far in the future (a sign's clock running slow) is already in force.
    public var clockSkewTolerance: TimeInterval
    /// Whether exercises and tests may show a small 「訓練」 banner (they never take over).
    public var showsDrillBanner: Bool

    public init(
        minimumSeverity: AlertSeverity = .warning, minimumIntensity: SeismicIntensity? = .four,
        calmDuration: TimeInterval = 300, earthquakeHold: TimeInterval = 1800, earlyWarningHold: TimeInterval = 180,
        defaultHold: TimeInterval = 6 * 3600, clockSkewTolerance: TimeInterval = 600, showsDrillBanner: Bool = true
    ) {
        self.minimumSeverity = minimumSeverity
        self.minimumIntensity = minimumIntensity
        self.calmDuration = calmDuration
        self.earthquakeHold = earthquakeHold
        self.earlyWarningHold = earlyWarningHold
        self.defaultHold = defaultHold
        self.clockSkewTolerance = clockSkewTolerance
        self.showsDrillBanner = showsDrillBanner
    }

    /// 警報以上, 震度4以上, five minutes of calm.
    public static let standard = TakeoverPolicy()

    /// When the alert stops being in force; nil while it waits to be replaced.
    public func end(of alert: Alert) -> Date? {
        if let expires = alert.expires { return expires }
        // 避難情報 stays until the city lifts it (解除), as a JMA warning stays until replaced.
        if alert.details.evacuation != nil { return nil }
        switch (alert.source, alert.hazard) {
        case (.jma, .weather), (.jma, .tsunami), (.jma, .landslide), (.jma, .volcano):
            return nil
        case (_, .earthquake):
            return alert.issued.addingTimeInterval(earthquakeHold)
        case (_, .earthquakeEarlyWarning):
            return alert.issued.addingTimeInterval(earlyWarningHold)
        default:
            return alert.issued.addingTimeInterval(defaultHold)
        }
    }

    /// Over at `now`: expired, or held for as long as an alert without expiry is held.
    public func hasEnded(_ alert: Alert, at now: Date) -> Bool {
        guard let end = end(of: alert) else { return false }
        return now >= end
    }

    /// In force at `now`: started (allowing for clock skew) and not yet ended. `startedBy` is the
    /// latest time a sign's clock has shown: after the clock is set back, an alert that had
    /// started stays started (it is not hidden until the clock catches up again).
    public func isCurrent(_ alert: Alert, at now: Date, startedBy latest: Date? = nil) -> Bool {
        guard alert.kind != .cancel, alert.isAlerting else { return false }
        if max(now, latest ?? now) < alert.effective.addingTimeInterval(-clockSkewTolerance) { return false }
        return !hasEnded(alert, at: now)
    }

    /// Whether the alert is grave enough at this sign, whatever its status.
    public func isGraveEnough(_ alert: Alert, at sign: SignArea) -> Bool {
        gravity(of: alert, at: sign).isGraveEnough
    }

    /// How grave the alert is at this sign, and why: earthquakes by the 震度 observed or forecast
    /// in the sign's own areas against `minimumIntensity`, everything else by severity.
    func gravity(of alert: Alert, at sign: SignArea) -> Gravity {
        if let minimumIntensity, let quake = alert.details.earthquake,
            alert.hazard == .earthquake || alert.hazard == .earthquakeEarlyWarning,
            quake.maxIntensity != nil || quake.isEarlyWarning
        {
            let matched = sign.matchingAreas(of: alert).filter { $0.severity != nil }
            let strongest = matched.filter { $0.intensity != nil }.max {
                ($0.intensity ?? .zero) < ($1.intensity ?? .zero)
            }
            let intensity = strongest?.intensity ?? (sign.isAnywhere ? sign.intensity(of: alert) : nil)
            let place = strongest.map { " in \($0.name)" } ?? (sign.isAnywhere ? " (the highest anywhere)" : "")
            let verb = quake.isEarlyWarning ? "forecast" : "observed"
            // Only 緊急地震速報（警報） areas speak to the public; 予報 is for specialists.
            let isWarned = (sign.severity(of: alert) ?? .unknown) >= .warning
            if quake.isEarlyWarning, !isWarned {
                return Gravity(
                    isGraveEnough: false, isBannerWorthy: false,
                    reason: "a 緊急地震速報（予報） for the sign's areas, which is for specialists, not the public")
            }
            guard let intensity else {
                if quake.isEarlyWarning {
                    return Gravity(
                        isGraveEnough: true, isBannerWorthy: false,
                        reason: "a 緊急地震速報（警報） for the sign's areas, its 震度 not given")
                }
                return Gravity(isGraveEnough: false, isBannerWorthy: false, reason: "no 震度 \(verb) in the sign's areas")
            }
            let words = "\(intensity.japanese) \(verb)\(place)"
            if intensity >= minimumIntensity {
                return Gravity(
                    isGraveEnough: true, isBannerWorthy: false,
                    reason: "\(words) reaches the takeover intensity \(minimumIntensity.japanese)")
            }
            return Gravity(
                isGraveEnough: false, isBannerWorthy: intensity > .zero,
                reason: "\(words) is below the takeover intensity \(minimumIntensity.japanese)")
        }
        let severity = sign.severity(of: alert) ?? .unknown
        let place = sign.isAnywhere ? "" : sign.matchingAreas(of: alert).first.map { " in \($0.name)" } ?? ""
        let words = "\(severity.japanese) (\(severity.rawValue))\(place)"
        if severity >= minimumSeverity {
            return Gravity(
                isGraveEnough: true, isBannerWorthy: false,
                reason: "\(words) reaches the minimum \(minimumSeverity.rawValue)")
        }
        return Gravity(
            isGraveEnough: false, isBannerWorthy: false,
            reason: "\(words) is below the minimum \(minimumSeverity.rawValue)")
    }

    /// What `gravity(of:at:)` found.
    struct Gravity {
        var isGraveEnough: Bool
        /// Below the threshold, yet worth a banner on normal pages (an earthquake felt here).
        var isBannerWorthy: Bool
        var reason: String
    }

    /// Whether this alert, on its own, would take over a sign in `sign` at `now`.
    /// Only actual alerts ever do.
    public func wouldTakeOver(_ alert: Alert, at sign: SignArea, now: Date, startedBy latest: Date? = nil) -> Bool {
        decision(alert, at: sign, now: now, startedBy: latest).takesOver
    }

    /// What this alert, on its own, does to a sign in `sign` at `now`, and why in words (for
    /// `alert inspect` and the log).
    public func decision(_ alert: Alert, at sign: SignArea, now: Date, startedBy latest: Date? = nil)
        -> TakeoverDecision
    {
        func no(_ reason: String, banner: Bool = false) -> TakeoverDecision {
            TakeoverDecision(takesOver: false, showsBanner: banner, reason: reason)
        }
        guard alert.isAlerting else {
            return no("a CAP \(alert.details.cap?.messageType ?? "") answers other messages")
        }
        if alert.kind == .cancel { return no("a cancel: it removes what it names and never takes over") }
        if max(now, latest ?? now) < alert.effective.addingTimeInterval(-clockSkewTolerance) {
            return no("not in force yet: it starts at \(ISO8601.format(alert.effective))")
        }
        if let end = end(of: alert), now >= end { return no("ended at \(ISO8601.format(end))") }
        if !sign.covers(alert) {
            let named = sign.matchingAreas(of: alert)
            if !named.isEmpty { return no("lifted (解除) in the sign's areas") }
            let names = alert.areas.prefix(3).map(\.name).filter { !$0.isEmpty }.joined(separator: "、")
            return no(
                "not for the sign's areas"
                    + (names.isEmpty ? "" : " (it names \(names)\(alert.areas.count > 3 ? " …" : ""))"))
        }
        let gravity = gravity(of: alert, at: sign)
        guard alert.status == .actual else {
            let banner = wouldShowDrillBanner(alert, at: sign, now: now, startedBy: latest)
            return no(
                "status \(alert.status.rawValue): drills and tests never take over"
                    + (banner ? " (a 訓練 banner on normal pages)" : ""))
        }
        if gravity.isGraveEnough {
            return TakeoverDecision(takesOver: true, showsBanner: false, reason: gravity.reason)
        }
        return no(
            gravity.reason + (gravity.isBannerWorthy ? ": a banner on normal pages" : ""),
            banner: gravity.isBannerWorthy)
    }

    /// Whether a drill or test would show the small 「訓練」 banner (never a takeover).
    public func wouldShowDrillBanner(_ alert: Alert, at sign: SignArea, now: Date, startedBy latest: Date? = nil)
        -> Bool
    {
        showsDrillBanner && (alert.status == .exercise || alert.status == .test)
            && isCurrent(alert, at: now, startedBy: latest) && sign.covers(alert) && isGraveEnough(alert, at: sign)
    }
}

/// What one alert does to a sign, with the reason in words.
public struct TakeoverDecision: Hashable, Sendable {
    /// It owns the screen (if nothing graver is in force).
    public var takesOver: Bool
    /// It does not take over, but normal pages mention it in a banner (an earthquake felt at the
    /// sign below the takeover intensity).
    public var showsBanner: Bool
    /// Why, e.g. 「震度４ observed in 神奈川県西部 reaches the takeover intensity 震度４」.
    public var reason: String

    public init(takesOver: Bool, showsBanner: Bool, reason: String) {
        self.takesOver = takesOver
        self.showsBanner = showsBanner
        self.reason = reason
    }
}
