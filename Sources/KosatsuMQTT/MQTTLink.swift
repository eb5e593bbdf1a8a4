import CMosquitto
import Foundation
import KosatsuPlatform

/// What the network thread hands to the client actor.
enum LinkEvent: Sendable {
    case connected(sessionPresent: Bool)
    case refused(String)
    case disconnected(String, retryIn: Duration)
    case message(MQTTMessage)
    case oversized(topic: String, bytes: Int)
    case subscribed(mid: Int32, granted: [Int32])
    case published(mid: Int32, reason: Int32)
}

/// One libmosquitto client and the thread that runs its network loop: connects (blocking: DNS,
/// TCP, TLS), runs the network loop (`CMosquitto_loop`: poll, not select, so any descriptor
/// number works) until the connection ends, waits a jittered backoff, and connects again, until
/// stopped. Callbacks fire on that thread and go out through `emit`.
///
/// `@unchecked Sendable`: the handle lives from `init` to `deinit` (after the thread has
/// returned, since the thread holds the link); in between libmosquitto, told it is threaded,
/// guards itself, so publishing and subscribing from the actor while the thread loops is the use
/// it documents. `stopping` is guarded by `condition`.
final class MQTTLink: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Wakes the network loop when the actor queues a packet or asks it to stop.
    private let waker: Int32
    private let sink: EventSink
    let options: MQTTOptions
    private let condition = NSCondition()
    private var stopping = false
    private var ended = false

    /// libmosquitto's global set-up (not thread-safe itself; a static runs once).
    private static let library: Int32 = mosquitto_lib_init()

    init(options: MQTTOptions, emit: @escaping @Sendable (LinkEvent) -> Void) throws(MQTTError) {
        _ = Self.library
        self.options = options
        sink = EventSink(emit: emit, maximumPayload: options.maximumPayload, version: options.version)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        guard
            let handle = CMosquitto_new(
                options.clientID, !options.persistentSession,
                { event, context in
                    guard let event, let context else { return }
                    Unmanaged<EventSink>.fromOpaque(context).takeUnretainedValue().handle(event.pointee)
                }, context)
        else {
            throw MQTTError(.library, "cannot create an MQTT client: \(String(cString: strerror(errno)))")
        }
        let waker = CMosquitto_waker_open()
        guard waker >= 0 else {
            CMosquitto_destroy(handle)
            throw MQTTError(.library, "cannot create an MQTT client: \(String(cString: strerror(errno)))")
        }
        self.handle = handle
        self.waker = waker
        mosquitto_threaded_set(handle, true)
        let level = options.version == .v5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311
        try check(mosquitto_int_option(handle, MOSQ_OPT_PROTOCOL_VERSION, level), "the protocol version")
        if options.broker.usesTLS {
            // The system's authorities, plus the city's own when given.
            try check(mosquitto_int_option(handle, MOSQ_OPT_TLS_USE_OS_CERTS, 1), "the system's certificates")
            if let caFile = options.caFile {
                try check(mosquitto_tls_set(handle, caFile, nil, nil, nil, nil), "the CA file \(caFile)")
            }
        }
        if let will = options.will {
            try check(
                mosquitto_will_set(handle, will.topic, Int32(will.payload.count), will.payload, 1, will.retain),
                "the last will")
        }
    }

    deinit {
        CMosquitto_destroy(handle)
        close(waker)
    }

    private func check(_ code: Int32, _ what: String) throws(MQTTError) {
        guard code == Self.success else {
            throw MQTTError(.library, "cannot set \(what): \(Self.describe(code))")
        }
    }

    static let success = Int32(MOSQ_ERR_SUCCESS.rawValue)

    /// libmosquitto's words for an error code (the system's for MOSQ_ERR_ERRNO).
    static func describe(_ code: Int32) -> String {
        if code == Int32(MOSQ_ERR_ERRNO.rawValue) { return String(cString: strerror(errno)) }
        return String(cString: mosquitto_strerror(code))
    }

    // MARK: The network thread

    func start() {
        let thread = Thread { [self] in runNetwork() }
        thread.name = "kosatsu-mqtt"
        thread.start()
    }

    /// Asks the thread to say goodbye (DISCONNECT: no will) and end; returns when it has, or after
    /// `timeout` (a connect stuck on a black-holed network ends by itself later).
    func stop(timeout: Duration) async {
        requestStop()
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !hasEnded {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func requestStop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        CMosquitto_waker_ring(waker)
    }

    private var hasEnded: Bool {
        condition.lock()
        defer { condition.unlock() }
        return ended
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    private func runNetwork() {
        var backoff = Backoff(initial: options.reconnectInitial, maximum: options.reconnectMaximum)
        let keepalive = Int32(clamping: max(5, options.keepalive.components.seconds))
        let expiry = UInt32(clamping: options.persistentSession ? options.sessionExpiry.components.seconds : 0)
        // Room for the topic and properties around the largest payload accepted.
        let packet = UInt32(clamping: options.maximumPayload + 65_536 + 16)
        while !isStopping {
            let password = options.passwordFile.flatMap(Self.password(in:)) ?? options.password
            mosquitto_username_pw_set(handle, options.username, password)
            sink.beginConnection()
            var reason: String
            let code = CMosquitto_connect(
                handle, options.broker.host, Int32(options.broker.port), keepalive, options.version == .v5, expiry,
                packet)
            if code == Self.success {
                var loop = Self.success
                while loop == Self.success, !isStopping {
                    loop = CMosquitto_loop(handle, waker, 1000)
                }
                if isStopping {
                    mosquitto_disconnect(handle)
                    for _ in 0..<20 where CMosquitto_loop(handle, waker, 50) == Self.success {}
                    break
                }
                if sink.wasAccepted { backoff.reset() }
                reason = sink.disconnectReason ?? Self.describe(loop)
            } else {
                reason = Self.describe(code)
            }
            let delay = backoff.nextDelay()
            sink.emit(.disconnected(reason, retryIn: delay))
            condition.lock()
            if !stopping { _ = condition.wait(until: Date().addingTimeInterval(delay.timeInterval)) }
            condition.unlock()
        }
        condition.lock()
        ended = true
        condition.unlock()
    }

    /// The first line of the password file, read at each connection.
    static func password(in path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init)
    }

    // MARK: Calls from the actor (libmosquitto locks them)

    func publish(_ topic: String, _ payload: [UInt8], retain: Bool, expiry: Duration?) throws(MQTTError) -> Int32 {
        var mid: Int32 = 0
        let seconds = UInt32(clamping: expiry?.components.seconds ?? 0)
        let code = payload.withUnsafeBytes { bytes in
            CMosquitto_publish(
                handle, &mid, topic, Int32(bytes.count), bytes.baseAddress, 1, retain, options.version == .v5, seconds)
        }
        guard code == Self.success else {
            throw MQTTError(
                code == Int32(MOSQ_ERR_NO_CONN.rawValue) ? .notConnected : .library,
                "cannot publish on \(topic): \(Self.describe(code))")
        }
        CMosquitto_waker_ring(waker)
        return mid
    }

    func subscribe(_ filter: String) throws(MQTTError) -> Int32 {
        var mid: Int32 = 0
        let code = mosquitto_subscribe(handle, &mid, filter, 1)
        guard code == Self.success else {
            throw MQTTError(
                code == Int32(MOSQ_ERR_NO_CONN.rawValue) ? .notConnected : .library,
                "cannot subscribe to \(filter): \(Self.describe(code))")
        }
        CMosquitto_waker_ring(waker)
        return mid
    }
}

