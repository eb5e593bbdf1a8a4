public import KosatsuAlerts
public import KosatsuData
public import KosatsuShelters

extension Snapshot {
    /// This snapshot with its alerts taken from the sign's board: the alert that takes over first,
    /// then the other actual alerts in force at the sign (the one normal pages mention in a banner
    /// with its `banner` line), then the drill or test allowed a 「訓練」 banner (`isExercise`); and the
    /// 「解除されました」 notice while the calm screen lasts.
    ///
    /// With `shelters`, each notice lists the nearest open shelters designated for its hazard (the
    /// platform's live shelters in this snapshot laid over the sign's lists).
    ///
    /// Everything else in the snapshot is kept: the emergency screens need nothing but these.
    public func showing(_ board: AlertBoard, shelters: NearbyShelters? = nil) -> Snapshot {
        var copy = self
        var alerts: [Alert] = []
        if let takeover = board.takeover { alerts.append(takeover) }
        alerts += board.inForce.filter { $0.thread != board.takeover?.thread }
        if let drill = board.drillBanner { alerts.append(drill) }
        let banner = board.banner
        let nearby = shelters.map { $0.merging(live: self.shelters ?? []) }
        copy.alerts = alerts.map { alert in
            var notice = AlertNotice(alert, at: board.area)
            if alert.thread == banner?.thread { notice.banner = AlertNotice.bannerLine(alert, at: board.area) }
            if let nearby { notice.shelters = nearby.guides(for: AlertNotice.shelterHazards(alert, at: board.area)) }
            return notice
        }
        copy.calm = board.calm.map { AlertNotice(calm: $0, at: board.area) }
        return copy
    }
}
