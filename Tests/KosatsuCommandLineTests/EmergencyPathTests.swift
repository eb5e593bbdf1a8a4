import Foundation
import KosatsuRender
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Faults injected into a real `kosatsu run`: what an alert in force must survive.
@Suite(.serialized) struct EmergencyPathTests {
    typealias Sign = DaemonEndToEndTests.Sign
    static let token = DaemonEndToEndTests.token

    /// An Extreme CAP earthquake alert for the sign's area; `expires` when given.
    static func alert(id: String, expires: Date? = nil) -> Data {
        let text = String(decoding: DaemonEndToEndTests.cap("Alert", id: id), as: UTF8.self)
        guard let expires else { return Data(text.utf8) }
        let field = "<expires>\(ISO8601DateFormatter().string(from: expires))</expires>"
        return Data(text.replacingOccurrences(of: "<headline>", with: "\(field)<headline>").utf8)
    }

    static func health(_ sign: Sign) async throws -> (Int, [String: Any]) {
        let (status, body) = try await sign.request("/healthz")
        return (status, try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:])
    }

    @Test func anAlertInForceSurvivesKillDashNineAndIsOnTheFirstFrame() async throws {
        let sign = try Sign()
        try sign.start()
        _ = try await sign.waitForScreen("the board", DaemonEndToEndTests.isBoard)
        let (accepted, _) = try await sign.request(
            "/alerts", method: "POST", token: Self.token, body: Self.alert(id: "k1"))
        #expect(accepted == 202)
        _ = try await sign.waitForScreen("the emergency screen", DaemonEndToEndTests.isEmergency)

        sign.kill()
        try sign.start()
        // The first frame the restarted sign drew was the takeover, never the cached board.
        var firstFrame: Substring?
        for _ in 0..<100 where firstFrame == nil {
            let log = try String(contentsOf: sign.log, encoding: .utf8)
            firstFrame = log.split(separator: "\n").first { $0.contains("first frame on screen") }
            if firstFrame == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let line = try #require(firstFrame)
        #expect(line.contains("restored alert board"), "\(line)")
        #expect(DaemonEndToEndTests.isEmergency(try await sign.screen()))
        let (status, health) = try await Self.health(sign)
        #expect(status == 200)
        #expect(health["alertsInForce"] as? Int == 1)
        #expect(health["showing"] as? String == "emergency")
        sign.stop()
    }

    @Test func aCancelIsNotUndoneByAReplayAfterARestart() async throws {
        let sign = try Sign()
        try sign.start()
        _ = try await sign.waitForScreen("the board", DaemonEndToEndTests.isBoard)
        let original = Self.alert(id: "c1")
        #expect(try await sign.request("/alerts", method: "POST", token: Self.token, body: original).0 == 202)
        _ = try await sign.waitForScreen("the emergency screen", DaemonEndToEndTests.isEmergency)
        let cancel = DaemonEndToEndTests.cap(
            "Cancel", id: "c2", references: "<references>city@odawara.example,c1,2026-11-23T14:10:00+09:00</references>"
        )
        #expect(try await sign.request("/alerts", method: "POST", token: Self.token, body: cancel).0 == 202)
        _ = try await sign.waitForScreen("the board after the calm screen", DaemonEndToEndTests.isBoard)

        sign.kill()
        try sign.start()
        _ = try await sign.waitForScreen("the board", DaemonEndToEndTests.isBoard)
        // The original alert again, byte for byte (a feed replaying, a relay publishing again): already cancelled.
        let (replayed, body) = try await sign.request("/alerts", method: "POST", token: Self.token, body: original)
        #expect(replayed == 202)
        // Already seen (`duplicate`), or older than the cancel that ended its thread (`stale`): never added.
        let outcome = String(decoding: body, as: UTF8.self)
        #expect(
            outcome.contains("\"outcome\":\"duplicate\"") || outcome.contains("\"outcome\":\"stale\""),
            "\(outcome)")
        try await Task.sleep(for: .seconds(1))
        #expect(DaemonEndToEndTests.isBoard(try await sign.screen()))
        #expect(try await Self.health(sign).1["alertsInForce"] as? Int == 0)
        sign.stop()
    }

    @Test func anAlertThatExpiredWhileTheSignWasDownIsNotRestored() async throws {
        let sign = try Sign()
        try sign.start()
        _ = try await sign.waitForScreen("the board", DaemonEndToEndTests.isBoard)
        let expires = Date().addingTimeInterval(8)
        let push = Self.alert(id: "e1", expires: expires)
        #expect(try await sign.request("/alerts", method: "POST", token: Self.token, body: push).0 == 202)
        _ = try await sign.waitForScreen("the emergency screen", DaemonEndToEndTests.isEmergency)
        try #require(try await Self.health(sign).1["alertsInForce"] as? Int == 1)
        sign.kill()
        try await Task.sleep(for: .seconds(max(0, expires.timeIntervalSinceNow) + 1))

        try sign.start()
        let log = try String(contentsOf: sign.log, encoding: .utf8)
        #expect(log.contains("0 in force (1 expired meanwhile)"), "\(log.suffix(2000))")
        _ = try await sign.waitForScreen("the board", DaemonEndToEndTests.isBoard)
        #expect(try await Self.health(sign).1["alertsInForce"] as? Int == 0)
        sign.stop()
    }

    @Test func deletedEmergencyLayoutsAndSIGHUPLeaveTheEmergencyOnScreen() async throws {
        let sign = try Sign()
        try sign.start()
        _ = try await sign.waitForScreen("the board", DaemonEndToEndTests.isBoard)
        #expect(
            try await sign.request("/alerts", method: "POST", token: Self.token, body: Self.alert(id: "h1")).0 == 202)
        _ = try await sign.waitForScreen("the emergency screen", DaemonEndToEndTests.isEmergency)
        let layouts = sign.directory.appendingPathComponent("Layouts")
        for file in try FileManager.default.contentsOfDirectory(atPath: layouts.path) where file.hasPrefix("emergency")
        {
            try FileManager.default.removeItem(at: layouts.appendingPathComponent(file))
        }
        let pid = try #require(sign.process?.processIdentifier)
        #expect(Glibc.kill(pid, SIGHUP) == 0)
        var health: [String: Any] = [:]
        for _ in 0..<50 {
            health = try await Self.health(sign).1
            if let emergency = health["emergency"] as? [String: Any],
                (emergency["fallbacks"] as? [String: String])?["emergency"] != nil
            {
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let emergency = try #require(health["emergency"] as? [String: Any])
        #expect(emergency["ready"] as? Bool == true)
        #expect((emergency["fallbacks"] as? [String: String])?["emergency"]?.contains("missing") == true, "\(health)")
        #expect(DaemonEndToEndTests.isEmergency(try await sign.screen()))
        #expect(health["showing"] as? String == "emergency")
        sign.stop()
    }

    @Test func withoutAnyEmergencyFileTheBuiltInScreensTakeOver() async throws {
        let sign = try Sign()
        let layouts = sign.directory.appendingPathComponent("Layouts")
        for file in try FileManager.default.contentsOfDirectory(atPath: layouts.path) where file.hasPrefix("emergency")
        {
            try FileManager.default.removeItem(at: layouts.appendingPathComponent(file))
        }
        try sign.start()
        _ = try await sign.waitForScreen("the board", DaemonEndToEndTests.isBoard)
        #expect(
            try await sign.request("/alerts", method: "POST", token: Self.token, body: Self.alert(id: "b1")).0 == 202)
        _ = try await sign.waitForScreen("the built-in emergency screen", DaemonEndToEndTests.isEmergency)
        var (status, health) = try await Self.health(sign)
        // Right after the takeover a data file check may still be under way: allow the loop a moment.
        for _ in 0..<50 where status != 200 {
            try await Task.sleep(for: .milliseconds(200))
            (status, health) = try await Self.health(sign)
        }
        #expect(status == 200, "\(health["reasons"] ?? "")")
        let fallbacks = (health["emergency"] as? [String: Any])?["fallbacks"] as? [String: String]
        #expect(fallbacks?["emergency-earthquake"]?.contains("built-in") == true, "\(health)")
        sign.stop()
    }

    @Test func aRejectedDataFileShowsInHealth() async throws {
        let sign = try Sign()
        try sign.start()
        _ = try await sign.waitForScreen("the board", DaemonEndToEndTests.isBoard)
        try Data("{\"spots\": [".utf8).write(to: sign.directory.appendingPathComponent("data.json"))
        var file: [String: Any]?
        for _ in 0..<50 where file?["lastError"] == nil {
            try await Task.sleep(for: .milliseconds(200))
            let sources = try await Self.health(sign).1["sources"] as? [[String: Any]] ?? []
            file = sources.first { $0["name"] as? String == "file" }
        }
        #expect(file?["lastError"] as? String != nil, "\(String(describing: file))")
        #expect(file?["stale"] as? Bool == false, "the last success is seconds old")
        #expect(file?["staleAfterSeconds"] as? Double == 600)
        sign.stop()
    }
}

