import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuFleet
import KosatsuMQTT
import KosatsuPipeline
import KosatsuPlatform
import KosatsuRender
import Logging
import ServiceLifecycle

/// The sign as a member of the city's fleet over MQTT: listens to its topics (Orion notifications,
/// relayed JMA / CAP telegrams) and feeds them through the paths the HTTP push uses; says what it
/// shows on a retained status topic (the broker's last will says `offline`); answers `screenshot`
/// on its command topic; optionally keeps a `Device` entity on the data platform.
///
/// The broker is never the sign's only way to know: a sign whose broker is down keeps its cached
/// data, its own polling and its HTTP push, and the connection is retried with jittered backoff.
struct FleetService: Service {
    let fleet: FleetConfiguration
    let report: SignReport
    let state: SignState
    /// The data platform source notifications go to (nil: the sign reads a file; alert entities
    /// then go straight to the board, others are ignored).
    let platform: PlatformSource?
    let logger: Logger

    init(
        fleet: FleetConfiguration, sign: SignConfiguration, state: SignState, pipeline: FramePipeline,
        images: PreviewImages, screen: ScreenStatus, onScreen: OnScreen, output: String, platform: PlatformSource?,
        logger: Logger
    ) {
        self.fleet = fleet
        self.report = SignReport(
            configuration: sign, state: state, pipeline: pipeline, images: images, screen: screen, onScreen: onScreen,
            id: fleet.connection.clientID, output: output, startedAt: Date())
        self.state = state
        self.platform = platform
        self.logger = logger
    }

    func run() async throws {
        let client = MQTTClient(options: fleet.connection, logger: logger)
        do {
            try await client.start()
        } catch {
            // A client that cannot even be made (a bad CA file): the sign goes on without the fleet.
            logger.error("mqtt: \(error); the sign runs without its broker")
            try? await gracefulShutdown()
            return
        }
        let topics = fleet.topics.map(\.topic)
        await client.subscribe(topics + [fleet.fleetTopics.command])
        logger.info(
            "mqtt: \(fleet.connection.broker) as \(fleet.connection.clientID), topics \(topics.joined(separator: ", ")), status on \(fleet.fleetTopics.status)"
        )
        let (wake, ring) = AsyncStream.makeStream(of: Wake.self, bufferingPolicy: .bufferingNewest(8))
        await withDiscardingTaskGroup { group in
            group.addTask { await listen(client, ring: ring) }
            group.addTask {
                for await _ in await report.onScreen.changes() { ring.yield(.screen) }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    ring.yield(.tick)
                }
            }
            group.addTask { await publishStatus(client, wake: wake) }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        ring.finish()
        let farewell = SignStatus.offline(id: fleet.connection.clientID, sign: report.configuration.name, at: Date())
        await client.stop(
            farewell: MQTTMessage(topic: fleet.fleetTopics.status, payload: farewell.json, retained: true))
    }

    enum Wake: Sendable {
        case screen, tick, connected
    }

    // MARK: Incoming

    private func listen(_ client: MQTTClient, ring: AsyncStream<Wake>.Continuation) async {
        var router = PayloadRouter(platform: platform, state: state, policy: report.configuration.takeover)
        var problems = ProblemLog()
        var lastScreenshot = Date.distantPast
        for await event in client.events {
            switch event {
            case .connected:
                ring.yield(.connected)
            case .message(let message) where message.topic == fleet.fleetTopics.command:
                await command(message, client: client, lastScreenshot: &lastScreenshot, problems: &problems)
            case .message(let message):
                await router.route(message, logger: logger, problems: &problems)
            case .oversized(let topic, let bytes):
                problems.report(
                    "mqtt \(topic): refused a payload of \(bytes) bytes (over the limit of \(fleet.connection.maximumPayload))",
                    key: topic + " oversized", logger: logger)
            case .refused, .unreachable, .subscriptionRefused:
                break  // the client logs these
            }
        }
    }

