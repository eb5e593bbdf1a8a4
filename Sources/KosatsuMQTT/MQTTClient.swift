import Foundation
public import Logging

/// One MQTT connection, owned by one actor: it starts libmosquitto's network thread, turns what
/// that thread reports into `events` (an `AsyncStream`, so Swift code reads them with `for await`),
/// subscribes again at every connection, and publishes at QoS 1.
///
/// The connection looks after itself: a lost or refused connection is retried with jittered
/// backoff until `stop()`; callers only read `events` and publish.
public actor MQTTClient {
    public nonisolated let options: MQTTOptions
    /// Everything that happens, in order. Read by one consumer.
    public nonisolated let events: AsyncStream<MQTTEvent>
    private let output: AsyncStream<MQTTEvent>.Continuation
    private let logger: Logger
    private var link: MQTTLink?
    private var pump: Task<Void, Never>?
    /// Filters to hold, sent again at every connection (a kept session has them already, but a
    /// broker restarted without persistence has not).
    private var filters: [String] = []
    private var subscribing: [Int32: String] = [:]
    private var acknowledgements: [Int32: CheckedContinuation<Void, any Error>] = [:]
    public private(set) var isConnected = false
    /// The last failure logged, so an outage is one line, not one per retry.
    private var lastProblem: String?
    private var failures = 0
    /// Set by a refusal, so the disconnect that follows it is not logged a second time.
    private var refusedLast = false

    public init(options: MQTTOptions, logger: Logger) {
        self.options = options
        self.logger = logger
        (events, output) = AsyncStream.makeStream(of: MQTTEvent.self, bufferingPolicy: .bufferingNewest(4096))
    }

    /// Starts connecting (in the background) and keeps at it until `stop()`.
    public func start() throws(MQTTError) {
        guard link == nil else { return }
        let (raw, feed) = AsyncStream.makeStream(of: LinkEvent.self, bufferingPolicy: .bufferingNewest(4096))
        let link = try MQTTLink(options: options) { feed.yield($0) }
        self.link = link
        pump = Task { [weak self] in
            for await event in raw {
                guard let self else { return }
                await self.handle(event)
            }
        }
        link.start()
    }

    /// Holds `filters` at QoS 1 from now on (at once when connected, else at the next connection).
    public func subscribe(_ filters: [String]) {
        let new = filters.filter { !self.filters.contains($0) }
        self.filters += new
        if isConnected { send(new) }
    }

    /// Publishes at QoS 1 without waiting for the broker's acknowledgement.
    /// - Throws: `.notConnected` while there is no connection (nothing is queued).
    public func publish(_ topic: String, _ payload: [UInt8], retain: Bool = false, expiry: Duration? = nil)
        throws(MQTTError)
    {
        guard let link, isConnected else {
            throw MQTTError(.notConnected, "not connected to \(options.broker): \(topic) not published")
        }
        _ = try link.publish(topic, payload, retain: retain, expiry: expiry)
    }

    /// Publishes at QoS 1 and returns once the broker has acknowledged it.
    /// - Throws: `.notConnected`, `.timedOut` (the connection may be gone: publish again), or `.stopped`.
    public func publishAcknowledged(
        _ topic: String, _ payload: [UInt8], retain: Bool = false, expiry: Duration? = nil,
        timeout: Duration = .seconds(10)
    ) async throws(MQTTError) {
        guard let link, isConnected else {
            throw MQTTError(.notConnected, "not connected to \(options.broker): \(topic) not published")
        }
        let mid = try link.publish(topic, payload, retain: retain, expiry: expiry)
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.settle(mid, MQTTError(.timedOut, "no acknowledgement for \(topic) within \(timeout)"))
        }
        defer { timer.cancel() }
        do {
            try await withCheckedThrowingContinuation { continuation in acknowledgements[mid] = continuation }
        } catch let error as MQTTError {
            throw error
        } catch {
            throw MQTTError(.library, "\(error)")
        }
    }

    /// Optionally publishes `farewell` (retained status, say), then disconnects cleanly (the broker
    /// does not send the will) and ends `events`.
    public func stop(farewell: MQTTMessage? = nil) async {
        if let farewell, isConnected {
            try? await publishAcknowledged(
                farewell.topic, farewell.payload, retain: farewell.retained, timeout: .seconds(2))
        }
        await link?.stop(timeout: .seconds(3))
        for (mid, _) in acknowledgements { settle(mid, MQTTError(.stopped, "the client stopped")) }
        pump?.cancel()
        isConnected = false
        output.finish()
    }

    private func settle(_ mid: Int32, _ error: MQTTError?) {
        guard let continuation = acknowledgements.removeValue(forKey: mid) else { return }
        if let error { continuation.resume(throwing: error) } else { continuation.resume() }
    }

    private func send(_ filters: [String]) {
        guard let link else { return }
        for filter in filters {
            do {
                subscribing[try link.subscribe(filter)] = filter
            } catch {
                logger.warning("mqtt: \(error)")
            }
        }
    }

    private func handle(_ event: LinkEvent) {
        switch event {
        case .connected(let sessionPresent):
            isConnected = true
            let after = failures > 1 ? " after \(failures) tries" : ""
            logger.notice(
                "mqtt: connected to \(options.broker) as \(options.clientID)\(after) (\(sessionPresent ? "session kept" : "new session"))"
            )
            lastProblem = nil
            failures = 0
            refusedLast = false
            send(filters)
            output.yield(.connected(sessionPresent: sessionPresent))
        case .refused(let reason):
            report("\(options.broker) refused \(options.clientID): \(reason); retrying with backoff", level: .error)
            refusedLast = true
            output.yield(.refused(reason))
        case .disconnected(let reason, let delay):
            let wasConnected = isConnected
            isConnected = false
            failures += 1
            // Unacknowledged QoS 1 messages are resent by the library on the next connection, but
            // whoever waits for them is told now: it may publish again (a duplicate is harmless).
            for mid in Array(acknowledgements.keys) {
                settle(mid, MQTTError(.notConnected, "the connection ended before the acknowledgement"))
            }
            let text =
                wasConnected
                ? "lost the connection to \(options.broker) (\(reason))"
                : "cannot connect to \(options.broker) (\(reason))"
            if refusedLast {
                logger.debug("mqtt: \(text); next try in \(delay)")
            } else {
                report(text + "; retrying with backoff", level: .warning, detail: "next try in \(delay)")
            }
            refusedLast = false
            output.yield(.unreachable(reason, retryIn: delay))
        case .message(let message):
            output.yield(.message(message))
        case .oversized(let topic, let bytes):
            output.yield(.oversized(topic: topic, bytes: bytes))
        case .subscribed(let mid, let granted):
            guard let filter = subscribing.removeValue(forKey: mid) else { return }
            if granted.contains(where: { $0 >= 0x80 }) {
                logger.error("mqtt: \(options.broker) refused the subscription to \(filter) (check the broker's ACL)")
                output.yield(.subscriptionRefused([filter]))
            } else {
                logger.debug("mqtt: subscribed to \(filter)")
            }
        case .published(let mid, let reason):
            settle(mid, reason >= 0x80 ? MQTTError(.library, "the broker refused the message (reason \(reason))") : nil)
        }
    }

    /// Logs a connection problem when it differs from the last one; repeats go to debug.
    private func report(_ text: String, level: Logger.Level, detail: String = "") {
        let key = text
        if key == lastProblem {
            logger.debug("mqtt: \(text) \(detail)")
        } else {
            logger.log(level: level, "mqtt: \(text)\(detail.isEmpty ? "" : " (\(detail))")")
            lastProblem = key
        }
    }
}
