import Foundation
import KosatsuFleet
import KosatsuMQTT
import Logging
import Testing

/// A real mosquitto (Debian's, installed by scripts/deps.sh) on a free loopback port, started by
/// the test in a folder of its own, with persistence so a restart keeps sessions and retained
/// messages as a city's broker does.
final class Mosquitto: @unchecked Sendable {
    let directory: URL
    /// Chosen free, but another test may bind it first: the first start moves to another then.
    private(set) var port: Int
    private(set) var process: Process?
    private var hasStarted = false
    /// `user → password`; empty: anonymous clients allowed.
    let users: [String: String]
    let tls: TLSFiles?

    struct TLSFiles {
        var ca: URL
        var certificate: URL
        var key: URL
    }

    static let binary: String? = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    init(users: [String: String] = [:], tls: Bool = false, port: Int? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-mosquitto-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.port = try port ?? FreePort.take()
        self.users = users
        self.tls = tls ? try Self.makeCertificates(in: directory) : nil
        try writeConfiguration()
    }

    private func writeConfiguration() throws {
        var lines = [
            "listener \(port) 127.0.0.1",
            "persistence true",
            "persistence_location \(directory.path)/",
            "autosave_interval 1",
            "log_dest file \(directory.path)/mosquitto.log",
            "log_type error", "log_type warning", "log_type notice", "log_type information",
            "max_queued_messages 1000",
            // Stays the user that started it (root in CI), so it can read and write this folder.
            "user \(NSUserName())",
        ]
        if let tls = self.tls {
            lines += ["cafile \(tls.ca.path)", "certfile \(tls.certificate.path)", "keyfile \(tls.key.path)"]
        }
        if users.isEmpty {
            lines.append("allow_anonymous true")
        } else {
            let file = directory.appendingPathComponent("passwords")
            if FileManager.default.fileExists(atPath: file.path) { try FileManager.default.removeItem(at: file) }
            try "".write(to: file, atomically: true, encoding: .utf8)
            for (user, password) in users {
                try Self.run("/usr/bin/mosquitto_passwd", ["-b", file.path, user, password])
            }
            lines += ["allow_anonymous false", "password_file \(file.path)"]
        }
        try lines.joined(separator: "\n").appending("\n").write(
            to: directory.appendingPathComponent("mosquitto.conf"), atomically: true, encoding: .utf8)
    }

    var url: String { "\(tls == nil ? "mqtt" : "mqtts")://127.0.0.1:\(port)" }
    var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("mosquitto.log"), encoding: .utf8)) ?? ""
    }

    /// Starts it and waits until it says it is running. A port another test took meanwhile (free
    /// ports are only free when chosen) moves the first start to another one.
    func start() throws {
        guard let binary = Self.binary else { throw TestFailure("mosquitto is not installed: run scripts/deps.sh") }
        for _ in 0..<5 {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent("mosquitto.log"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["-c", directory.appendingPathComponent("mosquitto.conf").path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try launch(process)
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, process.isRunning, !log.contains(" running") {
                Thread.sleep(forTimeInterval: 0.02)
            }
            if process.isRunning, log.contains(" running"), FreePort.accepts(port) {
                self.process = process
                hasStarted = true
                return
            }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            guard !hasStarted, log.contains("Address already in use") else {
                throw TestFailure("mosquitto did not start on \(port): \(log)")
            }
            port = try FreePort.take()
            try writeConfiguration()
        }
        throw TestFailure("mosquitto found no free port")
    }

    /// Stops it as an operator would (SIGTERM: it saves its state).
    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A CA and a server certificate for 127.0.0.1, made with openssl.
    static func makeCertificates(in directory: URL) throws -> TLSFiles {
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        try run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Kosatsu test CA",
                "-keyout", path("ca.key"), "-out", path("ca.pem"),
            ])
        try run(
            "/usr/bin/openssl",
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", path("server.key"),
                "-out", path("server.csr"),
            ])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(
            toFile: path("san.ext"), atomically: true, encoding: .utf8)
        try run(
            "/usr/bin/openssl",
            [
                "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                "-CAcreateserial", "-days", "2", "-extfile", path("san.ext"), "-out", path("server.pem"),
            ])
        return TLSFiles(
            ca: directory.appendingPathComponent("ca.pem"), certificate: directory.appendingPathComponent("server.pem"),
            key: directory.appendingPathComponent("server.key"))
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure(
                "\(executable) \(arguments.joined(separator: " ")): \(String(decoding: data, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A test's own MQTT client (KosatsuMQTT), recording what arrives.
actor Listener {
    let client: MQTTClient
    private(set) var messages: [MQTTMessage] = []
    private(set) var events: [MQTTEvent] = []
    private var reader: Task<Void, Never>?

    init(_ broker: Mosquitto, id: String = "test-\(UUID().uuidString.prefix(8))", persistent: Bool = false) throws {
        guard case .success(let url) = MQTTBrokerURL.parse(broker.url) else { throw TestFailure("bad url") }
        var options = MQTTOptions(broker: url, clientID: id)
        options.persistentSession = persistent
        options.reconnectMaximum = .seconds(2)
        options.caFile = broker.tls?.ca.path
        if let (user, password) = broker.users.first {
            options.username = user
            options.password = password
        }
        client = MQTTClient(options: options, logger: Logger(label: "test.listener"))
    }

    func start(_ filters: [String]) async throws {
        try await client.start()
        await client.subscribe(filters)
        let events = client.events
        reader = Task { [weak self] in
            for await event in events { await self?.record(event) }
        }
        try await waitUntil("the listener connected", timeout: 10) { await self.client.isConnected }
        // The broker acknowledges the subscription before anything published afterwards reaches it.
        try await Task.sleep(for: .milliseconds(200))
    }

    private func record(_ event: MQTTEvent) {
        events.append(event)
        if case .message(let message) = event { messages.append(message) }
    }

    func statuses(on topic: String) -> [SignStatus] {
        messages.filter { $0.topic == topic }.compactMap { try? SignStatus.read($0.payload) }
    }

    func stop() async {
        await client.stop()
        reader?.cancel()
    }
}

/// Starts `process` with no signal blocked. A child inherits the mask of the thread that spawns
/// it, and the test runner's threads may block SIGTERM: `terminate()` would then do nothing.
func launch(_ process: Process) throws {
    final class Outcome: @unchecked Sendable { var error: (any Error)? }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        var empty = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, nil)
        do { try process.run() } catch { outcome.error = error }
        done.signal()
    }
    thread.start()
    done.wait()
    if let error = outcome.error { throw error }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeout` seconds pass; fails the test with `what` then.
/// `context` is added to the failure (a sign's log). `timeout` is what a quiet machine needs; a
/// 2-core CI machine running every suite at once gets four times as long (a pass returns at once).
func waitUntil(
    _ what: String, timeout: TimeInterval, context: @Sendable () -> String = { "" },
    _ condition: @Sendable () async throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(timeout * 4)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    let holds = try await condition()
    #expect(holds, "waited \(Int(timeout * 4)) s for: \(what)\n\(context())")
    if !holds { throw TestFailure("timed out waiting for: \(what)") }
}

/// Free loopback ports, found by binding port 0.
enum FreePort {
    static func take() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestFailure("no socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw TestFailure("cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
