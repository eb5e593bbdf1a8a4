import Foundation
import KosatsuAlertFeeds
import KosatsuAlerts
import Testing

/// The JMA PULL feed and CAP sources against a fake transport, with real telegrams behind them.
@Suite(.enabled(if: Corpus.root != nil, Corpus.absent))
struct AlertFeedPollerTests {
    static let feedURL = "https://www.data.jma.go.jp/developer/xml/feed/extra.xml"
    static let base = "https://www.data.jma.go.jp/developer/xml/data/"
    /// 2011-03-11: 大津波警報 at 14:49, its update at 15:12, then 震度速報 (not asked for).
    static let telegrams = [
        (
            "20110311054900_0_VTSE41_010000.xml", "jma/32-39_11_02_250206_VTSE41.xml", "津波警報・注意報・予報a",
            "2011-03-11T05:49:00Z"
        ),
        (
            "20110311061200_0_VTSE41_010000.xml", "jma/32-39_11_11_250206_VTSE41.xml", "津波警報・注意報・予報a",
            "2011-03-11T06:12:00Z"
        ),
        ("20110311054800_0_VXSE51_010000.xml", "jma/32-39_11_01_120615_VXSE51.xml", "震度速報", "2011-03-11T05:48:00Z"),
    ]

    static func feed(_ entries: [(String, String, String, String)]) -> Data {
        let items = entries.map { name, _, title, updated in
            """
              <entry>
                <title>\(title)</title>
                <id>urn:uuid:\(name)</id>
                <updated>\(updated)</updated>
                <author><name>気象庁本庁</name></author>
                <link type="application/xml" href="\(base + name)"/>
                <content type="text">\(title)</content>
              </entry>
            """
        }
        return Data(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" lang="ja">
              <title>随時</title>
              <subtitle>JMAXML publishing feed</subtitle>
              <updated>2011-03-11T06:12:30Z</updated>
              <id>urn:uuid:feed</id>
              <link href="\(feedURL)" rel="self"/>
            \(items.joined(separator: "\n"))
            </feed>
            """.utf8)
    }

    static func transport(entries: Int = 3) throws -> FakeTransport {
        let transport = FakeTransport()
        transport.serve(feedURL, feed(Array(telegrams.prefix(entries))), lastModified: "Fri, 11 Mar 2011 06:12:30 GMT")
        for (name, path, _, _) in telegrams { transport.serve(base + name, try Corpus.data(path)) }
        return transport
    }

    static let now = Date(timeIntervalSince1970: 1_299_823_980)  // 2011-03-11T06:13:00Z
    static let tsunamiOnly: Set<String> = ["津波警報・注意報・予報a"]

    @Test func fetchesEachTelegramOnceAndHonoursIfModifiedSince() async throws {
        let transport = try Self.transport()
        let poller = try AlertFeedPoller(
            sources: [.jma(try #require(URL(string: Self.feedURL)), titles: Self.tsunamiOnly)], transport: transport,
            memoryFile: nil)
        let first = await poller.poll(now: Self.now)
        #expect(first.problems.isEmpty, "\(first.problems)")
        #expect(first.alerts.map(\.hazard) == [.tsunami, .tsunami])
        #expect(first.alerts.map(\.issued) == first.alerts.map(\.issued).sorted())
        #expect(
            transport.count(Self.base + Self.telegrams[2].0) == 0, "a title the sign does not read is never fetched")

        let second = await poller.poll(now: Self.now.addingTimeInterval(60))
        #expect(second.alerts.isEmpty && second.fetched == 0)
        let feedRequests = transport.requests.filter { $0.url == Self.feedURL }
        #expect(feedRequests.map(\.ifModifiedSince) == [nil, "Fri, 11 Mar 2011 06:12:30 GMT"])
        for (name, _, _, _) in Self.telegrams.prefix(2) {
            #expect(transport.count(Self.base + name) == 1)
        }
    }

    @Test func aChangedFeedFetchesOnlyItsNewEntries() async throws {
        let transport = try Self.transport(entries: 1)
        let poller = try AlertFeedPoller(
            sources: [.jma(try #require(URL(string: Self.feedURL)))], transport: transport, memoryFile: nil)
        #expect(await poller.poll(now: Self.now).alerts.count == 1)
        transport.serve(Self.feedURL, Self.feed(Self.telegrams), lastModified: "Fri, 11 Mar 2011 06:15:00 GMT")
        let next = await poller.poll(now: Self.now)
        #expect(next.alerts.count == 2 && next.fetched == 2)
        #expect(transport.count(Self.base + Self.telegrams[0].0) == 1)
    }

    @Test func aRestartRemembersWhatWasSeen() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = FeedMemoryFile(path: directory.appendingPathComponent("state/feeds.json").path)
        let transport = try Self.transport()
        let url = try #require(URL(string: Self.feedURL))
        do {
            let poller = try AlertFeedPoller(sources: [.jma(url)], transport: transport, memoryFile: file)
            #expect(await poller.poll(now: Self.now).alerts.count == 3)
        }
        // The feed changes (its Last-Modified moves on) while the sign restarts: nothing is fetched twice.
        transport.serve(Self.feedURL, Self.feed(Self.telegrams), lastModified: "Fri, 11 Mar 2011 06:30:00 GMT")
        let restarted = try AlertFeedPoller(sources: [.jma(url)], transport: transport, memoryFile: file)
        let poll = await restarted.poll(now: Self.now.addingTimeInterval(600))
        #expect(poll.alerts.isEmpty && poll.fetched == 0)
        for (name, _, _, _) in Self.telegrams { #expect(transport.count(Self.base + name) == 1) }
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: directory.appendingPathComponent("state").path)
        #expect(leftovers == ["feeds.json"], "the memory is replaced atomically, leaving no temporary file")
    }

    @Test func aFailedDownloadIsTriedAgainAndAnOutageCatchesUp() async throws {
        let transport = try Self.transport()
        let url = try #require(URL(string: Self.feedURL))
        transport.serve(Self.base + Self.telegrams[1].0, Data(), status: 503)
        let poller = try AlertFeedPoller(sources: [.jma(url)], transport: transport, memoryFile: nil)
        let first = await poller.poll(now: Self.now)
        #expect(first.alerts.count == 2 && first.problems.count == 1)

        transport.setOffline(true)
        let offline = await poller.poll(now: Self.now.addingTimeInterval(60))
        #expect(offline.alerts.isEmpty && offline.problems.count == 1)

        transport.setOffline(false)
        transport.serve(Self.base + Self.telegrams[1].0, try Corpus.data(Self.telegrams[1].1))
        let back = await poller.poll(now: Self.now.addingTimeInterval(120))
        #expect(back.alerts.map(\.issued) == [try #require(isoDate("2011-03-11T06:12:00Z"))])
        #expect(transport.count(Self.base + Self.telegrams[0].0) == 1)
    }

    /// After a long outage only what is still valid comes through: entries older than the
    /// catch-up window are never fetched, and alerts that ended are left out.
    @Test func catchUpTakesOnlyAlertsStillValid() async throws {
        let transport = try Self.transport()
        let url = try #require(URL(string: Self.feedURL))
        let poller = try AlertFeedPoller(
            sources: [.jma(url)], transport: transport, memoryFile: nil, catchUpWindow: 3600)
        let twoDaysLater = Self.now.addingTimeInterval(2 * 24 * 3600)
        let poll = await poller.poll(now: twoDaysLater)
        #expect(poll.alerts.isEmpty && poll.fetched == 0 && poll.skipped == 3)

        let recent = try AlertFeedPoller(sources: [.jma(url)], transport: try Self.transport(), memoryFile: nil)
        // 震度速報 (VXSE51) is held for 30 minutes; three hours on it has ended, the tsunami warnings have not.
        let later = await recent.poll(now: Self.now.addingTimeInterval(3 * 3600))
        #expect(later.alerts.map(\.hazard) == [.tsunami, .tsunami])
        #expect(later.skipped == 1)
    }

    @Test func aCAPMessageURLIsReadWhenItChanges() async throws {
        let transport = FakeTransport()
        let url = "https://alerts.city.example/odawara.xml"
        transport.serve(url, try Fixture.data("cap-exercise.xml"), lastModified: "Mon, 23 Nov 2026 01:00:00 GMT")
        let poller = try AlertFeedPoller(
            sources: [.cap(try #require(URL(string: url)))], transport: transport, memoryFile: nil)
        let now = Date(timeIntervalSince1970: 1_795_396_000)  // 2026-11-23T10:06:40+09:00
        let first = await poller.poll(now: now)
        #expect(first.alerts.map(\.status) == [.exercise])
        let again = await poller.poll(now: now)
        #expect(again.alerts.isEmpty)
        #expect(transport.requests.last?.ifModifiedSince == "Mon, 23 Nov 2026 01:00:00 GMT")
    }
}

/// An ISO 8601 date-time, for expectations.
func isoDate(_ text: String) -> Date? { try? Date.ISO8601FormatStyle().parse(text) }
