public import Foundation

/// The configurable rules that decide when an alert takes over a sign and how long it stays.
///
/// One policy serves both the live `AlertBoard` and `alert inspect`, so the command line tells the
/// truth about what a sign would do.
public struct TakeoverPolicy: Hashable, Sendable, Codable {
    /// Alerts at or above this level take over (default 警報以上).
    public var minimumSeverity: AlertSeverity
    /// Observed earthquakes take over when the sign's area had at least this 震度 (default 震度4以上);
    /// nil judges them by `minimumSeverity` like everything else.
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
        if let minimumIntensity, alert.hazard == .earthquake, let quake = alert.details.earthquake,
            !quake.isEarlyWarning, quake.maxIntensity != nil
        {
            return (sign.intensity(of: alert) ?? .zero) >= minimumIntensity
        }
        return (sign.severity(of: alert) ?? .unknown) >= minimumSeverity
    }

    /// Whether this alert, on its own, would take over a sign in `sign` at `now`.
    /// Only actual alerts ever do.
    public func wouldTakeOver(_ alert: Alert, at sign: SignArea, now: Date, startedBy latest: Date? = nil) -> Bool {
        alert.status == .actual && isCurrent(alert, at: now, startedBy: latest) && sign.covers(alert)
            && isGraveEnough(alert, at: sign)
    }

    /// Whether a drill or test would show the small 「訓練」 banner (never a takeover).
    public func wouldShowDrillBanner(_ alert: Alert, at sign: SignArea, now: Date, startedBy latest: Date? = nil)
        -> Bool
    {
        showsDrillBanner && (alert.status == .exercise || alert.status == .test)
            && isCurrent(alert, at: now, startedBy: latest) && sign.covers(alert) && isGraveEnough(alert, at: sign)
    }
}
