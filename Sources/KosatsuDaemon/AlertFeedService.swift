import Foundation
import KosatsuAlertFeeds
import KosatsuAlerts
import Logging
import ServiceLifecycle

/// One JMA or CAP feed as a service of the daemon: polls it on its interval and hands what is
/// new to the same alert board the push endpoint feeds. What the feed has already given is kept
/// in a memory file under the cache folder, so a restart fetches nothing twice.
struct AlertFeedService: Service {
    let poller: AlertFeedPoller
    let url: URL
    let interval: Duration
    let state: SignState
    let logger: Logger

    /// An unreadable memory file is logged and replaced: the feed starts afresh (fetching again
    /// what it still lists, within the catch-up window).
    init(
        feed: AlertFeedsConfiguration.Feed, transport: any FeedTransport, cacheDirectory: String,
        policy: TakeoverPolicy, state: SignState, logger: Logger
    ) throws {
        let file = FeedMemoryFile(path: Self.memoryPath(for: feed.source.url, in: cacheDirectory))
        do {
            poller = try AlertFeedPoller(sources: [feed.source], transport: transport, memoryFile: file, policy: policy)
        } catch {
            logger.warning("feed memory \(file.path) unreadable, starting afresh: \(error)")
            try? FileManager.default.removeItem(atPath: file.path)
            poller = try AlertFeedPoller(sources: [feed.source], transport: transport, memoryFile: file, policy: policy)
        }
        self.url = feed.source.url
        self.interval = feed.interval
        self.state = state
        self.logger = logger
    }

    func run() async throws {
        logger.info("alert feed \(url.absoluteString): polling every \(interval)")
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await pollOnce(now: Date())
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One poll: new alerts to the board, problems to the log.
    func pollOnce(now: Date) async {
        let poll = await poller.poll(now: now)
        for problem in poll.problems { logger.warning("alert feed: \(problem)") }
        if !poll.alerts.isEmpty { await state.receive(poll.alerts, at: now) }
        if poll.fetched > 0 {
            logger.debug("alert feed: \(poll.fetched) fetched, \(poll.alerts.count) new, \(poll.skipped) skipped")
        }
    }

    /// `CACHE/feeds/HOST-HASH.json`: readable, and stable across restarts (FNV-1a of the URL,
    /// not Swift's per-process hash).
    static func memoryPath(for url: URL, in cacheDirectory: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in url.absoluteString.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let host = (url.host ?? "feed").filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return cacheDirectory + "/feeds/" + host + "-" + String(hash, radix: 16) + ".json"
    }
}
