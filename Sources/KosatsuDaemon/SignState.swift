import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuLayout
import Logging

/// Everything the sign knows, owned by one actor: the latest good data, the alerts in force and
/// the layouts. Each change rings the doorbell so the screen follows at once.
actor SignState {
    private(set) var snapshot: Snapshot = .empty
    private(set) var board: AlertBoard
    private(set) var layouts: [String: Layout] = [:]
    /// The latest problem per layout file (kept out of the running set).
    private(set) var layoutProblems: [String: String] = [:]
    private(set) var version = 0
    private(set) var emergencySince: Date?
    private var lastEmergencyKey: String?
    let doorbell = Doorbell()
    private let logger: Logger

    init(board: AlertBoard, logger: Logger) {
        self.board = board
        self.logger = logger
    }

    /// Replaces the data; only ever called with data that parsed and validated.
    func update(_ snapshot: Snapshot) async {
        self.snapshot = snapshot
        await changed()
    }

    /// Feeds alerts to the board; returns how many changed what is in force.
    @discardableResult
    func receive(_ alerts: [Alert], at now: Date) async -> Int {
        var changes = 0
        for alert in alerts {
            let outcome = board.receive(alert, at: now)
            logger.info(
                "alert \(alert.id) (\(alert.status.rawValue) \(alert.kind.rawValue) \(alert.event)): \(outcome)")
            changes += 1
        }
        await changed()
        return changes
    }

    /// Expires alerts whose time is up.
    func tick(now: Date) async {
        let before = board
        board.tick(now: now)
        if before != board { await changed() }
    }

    /// Loads every layout in `directory`, keeping the running version of any file that fails.
    func reloadLayouts(from directory: String) async {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasSuffix(".yaml")
        }
        var loaded = layouts
        for file in files {
            let name = String(file.dropLast(5))
            do {
                loaded[name] = try LayoutLoader.load(directory + "/" + file)
                if layoutProblems.removeValue(forKey: name) != nil { logger.info("layout \(file) is valid again") }
            } catch {
                if layoutProblems[name] != error.description {
                    logger.error("layout rejected, keeping the running one: \(error.description)")
                }
                layoutProblems[name] = error.description
            }
        }
        for name in loaded.keys where !files.contains(name + ".yaml") { loaded[name] = nil }
        layouts = loaded
        await changed()
    }

    /// What the screen should react to: an alert taking over, or the calm after one.
    func emergency(at now: Date) -> EmergencyState? {
        let key: String?
        let state: EmergencyState?
        if let alert = board.takeover {
            key = "alert:" + alert.id
            state = EmergencyState(event: AlertScreen.event(of: alert), since: emergencySince ?? now)
        } else if let calm = board.calm {
            key = "calm:" + calm.liftedBy.id
            state = EmergencyState(
                event: AlertScreen.event(of: calm.lifted), isCalm: true, since: emergencySince ?? now)
        } else {
            key = nil
            state = nil
        }
        if key != lastEmergencyKey {
            lastEmergencyKey = key
            emergencySince = key == nil ? nil : now
            return state.map { EmergencyState(event: $0.event, isCalm: $0.isCalm, since: now) }
        }
        return state
    }

    /// The snapshot a layout binds to: the data plus the alerts as the screen shows them.
    func screenSnapshot() -> Snapshot {
        var view = snapshot
        var notices: [AlertNotice] = []
        if let alert = board.takeover { notices.append(AlertScreen.notice(for: alert)) }
        if let calm = board.calm {
            var notice = AlertScreen.notice(for: calm.lifted)
            notice.headline = LocalizedText(ja: calm.japanese, en: calm.english)
            notices.append(notice)
        }
        if let drill = board.drillBanner { notices.append(AlertScreen.notice(for: drill, exercise: true)) }
        view.alerts = notices + view.alerts
        return view
    }

    var alertsInForce: Int { board.inForce.count }

    private func changed() async {
        version += 1
        await doorbell.ring()
    }
}