    /// `screenshot` (or `{"command": "screenshot", "width": 480}`): the frame on screen, reduced,
    /// on `PREFIX/ID/screenshot`. At most one every 5 s.
    private func command(
        _ message: MQTTMessage, client: MQTTClient, lastScreenshot: inout Date, problems: inout ProblemLog
    ) async {
        let text = String(decoding: message.payload.prefix(4096), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var name = text
        var width = 480
        if text.hasPrefix("{"), let json = try? JSONParser.parse(Array(text.utf8)) {
            name = json["command"]?.string ?? ""
            if let asked = json["width"]?.number, asked.isFinite { width = min(max(Int(asked), 32), 1920) }
        }
        guard name == "screenshot" else {
            problems.report(
                "mqtt \(message.topic): unknown command '\(name.prefix(40))'; expected screenshot", key: message.topic,
                logger: logger)
            return
        }
        let now = Date()
        guard now.timeIntervalSince(lastScreenshot) >= 5 else { return }
        lastScreenshot = now
        do {
            let png = try PNGThumbnail.make(from: try await report.images.screenshot(), width: width)
            try await client.publish(fleet.fleetTopics.screenshot, Array(png))
            logger.info("mqtt: screenshot (\(png.count) bytes) sent on \(fleet.fleetTopics.screenshot)")
        } catch {
            logger.warning("mqtt: screenshot not sent: \(error)")
        }
    }

    // MARK: Outgoing

    /// Publishes the status when what the city must see changes, at (re)connection, and every
    /// `statusInterval`; upserts the Device entity when asked to.
    private func publishStatus(_ client: MQTTClient, wake: AsyncStream<Wake>) async {
        var lastKey: [String]?
        var lastPublished = Date.distantPast
        var device = DeviceReporter(fleet: fleet, platform: platform, logger: logger)
        for await reason in wake {
            let now = Date()
            let status = await report.status(at: now)
            await device.update(status, sign: report.configuration, now: now)
            let due = now.timeIntervalSince(lastPublished) >= fleet.statusInterval.seconds
            guard reason == .connected || status.changeKey != lastKey || due else { continue }
            do {
                try await client.publish(fleet.fleetTopics.status, status.json, retain: true)
                lastKey = status.changeKey
                lastPublished = now
            } catch {
                // Not connected: the next connection publishes it.
                logger.debug("mqtt: status not published: \(error)")
            }
        }
    }
}

/// Turns MQTT payloads into what the sign's existing paths take: notifications to the platform
/// source (the mapping the HTTP client uses), alert entities and JMA / CAP telegrams to the board.
struct PayloadRouter {
    let platform: PlatformSource?
    let state: SignState
    let policy: TakeoverPolicy
    private var alertEntities = FleetAlertEntities()
    private var unmappedTypes: Set<String> = []

    init(platform: PlatformSource?, state: SignState, policy: TakeoverPolicy) {
        self.platform = platform
        self.state = state
        self.policy = policy
    }

    mutating func route(_ message: MQTTMessage, logger: Logger, problems: inout ProblemLog) async {
        let payload: FleetPayload
        do {
            payload = try FleetPayload.read(message.payload, topic: message.topic)
        } catch {
            problems.report("\(error); ignored", key: message.topic, logger: logger)
            return
        }
        let now = Date()
        switch payload {
        case .empty:
            return
        case .alerts(let alerts):
            logger.info("mqtt \(message.topic): \(alerts.map(\.id).joined(separator: ", "))")
            await state.receive(alerts, at: now)
        case .notification(let json, let entities):
            var direct: [NGSIEntity] = []
            for entity in entities {
                let kind = platform?.config.kind(ofType: entity.type)
                if kind == .alerts { continue }  // the platform source hands them to the board
                if FleetAlertEntities.types.contains(entity.type) {
                    direct.append(entity)
                } else if kind == nil, !unmappedTypes.contains(entity.type) {
                    unmappedTypes.insert(entity.type)
                    logger.notice(
                        "mqtt \(message.topic): \(entity.type) entities are not read by this sign (no platform mapping for the type)"
                    )
                }
            }
            if let platform, entities.contains(where: { platform.config.kind(ofType: $0.type) != nil }) {
                do {
                    let changed = try await platform.receive(notification: json, attrsFormat: "normalized")
                    logger.debug("mqtt \(message.topic): \(changed) entities applied")
                } catch {
                    problems.report(
                        "mqtt \(message.topic): \(error.message); ignored", key: message.topic, logger: logger)
                }
            }
            let (alerts, troubles) = alertEntities.alerts(in: direct, topic: message.topic)
            for trouble in troubles {
                problems.report("mqtt \(message.topic): \(trouble); ignored", key: message.topic, logger: logger)
            }
            if !alerts.isEmpty { await state.receive(alerts, at: now) }
        }
    }
}

/// Keeps the sign's `Device` entity on the data platform: upserted when the state or what is
/// shown changes, and every `deviceInterval`. Failures are logged once per kind and retried.
struct DeviceReporter {
    let fleet: FleetConfiguration
    let platform: PlatformSource?
    let logger: Logger
    private var lastKey: [String]?
    private var last = Date.distantPast
    private var lastError: String?

    init(fleet: FleetConfiguration, platform: PlatformSource?, logger: Logger) {
        self.fleet = fleet
        self.platform = platform
        self.logger = logger
    }

    mutating func update(_ status: SignStatus, sign: SignConfiguration, now: Date) async {
        guard fleet.device, let platform else { return }
        let key = [status.state.rawValue, status.showing?.rawValue ?? ""]
        guard key != lastKey || now.timeIntervalSince(last) >= fleet.deviceInterval.seconds else { return }
        // Retried at the next minute when it fails, not at every tick.
        if key == lastKey, lastError != nil, now.timeIntervalSince(last) < 60 { return }
        last = now
        let entity = DeviceEntity.entity(
            status, latitude: sign.latitude, longitude: sign.longitude, flavour: platform.config.flavour)
        do {
            try await platform.client.upsert([entity])
            lastKey = key
            if lastError != nil { logger.notice("device: the Device entity is upserted again") }
            lastError = nil
        } catch {
            if lastError != error.message { logger.warning("device: Device entity not upserted: \(error.message)") }
            lastError = error.message
        }
    }
}