extension DaemonEndToEndTests.Sign {
    /// `kill -9`: no shutdown, nothing flushed; what survives is what was already on disk.
    func kill() {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// The HTTP door stays open for the pusher and the health check, whoever else connects.
@Suite(.serialized) struct ConnectionBoundsTests {
    typealias Sign = DaemonEndToEndTests.Sign

    /// A TCP connection to the sign that sends `text` (maybe nothing) and then waits.
    static func connect(port: Int, sending text: String = "") -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        if !text.isEmpty { _ = text.withCString { send(fd, $0, strlen($0), 0) } }
        return fd
    }

    /// Moves a descriptor to 2048 or above, so that the tests running beside this one (same
    /// process) keep getting low numbers.
    static func moveHigh(_ fd: Int32) -> Int32 {
        let high = fcntl(fd, F_DUPFD_CLOEXEC, 2048)
        guard high >= 0 else { return fd }
        close(fd)
        return high
    }

    @Test func elevenHundredIdleConnectionsUnderUlimit1024LeaveThePushAndHealthAnswering() async throws {
        // This process needs room for its own 1,100 ends.
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 4096 {
            limit.rlim_cur = min(limit.rlim_max, 4096)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        try #require(limit.rlim_cur >= 1200, "the test needs 1,200 open files")
        let sign = try Sign()
        sign.shellPrelude = "ulimit -n 1024"
        try sign.start()
        _ = try await sign.waitForScreen("the board", DaemonEndToEndTests.isBoard)
        var idle: [Int32] = []
        defer { for fd in idle { close(fd) } }
        for _ in 0..<1100 {
            if let fd = Self.connect(port: sign.port) { idle.append(Self.moveHigh(fd)) }
        }
        #expect(idle.count == 1100)
        let push = EmergencyPathTests.alert(id: "n1")
        let (accepted, _) = try await sign.request(
            "/alerts", method: "POST", token: DaemonEndToEndTests.token, body: push)
        #expect(accepted == 202)
        // The kernel finished the handshakes; the sign accepts the backlog a little later on a busy machine.
        var connections: [String: Int] = [:]
        var status = 0
        let deadline = Date().addingTimeInterval(20)
        repeat {
            let (code, health) = try await EmergencyPathTests.health(sign)
            status = code
            connections = try #require(health["connections"] as? [String: Int])
            if (connections["shed"] ?? 0) >= 1100 - 512 { break }
            try await Task.sleep(for: .milliseconds(200))
        } while Date() < deadline
        #expect(status == 200)
        #expect((connections["limit"] ?? .max) <= 512, "half of 1024")
        #expect((connections["shed"] ?? 0) >= 1100 - 512, "\(connections)")
        #expect((connections["open"] ?? 0) <= 512)
        _ = try await sign.waitForScreen("the emergency screen", DaemonEndToEndTests.isEmergency)
        sign.stop()
    }

    @Test func aHalfSentRequestIsClosed() async throws {
        let sign = try Sign()
        try sign.start()
        let fd = try #require(Self.connect(port: sign.port, sending: "GET /healthz HTTP/1.1\r\nHost: sign\r\nX-Slow: "))
        defer { close(fd) }
        // The server closes it after its request-head timeout (10 s): the read ends with 0 bytes.
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 512)
        let started = Date()
        var count = recv(fd, &buffer, buffer.count, 0)
        while count > 0 { count = recv(fd, &buffer, buffer.count, 0) }  // a 408, if any, then the close
        #expect(count == 0, "closed by the server, not timed out here")
        #expect(Date().timeIntervalSince(started) < 55)
        #expect(try await sign.request("/healthz").0 == 200)
        sign.stop()
    }
}
