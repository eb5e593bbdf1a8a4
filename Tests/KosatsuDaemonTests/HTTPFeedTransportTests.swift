import Foundation
import HTTPTypes
import Hummingbird
import KosatsuAlertFeeds
import KosatsuAlerts
import NIOCore
import Synchronization
import Testing

@testable import KosatsuDaemon

/// The poller over the real HTTP transport, against a small JMA-like server on loopback: an Atom
/// feed that honours `If-Modified-Since`, and the corpus telegrams it links.
@Suite(.enabled(if: FeedCorpus.root != nil, FeedCorpus.absent))
struct HTTPFeedTransportTests {
    static let lastModified = "Fri, 11 Mar 2011 06:12:30 GMT"
    static let now = Date(timeIntervalSince1970: 1_299_823_980)  // 2011-03-11T06:13:00Z

    static let jmaBase = "https://www.data.jma.go.jp/developer/xml/data/"
    /// 2011-03-11: 大津波警報 at 14:49, its update at 15:12, and 震度速報.
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

    /// A JMA-like Atom feed linking `entries` under `jmaBase`.
    static func atom(_ entries: [(String, String, String, String)]) -> Data {
        let items = entries.map { name, _, title, updated in
            """
              <entry>
                <title>\(title)</title>
                <id>urn:uuid:\(name)</id>
                <updated>\(updated)</updated>
                <author><name>気象庁本庁</name></author>
                <link type="application/xml" href="\(jmaBase + name)"/>
              </entry>
            """
        }
        return Data(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" lang="ja">
              <title>随時</title>
              <updated>2011-03-11T06:12:30Z</updated>
              <id>urn:uuid:feed</id>
            \(items.joined(separator: "\n"))
            </feed>
            """.utf8)
    }

    static let capExercise = """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>odawara-drill-2026-1</identifier>
          <sender>bousai@city.odawara.example</sender>
          <sent>2026-11-23T10:00:00+09:00</sent>
          <status>Exercise</status>
          <msgType>Alert</msgType>
          <scope>Public</scope>
          <info>
            <language>ja-JP</language>
            <category>Safety</category>
            <event>避難訓練</event>
            <urgency>Immediate</urgency>
            <severity>Extreme</severity>
            <certainty>Observed</certainty>
            <expires>2026-11-23T11:00:00+09:00</expires>
            <headline>【訓練】小田原市に避難指示</headline>
            <area>
              <areaDesc>小田原市</areaDesc>
              <geocode><valueName>JIS X0402</valueName><value>1420600</value></geocode>
            </area>
          </info>
        </alert>
        """

    static func feed(linkingTo base: String) -> Data {
        let text = String(decoding: Self.atom(Self.telegrams), as: UTF8.self)
        return Data(text.replacingOccurrences(of: Self.jmaBase, with: base).utf8)
    }

    @Test func fetchesEachTelegramOnceThen304AndARestartFetchesNothing() async throws {
        let directory = try FeedCorpus.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = FeedMemoryFile(path: directory.appendingPathComponent("feeds/jma.json").path)
        try await FeedServer.run { server in
            let base = server.base.absoluteString
            for (name, path, _, _) in Self.telegrams {
                server.serve("/data/" + name, try FeedCorpus.data(path))
            }
            server.serve("/feed.xml", Self.feed(linkingTo: base + "/data/"), lastModified: Self.lastModified)
            let transport = try HTTPFeedTransport(timeout: .seconds(10))
            let feedURL = try #require(URL(string: base + "/feed.xml"))
            let first = try AlertFeedPoller(sources: [.jma(feedURL)], transport: transport, memoryFile: file)
            let poll = await first.poll(now: Self.now)
            #expect(poll.problems.isEmpty, "\(poll.problems)")
            #expect(poll.fetched == 3 && poll.alerts.count == 3)
            for (name, _, _, _) in Self.telegrams { #expect(server.log.count("/data/" + name) == 1) }

            let second = await first.poll(now: Self.now.addingTimeInterval(60))
            #expect(second.fetched == 0 && second.alerts.isEmpty && second.problems.isEmpty)
            #expect(
                server.log.all.filter { $0.path == "/feed.xml" }.map(\.status) == [200, 304],
                "the second poll sends If-Modified-Since and gets 304")
            #expect(server.log.all.last?.ifModifiedSince == Self.lastModified)

            let restarted = try AlertFeedPoller(sources: [.jma(feedURL)], transport: transport, memoryFile: file)
            let third = await restarted.poll(now: Self.now.addingTimeInterval(120))
            #expect(third.fetched == 0 && third.alerts.isEmpty && third.problems.isEmpty)
            for (name, _, _, _) in Self.telegrams { #expect(server.log.count("/data/" + name) == 1) }
            #expect(server.log.all.filter { $0.path == "/feed.xml" }.map(\.status) == [200, 304, 304])
        }
    }

    @Test func aCAPURLThatAnswersWithAnAtomFeedIsReadAsOne() async throws {
        try await FeedServer.run { server in
            let base = server.base.absoluteString
            server.serve("/data/drill.xml", Data(Self.capExercise.utf8))
            server.serve(
                "/cap.xml",
                Data(
                    """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <feed xmlns="http://www.w3.org/2005/Atom">
                      <title>小田原市 防災</title>
                      <updated>2026-11-23T01:00:00Z</updated>
                      <entry>
                        <id>\(base)/data/drill.xml</id>
                        <title>避難訓練</title>
                        <updated>2026-11-23T01:00:00Z</updated>
                        <link href="\(base)/data/drill.xml" type="application/cap+xml"/>
                      </entry>
                    </feed>
                    """.utf8), lastModified: "Mon, 23 Nov 2026 01:00:00 GMT")
            let poller = try AlertFeedPoller(
                sources: [.cap(try #require(URL(string: base + "/cap.xml")))],
                transport: try HTTPFeedTransport(), memoryFile: nil)
            let now = Date(timeIntervalSince1970: 1_795_396_000)  // 2026-11-23T10:06:40+09:00
            let poll = await poller.poll(now: now)
            #expect(poll.problems.isEmpty, "\(poll.problems)")
            #expect(poll.alerts.map(\.status) == [.exercise])
            #expect(await poller.poll(now: now).alerts.isEmpty)
            #expect(server.log.count("/data/drill.xml") == 1)
        }
    }

    @Test func aBodyLargerThanTheLimitIsRefused() async throws {
        try await FeedServer.run { server in
            server.serve("/big.xml", Data(repeating: UInt8(ascii: "x"), count: 100_000))
            let transport = try HTTPFeedTransport(maximumBodySize: 10_000)
            let url = try #require(URL(string: server.base.absoluteString + "/big.xml"))
            await #expect(throws: FeedTransportError.self) { try await transport.get(url, ifModifiedSince: nil) }
        }
    }

    @Test func aCAFileThatIsNotPEMIsRefused() throws {
        let directory = try FeedCorpus.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ca.pem").path
        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: FeedTransportError.self) { try HTTPFeedTransport(caFile: path) }
    }
}

/// A tiny HTTP server on a loopback port: serves what it is given, honours `If-Modified-Since`,
/// and records every request.
final class FeedServer: Sendable {
    /// What the server was asked: path, `If-Modified-Since`, and the status it answered.
    struct Hit: Sendable, Equatable {
        var path: String
        var ifModifiedSince: String?
        var status: Int
    }

    struct Resource: Sendable {
        var body: Data
        var lastModified: String?
    }

    final class Log: Sendable {
        private let hits = Mutex<[Hit]>([])
        func add(_ hit: Hit) { hits.withLock { $0.append(hit) } }
        var all: [Hit] { hits.withLock { $0 } }
        func count(_ path: String) -> Int { all.filter { $0.path == path }.count }
    }

    let log = Log()
    let base: URL
    private let resources = Mutex<[String: Resource]>([:])

    private init(base: URL) {
        self.base = base
    }

    func serve(_ path: String, _ body: Data, lastModified: String? = nil) {
        resources.withLock { $0[path] = Resource(body: body, lastModified: lastModified) }
    }

    func respond(to request: Request) -> Response {
        let path = request.uri.path
        let since = request.headers[.ifModifiedSince]
        guard let resource = resources.withLock({ $0[path] }) else {
            log.add(Hit(path: path, ifModifiedSince: since, status: 404))
            return Response(status: .notFound)
        }
        if let modified = resource.lastModified, since == modified {
            log.add(Hit(path: path, ifModifiedSince: since, status: 304))
            return Response(status: .notModified)
        }
        log.add(Hit(path: path, ifModifiedSince: since, status: 200))
        var headers: HTTPFields = [.contentType: "application/xml"]
        if let modified = resource.lastModified { headers[.lastModified] = modified }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: resource.body)))
    }

    /// Runs a server until `body` returns.
    static func run<T>(_ body: (FeedServer) async throws -> T) async throws -> T {
        let router = Router()
        let holder = Mutex<FeedServer?>(nil)
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            guard let server = holder.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            return server.respond(to: request)
        }
        router.get("*", use: handler)
        router.get("data/*", use: handler)
        let port = Mutex<Int?>(nil)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } })
        let task = Task { try await app.run() }
        var bound: Int?
        for _ in 0..<1000 where bound == nil {
            bound = port.withLock { $0 }
            if bound == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        guard let bound, let url = URL(string: "http://127.0.0.1:\(bound)") else {
            task.cancel()
            throw FeedTransportError("the test server did not start")
        }
        let server = FeedServer(base: url)
        holder.withLock { $0 = server }
        do {
            let result = try await body(server)
            task.cancel()
            _ = try? await task.value
            return result
        } catch {
            task.cancel()
            _ = try? await task.value
            throw error
        }
    }
}

/// The shared corpus beside the repository (or `KOSATSU_CORPUS`), and scratch folders.
enum FeedCorpus {
    static let root: URL? = {
        if let configured = ProcessInfo.processInfo.environment["KOSATSU_CORPUS"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for base in [package, package.resolvingSymlinksInPath()] {
            let candidate = base.deletingLastPathComponent().appendingPathComponent("shared/corpus")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("jma").path) { return candidate }
        }
        return nil
    }()

    static let absent: Comment =
        "shared/corpus not found at ../shared/corpus from the package root; set KOSATSU_CORPUS to run corpus tests"

    static func data(_ path: String) throws -> Data {
        guard let root else { throw FeedTransportError("no corpus") }
        return try Data(contentsOf: root.appendingPathComponent(path))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-feeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
