import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuEmergency
import KosatsuLayout
import KosatsuPlatform
import KosatsuShelters
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

    private let cache: SnapshotCache?
    /// The shelters the emergency screens point to, from where the sign stands; nil when none configured.
    let shelters: NearbyShelters?

    init(board: AlertBoard, logger: Logger, cache: SnapshotCache? = nil, shelters: NearbyShelters? = nil) {
        self.board = board
        self.logger = logger
        self.cache = cache
        self.shelters = shelters
    }

    /// Takes the last good snapshot from the cache, if any (at start, before any network).
    func restoreFromCache() async {
        guard let cache else { return }
        do {
            guard let cached = try cache.read() else { return }
            snapshot = cached
            logger.info("restored the last good data from \(cache.path)")
            await changed()
        } catch {
            // A truncated or corrupt cache (a crash, a full disk) is no reason not to start.
            logger.error("the cached data cannot be used, starting without it: \(error)")
        }
    }

    /// Replaces the data; only ever called with data that parsed and validated.
    func update(_ snapshot: Snapshot) async {
        self.snapshot = snapshot
        do { try cache?.save(snapshot) } catch { logger.warning("last good data not cached: \(error)") }
        await changed()
    }

    /// Feeds alerts to the board; returns how many changed what is in force.
    @discardableResult
    func receive(_ alerts: [Alert], at now: Date) async -> Int {
        var changes = 0
        for alert in alerts {
            let outcome = board.receive(alert, at: now)
            // Why the screen does what it does: the own-area 震度 against the threshold, the level, the status.
            let decision = board.decision(for: alert)
            let verdict = decision.takesOver ? "takeover" : decision.showsBanner ? "banner" : "no takeover"
            logger.info(
                "alert \(alert.id) (\(alert.status.rawValue) \(alert.kind.rawValue) \(alert.event)): \(outcome); \(verdict): \(decision.reason)"
            )
            changes += 1
        }
        await changed()
        return changes
    }

    /// Expires alerts whose time is up.
    func tick(now: Date) async {
        // The board also records the time of each tick: compare only what the screen shows.
        let before = screenKey
        board.tick(now: now)
        if before != screenKey { await changed() }
    }

    /// What of the board reaches the screen: the alerts in force, the takeover, the calm, the drill.
    private var screenKey: [String?] {
        board.inForce.map(\.id) + [board.takeover?.id, board.calm?.liftedBy.id, board.drillBanner?.id]
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
        switch EmergencyScreen(board) {
        case .takeover(let notice):
            key = "alert:" + (board.takeover?.thread ?? notice.id)
            state = EmergencyState(event: notice.event, since: emergencySince ?? now)
        case .calm(let notice):
            key = "calm:" + notice.id
            state = EmergencyState(event: notice.event, isCalm: true, since: emergencySince ?? now)
        case .schedule:
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
        snapshot.showing(board, shelters: shelters)
    }

    var alertsInForce: Int { board.inForce.count }
    var alertsHeld: [Alert] { board.inForce }

    private func changed() async {
        version += 1
        await doorbell.ring()
    }
}
