public import Foundation
public import KosatsuAlerts

/// Polls the sign's alert feeds: JMA PULL Atom feeds and CAP over HTTP(S).
///
/// - Feeds are asked with `If-Modified-Since`; a 304 costs nothing more.
/// - Each linked message is fetched once, ever: what was fetched is remembered in `FeedMemory`
///   and saved after every poll that changed it, so a restart does not fetch it again.
/// - Catching up after a restart or an outage fetches only entries published within
///   `catchUpWindow`, and hands on only alerts that have not ended: an alert that is over by the
///   time the sign hears of it never reaches the board.
/// - A message that failed to download is tried again at the next poll (the feed's
///   `Last-Modified` is kept back until every entry has been handled); one that downloaded but
///   could not be read is reported and not fetched again.
public actor AlertFeedPoller {
    public let sources: [AlertFeedSource]
    public let policy: TakeoverPolicy
    /// How far back a catch-up goes.
    public let catchUpWindow: TimeInterval
    /// How long a seen message is remembered after it left its feed.
    public let memorySpan: TimeInterval
    private let transport: any FeedTransport
    private let file: FeedMemoryFile?
    public private(set) var memory: FeedMemory

    /// - Parameters:
    ///   - memoryFile: where to keep what was seen (nil keeps it in memory only, for tests).
    /// - Throws: when the memory file exists but cannot be read (see `FeedMemoryFile.load`).
    public init(
        sources: [AlertFeedSource], transport: any FeedTransport, memoryFile: FeedMemoryFile?,
        policy: TakeoverPolicy = .standard, catchUpWindow: TimeInterval = 24 * 3600,
        memorySpan: TimeInterval = 7 * 24 * 3600
    ) throws {
        self.sources = sources
        self.transport = transport
        self.file = memoryFile
        self.policy = policy
        self.catchUpWindow = catchUpWindow
        self.memorySpan = memorySpan
        self.memory = try memoryFile?.load() ?? FeedMemory()
    }

    /// Polls every source once; returns the new alerts, oldest first, for `AlertBoard.receive`.
    public func poll(now: Date) async -> FeedPoll {
        var result = FeedPoll()
        let before = memory
        for source in sources {
            switch source.kind {
            case .atom: await pollFeed(source, now: now, into: &result)
            case .message: await pollMessage(source, now: now, into: &result)
            }
        }
        result.alerts.sort { ($0.issued, $0.serial ?? 0) < ($1.issued, $1.serial ?? 0) }
        if memory != before, let file {
            do {
                try file.save(memory)
            } catch {
                result.problems.append(FeedProblem(url: file.path, message: "cannot save the feed memory: \(error)"))
            }
        }
        return result
    }

    private func pollFeed(_ source: AlertFeedSource, now: Date, into result: inout FeedPoll) async {
        let lastModified = memory.feeds[source.url.absoluteString]?.lastModified
        guard let response = await get(source.url, ifModifiedSince: lastModified, into: &result),
            response.status != 304
        else { return }
        await readFeed(response, of: source, now: now, into: &result)
    }

    /// Handles a feed's answer: fetches the entries not seen yet, remembers them.
    private func readFeed(_ response: FeedResponse, of source: AlertFeedSource, now: Date, into result: inout FeedPoll)
        async
    {
        let key = source.url.absoluteString
        var feed = memory.feeds[key] ?? FeedMemory.Feed()
        let atom: AtomFeed
        do throws(AlertInputError) {
            atom = try AtomFeed.read(response.body, file: key)
        } catch {
            result.problems.append(FeedProblem(url: key, message: error.description))
            return
        }
        var complete = true
        let entries = atom.entries.sorted { ($0.updated ?? .distantPast) < ($1.updated ?? .distantPast) }
        for entry in entries {
            guard let link = entry.link else { continue }
            let published = entry.updated ?? now
            if feed.seen[link.absoluteString] != nil { continue }
            if let titles = source.titles, !titles.contains(entry.title) {
                continue  // not a kind this sign reads: never fetched, nothing to remember
            }
            if published < now.addingTimeInterval(-catchUpWindow) {
                feed.seen[link.absoluteString] = published
                result.skipped += 1
                continue
            }
            guard let message = await get(link, ifModifiedSince: nil, into: &result) else {
                complete = false
                continue
            }
            guard message.status == 200 else {
                result.problems.append(FeedProblem(url: link.absoluteString, message: "HTTP \(message.status)"))
                complete = false
                continue
            }
            result.fetched += 1
            feed.seen[link.absoluteString] = published
            accept(message.body, from: link.absoluteString, now: now, into: &result)
        }
        // Forget what left the feed long ago; keep what the feed still lists.
        let listed = Set(atom.entries.compactMap { $0.link?.absoluteString })
        let horizon = now.addingTimeInterval(-memorySpan)
        feed.seen = feed.seen.filter { listed.contains($0.key) || $0.value > horizon }
        if complete { feed.lastModified = response.header("Last-Modified") }
        memory.feeds[key] = feed
    }

    private func pollMessage(_ source: AlertFeedSource, now: Date, into result: inout FeedPoll) async {
        let key = source.url.absoluteString
        var feed = memory.feeds[key] ?? FeedMemory.Feed()
        guard let response = await get(source.url, ifModifiedSince: feed.lastModified, into: &result),
            response.status != 304
        else { return }
        if AtomFeed.looksLikeFeed(response.body) {
            // A CAP publisher's URL may answer with its Atom feed of CAP messages.
            await readFeed(response, of: source, now: now, into: &result)
            return
        }
        result.fetched += 1
        var fresh = FeedPoll()
        accept(response.body, from: key, now: now, into: &fresh)
        for alert in fresh.alerts where feed.seen[alert.id] == nil {
            feed.seen[alert.id] = alert.issued
            result.alerts.append(alert)
        }
        result.skipped += fresh.skipped
        result.problems += fresh.problems
        let horizon = now.addingTimeInterval(-memorySpan)
        let current = Set(fresh.alerts.map(\.id))
        feed.seen = feed.seen.filter { id, published in published > horizon || current.contains(id) }
        feed.lastModified = response.header("Last-Modified")
        memory.feeds[key] = feed
    }

    /// One GET; a thrown error or an unexpected status is a problem and gives nil.
    private func get(_ url: URL, ifModifiedSince: String?, into result: inout FeedPoll) async -> FeedResponse? {
        do {
            let response = try await transport.get(url, ifModifiedSince: ifModifiedSince)
            if response.status == 200 || response.status == 304 { return response }
            result.problems.append(FeedProblem(url: url.absoluteString, message: "HTTP \(response.status)"))
            return nil
        } catch {
            result.problems.append(FeedProblem(url: url.absoluteString, message: "\(error)"))
            return nil
        }
    }

    /// Reads a message; keeps the alerts that have not ended by `now`.
    private func accept(_ body: Data, from url: String, now: Date, into result: inout FeedPoll) {
        do throws(AlertInputError) {
            for alert in try AlertReader.read(body, file: url) {
                if alert.kind != .cancel, policy.hasEnded(alert, at: now) {
                    result.skipped += 1
                } else {
                    result.alerts.append(alert)
                }
            }
        } catch {
            result.problems.append(FeedProblem(url: url, message: error.description))
        }
    }
}

/// What one poll found.
public struct FeedPoll: Sendable {
    /// New messages, oldest first, ready for `AlertBoard.receive`.
    public var alerts: [Alert] = []
    /// Messages downloaded in this poll.
    public var fetched = 0
    /// Entries and alerts left out because they had ended or were older than the catch-up window.
    public var skipped = 0
    /// What went wrong, per URL; the rest of the poll went on.
    public var problems: [FeedProblem] = []

    public init() {}
}

/// A feed or message that could not be fetched or read.
public struct FeedProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var url: String
    public var message: String

    public init(url: String, message: String) {
        self.url = url
        self.message = message
    }

    public var description: String { "\(url): \(message)" }
}
