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
    /// Emergency layouts on screen that are not their file's (missing or rejected): why, by name.
    private(set) var emergencyFallbacks: [String: String] = [:]
    /// Emergency layouts whose running copy is the built-in one (no file has been loaded for them).
    private var builtInInUse: Set<String> = []
    /// The daemon's own readers of data (the data file), as they last fared, by name.
    private(set) var sourceReaders: [String: SourceStatus] = [:]
    private(set) var version = 0
    private(set) var emergencySince: Date?
    private var lastEmergencyKey: String?
    let doorbell = Doorbell()
    private let logger: Logger

    private let cache: SnapshotCache?
    /// The shelters the emergency screens point to, from where the sign stands; nil when none configured.
    let shelters: NearbyShelters?

    /// Where the board is kept across restarts (`alert-board.json` in the state directory).
    static let boardFile = "alert-board.json"

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

    /// Takes the alert board saved before a restart (a crash, `kill -9`, an upgrade): what was in
    /// force is in force again before the first frame, what was cancelled stays cancelled, and
    /// what has expired meanwhile is judged against the clock now. The configured area and
    /// policy win over the saved ones.
    func restoreBoard(now: Date) async {
        guard let cache, let data = cache.read(named: Self.boardFile) else { return }
        do {
            let saved = try JSONDecoder().decode(AlertBoard.self, from: data)
            let before = saved.inForce.count
            board = saved.resumed(area: board.area, policy: board.policy, now: now)
            logger.notice(
                "restored the alert board from \(cache.directory)/\(Self.boardFile): \(board.inForce.count) in force (\(before - board.inForce.count) expired meanwhile)"
            )
            saveBoard()
            await changed()
        } catch {
            // A torn or foreign file must not stop the sign; the feeds bring alerts back soon.
            logger.error("the saved alert board cannot be used, starting with an empty one: \(error)")
        }
    }

    /// Writes the board atomically (temporary file, fsync, rename) on every change to what it holds.
    private func saveBoard() {
        guard let cache else { return }
        do {
            try cache.write(try JSONEncoder().encode(board), named: Self.boardFile)
        } catch {
            logger.error("alert board not saved, a restart would lose it: \(error)")
        }
    }

    /// How a reader of data fared: `error` nil is a success at `now`; an error keeps the last success.
    func noteSource(_ name: String, error: String?, at now: Date) {
        var status = sourceReaders[name] ?? SourceStatus(name: name)
        if let error {
            status.lastError = error
        } else {
            status.lastSuccess = now
            status.lastError = nil
        }
        sourceReaders[name] = status
    }

    /// Replaces the data; only ever called with data that parsed and validated.
    func update(_ snapshot: Snapshot) async {
        self.snapshot = snapshot
        do { try cache?.save(snapshot) } catch { logger.warning("last good data not cached: \(error)") }
        await changed()
    }

    /// Feeds alerts to the board; returns what it did with each, and the takeover now.
    @discardableResult
    func receive(_ alerts: [Alert], at now: Date) async -> (
        outcomes: [(id: String, outcome: AlertBoard.Outcome)], takeover: String?
    ) {
        var outcomes: [(id: String, outcome: AlertBoard.Outcome)] = []
        for alert in alerts {
            let outcome = board.receive(alert, at: now)
            outcomes.append((alert.id, outcome))
            // Why the screen does what it does: the own-area 震度 against the threshold, the level, the status.
            let decision = board.decision(for: alert)
            let verdict = decision.takesOver ? "takeover" : decision.showsBanner ? "banner" : "no takeover"
            logger.info(
                "alert \(alert.id) (\(alert.status.rawValue) \(alert.kind.rawValue) \(alert.event)): \(outcome); \(verdict): \(decision.reason)"
            )
        }
        saveBoard()
        await changed()
        return (outcomes, board.takeover?.id)
    }

    /// Expires alerts whose time is up.
    func tick(now: Date) async {
        // The board also records the time of each tick: compare only what the screen shows.
        let before = screenKey
        let held = board.alerts.count
        board.tick(now: now)
        if before != screenKey || held != board.alerts.count {
            saveBoard()
            await changed()
        }
    }

    /// What of the board reaches the screen: the alerts in force, the takeover, the calm, the drill.
    private var screenKey: [String?] {
        board.inForce.map(\.id) + [board.takeover?.id, board.calm?.liftedBy.id, board.drillBanner?.id]
    }

    /// Loads every layout in `directory`, keeping the running version of any file that fails.
    func reloadLayouts(from directory: String) async {
        var files = Set(
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") })
        var loaded = layouts
        for file in files.sorted() {
            let name = String(file.dropLast(5))
            do {
                loaded[name] = try LayoutLoader.load(directory + "/" + file)
                if layoutProblems.removeValue(forKey: name) != nil { logger.info("layout \(file) is valid again") }
            } catch {
                // A file deleted between the listing and the read is missing, not rejected.
                if !FileManager.default.fileExists(atPath: directory + "/" + file) {
                    files.remove(file)
                    continue
                }
                if layoutProblems[name] != error.description {
                    logger.error("layout rejected, keeping the running one: \(error.description)")
                }
                layoutProblems[name] = error.description
            }
        }
        // A problem belongs to a file: once the file is gone, so is the problem.
        for name in layoutProblems.keys where !files.contains(name + ".yaml") {
            layoutProblems[name] = nil
        }
        var fallbacks: [String: String] = [:]
        for name in loaded.keys where !files.contains(name + ".yaml") {
            // An emergency screen is never dropped by a reload: the running one stays.
            if BuiltInLayouts.yaml[name] != nil {
                fallbacks[name] =
                    builtInInUse.contains(name)
                    ? emergencyFallbacks[name] : "\(name).yaml is missing; the running copy is kept"
                continue
            }
            loaded[name] = nil
        }
        builtInInUse.formIntersection(fallbacks.keys)
        for (name, layout) in BuiltInLayouts.parsed where loaded[name] == nil {
            fallbacks[name] = "no \(name).yaml in \(directory); the built-in copy is used"
            loaded[name] = layout
            builtInInUse.insert(name)
        }
        for name in BuiltInLayouts.yaml.keys where layoutProblems[name] != nil {
            fallbacks[name] = fallbacks[name] ?? "\(name).yaml is rejected; the running copy is kept"
        }
        for (name, note) in fallbacks where emergencyFallbacks[name] != note {
            logger.warning("emergency layout: \(note)")
        }
        emergencyFallbacks = fallbacks
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
    /// Whether the board has a takeover or a calm screen to show.
    var holdsEmergency: Bool { board.takeover != nil || board.calm != nil }
    var alertsHeld: [Alert] { board.inForce }

    private func changed() async {
        version += 1
        await doorbell.ring()
    }
}