/// Turns libmosquitto's callbacks (on the network thread) into `LinkEvent`s. Its fields are
/// touched only on that thread: `@unchecked Sendable` for the C context pointer.
final class EventSink: @unchecked Sendable {
    let emit: @Sendable (LinkEvent) -> Void
    let maximumPayload: Int
    let version: MQTTVersion
    private(set) var wasAccepted = false
    private(set) var disconnectReason: String?

    init(emit: @escaping @Sendable (LinkEvent) -> Void, maximumPayload: Int, version: MQTTVersion) {
        self.emit = emit
        self.maximumPayload = maximumPayload
        self.version = version
    }

    func beginConnection() {
        wasAccepted = false
        disconnectReason = nil
    }

    func handle(_ event: CMosquittoEvent) {
        let reason = event.reason.map { String(cString: $0) }
        switch event.kind {
        case CMosquittoEventConnect:
            if event.code == 0 {
                wasAccepted = true
                emit(.connected(sessionPresent: event.flags & 1 == 1))
            } else {
                let words =
                    version == .v5
                    ? String(cString: mosquitto_reason_string(event.code))
                    : String(cString: mosquitto_connack_string(event.code))
                disconnectReason = "refused: \(words)"
                emit(.refused([words, reason].compactMap { $0 }.joined(separator: ": ")))
            }
        case CMosquittoEventDisconnect:
            if disconnectReason == nil, event.code != 0 {
                let words =
                    version == .v5 && event.code >= 0x80
                    ? String(cString: mosquitto_reason_string(event.code))
                    : MQTTLink.describe(event.code)
                disconnectReason = [words, reason].compactMap { $0 }.joined(separator: ": ")
            }
        case CMosquittoEventMessage:
            let topic = event.topic.map { String(cString: $0) } ?? ""
            let count = Int(event.payloadlen)
            if count > maximumPayload {
                emit(.oversized(topic: topic, bytes: count))
                return
            }
            var payload = [UInt8](repeating: 0, count: count)
            if count > 0, let bytes = event.payload {
                payload.withUnsafeMutableBytes {
                    $0.copyMemory(from: UnsafeRawBufferPointer(start: bytes, count: count))
                }
            }
            emit(.message(MQTTMessage(topic: topic, payload: payload, retained: event.retain)))
        case CMosquittoEventSubscribe:
            let granted = event.granted.map { list in (0..<Int(event.granted_count)).map { list[$0] } } ?? []
            emit(.subscribed(mid: event.mid, granted: granted))
        case CMosquittoEventPublish:
            emit(.published(mid: event.mid, reason: event.code))
        default:
            break
        }
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
