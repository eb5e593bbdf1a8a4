public import KosatsuAlerts
public import KosatsuData

extension Snapshot {
    /// This snapshot with its alerts taken from the sign's board: the alert that takes over first,
    /// then the other actual alerts in force at the sign, then the drill or test allowed a
    /// 「訓練」 banner (`isExercise`); and the 「解除されました」 notice while the calm screen lasts.
    ///
    /// Everything else in the snapshot is kept: the emergency screens need nothing but these.
    public func showing(_ board: AlertBoard) -> Snapshot {
        var copy = self
        var alerts: [Alert] = []
        if let takeover = board.takeover { alerts.append(takeover) }
        alerts += board.inForce.filter { $0.thread != board.takeover?.thread }
        if let drill = board.drillBanner { alerts.append(drill) }
        copy.alerts = alerts.map { AlertNotice($0, at: board.area) }
        copy.calm = board.calm.map { AlertNotice(calm: $0, at: board.area) }
        return copy
    }
}
