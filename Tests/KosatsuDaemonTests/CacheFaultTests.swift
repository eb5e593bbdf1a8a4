import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuPlatform
import Logging
import Synchronization
import Testing

@testable import KosatsuDaemon

/// The sign's own cache of the last good data, broken by a crash or a full disk.
@Suite struct CacheFaultTests {
    func directory() throws -> String {
        let path = NSTemporaryDirectory() + "kosatsu-daemon-cache-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(arguments: ["", "{\"spots\":[{\"id\":\"a\",\"na", "\u{0}\u{0}\u{0}\u{0}"])
    func aCorruptCacheAtBootIsLoggedAndTheSignStartsEmpty(content: String) async throws {
        let directory = try directory()
        try Data(content.utf8).write(to: URL(fileURLWithPath: directory + "/snapshot.json"))
        let log = DaemonLogRecorder()
        let state = SignState(
            board: AlertBoard(area: SignArea(), now: Date()), logger: log.logger,
            cache: SnapshotCache(directory: directory))
        await state.restoreFromCache()
        #expect(await state.snapshot == .empty)  // the splash / empty screen, not a crash
        #expect(log.messages.contains { $0.hasPrefix("error") && $0.contains(directory + "/snapshot.json") })
    }

    @Test func aFullDiskKeepsTheNewDataOnScreenAndTheOldCacheWhole() async throws {
        let directory = try directory()
        let cache = SnapshotCache(directory: directory)
        let old = Snapshot(spots: [Spot(id: "old", name: LocalizedText(ja: "旧"))])
        try cache.save(old)
        try FileManager.default.createSymbolicLink(
            atPath: cache.path + ".tmp-\(getpid())", withDestinationPath: "/dev/full")
        let log = DaemonLogRecorder()
        let state = SignState(board: AlertBoard(area: SignArea(), now: Date()), logger: log.logger, cache: cache)
        let new = Snapshot(spots: [Spot(id: "new", name: LocalizedText(ja: "新"))])
        await state.update(new)
        #expect(await state.snapshot == new)
        #expect(cache.load() == old)
        #expect(log.messages.contains { $0.contains("not cached") })
    }
}

/// What the daemon logged, to check that a fault was reported and a secret was not.
final class DaemonLogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var messages: [String] { lines.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "kosatsu.test.recorded") { _ in Handler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let recorder: DaemonLogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.append("\(event.level): \(event.message)")
        }
    }
}
