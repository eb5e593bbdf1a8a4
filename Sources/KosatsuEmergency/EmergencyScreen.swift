public import KosatsuAlerts
public import KosatsuData
public import KosatsuLayout

/// What a sign's screen is given over to, decided from the board alone: the daemon asks this on
/// every change of the board and every tick, and shows the schedule only when it says `.schedule`.
public enum EmergencyScreen: Hashable, Sendable {
    /// An actual alert for this sign: takes over at once and pre-empts every schedule.
    case takeover(AlertNotice)
    /// The alert that was on screen has been lifted: the 「解除されました」 screen, for a while.
    case calm(AlertNotice)
    /// Nothing to show: the normal playlist (a drill may still show its small banner there).
    case schedule

    /// The screen for the board now.
    public init(_ board: AlertBoard) {
        if let takeover = board.takeover {
            self = .takeover(AlertNotice(takeover, at: board.area))
        } else if let calm = board.calm {
            self = .calm(AlertNotice(calm: calm, at: board.area))
        } else {
            self = .schedule
        }
    }

    /// The page word a layout uses for the calm screen (`emergency: calm`).
    public static let calmPage = "calm"

    /// Which page of which layout shows this screen: for a takeover the first page listing the
    /// alert's event (`emergency: tsunami`), else the first `emergency: any` page; for calm the
    /// first `emergency: calm` page. Nil for `.schedule`, or when no layout has such a page.
    public func page(in layouts: [Layout]) -> (layout: Int, page: Int)? {
        let wanted: [String]
        switch self {
        case .takeover(let notice): wanted = [notice.event, "any"]
        case .calm: wanted = [Self.calmPage]
        case .schedule: return nil
        }
        for word in wanted {
            for (layoutIndex, layout) in layouts.enumerated() {
                for (pageIndex, page) in layout.pages.enumerated() where page.emergency?.contains(word) == true {
                    return (layoutIndex, pageIndex)
                }
            }
        }
        return nil
    }
}
