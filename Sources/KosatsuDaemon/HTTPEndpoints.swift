import Foundation
import HTTPTypes
import Hummingbird
import KosatsuAlertFeeds
import KosatsuAlerts
import KosatsuConfig
import KosatsuData
import KosatsuPipeline
import KosatsuRender
import Logging
import NIOCore
import Prometheus
import Synchronization

/// The sign's HTTP face: the preview page and screenshot, health, metrics, and the push endpoints.
struct HTTPEndpoints: Sendable {
    let state: SignState
    let pipeline: FramePipeline
    let images: PreviewImages
    let screen: ScreenStatus
    /// Viewers of `GET /stream.mjpeg` at once; each holds a connection open.
    let streams = StreamGate(limit: 16)
    let configuration: SignConfiguration
    let registry: PrometheusCollectorRegistry
    let metrics: SignMetrics
    let logger: Logger
    /// The open connections, capped (idle ones shed first).
    var connections = ConnectionTable(limit: 1024)
    /// The loop confirms the screen at least every 10 s; this long without it means it is stuck.
    var stuckAfter: TimeInterval = 60
    /// Largest push body accepted (a JMA telegram is well under this).
    static let maximumBody = 2 << 20
    /// Requests per client address on `POST /alerts`: people and alerting systems, a few a minute.
    var rateLimiter = RateLimiter(burst: 20, perSecond: 2)
    /// Requests that carry the push token, whatever their address: its own bucket, as generous.
    var tokenRateLimiter = RateLimiter(burst: 20, perSecond: 2)
    /// Requests per client address on the other POSTs (`/notify/ngsi`): a broker sends one per
    /// changed entity, so bursts are larger.
    var notificationRateLimiter = RateLimiter(burst: 200, perSecond: 50)

    func router() -> Router<SignRequestContext> {
        let router = Router(context: SignRequestContext.self)
        router.add(
            middleware: RateLimitMiddleware(
                limiter: { $0 == "/alerts" ? rateLimiter : notificationRateLimiter }, tokenLimiter: tokenRateLimiter,
                token: configuration.pushToken.map(BearerToken.init), logger: logger))
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: PreviewPage.html(name: configuration.name))))
        }
        router.get("/screenshot.png") { _, _ in
            // The last presented frame's cached encoding: a client never makes the sign draw or wait.
            let png = try await images.screenshot()
            return Response(
                status: .ok, headers: [.contentType: "image/png", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: png)))
        }
        router.get("/stream.mjpeg") { _, _ in stream() }
        router.get("/healthz") { _, _ in try await health() }
        router.get("/metrics") { _, _ in
            // What the sign holds now is read when scraped; counters and the histogram are kept as they happen.
            let status = pipeline.status
            metrics.alertsInForce(await state.alertsHeld)
            metrics.output(isLit: !status.output.isDark)
            metrics.frameRate(status.framesPerSecond)
            metrics.glyphs(.shared)
            var text = [UInt8]()
            registry.emit(into: &text)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
        router.post("/alerts") { request, context in try await pushAlert(request, remote: context.remoteAddress) }
        return router
    }

    /// `POST /alerts`: a CAP or JMA XML body, only with the sign's bearer token (compared in constant
    /// time); anything else is 401 with an empty body, and the token never reaches the log.
    func pushAlert(_ request: Request, remote: SocketAddress? = nil) async throws -> Response {
        // Without a configured token nobody may push: a token nobody can know refuses everyone.
        let endpoint = AlertPushEndpoint(token: configuration.pushToken ?? UUID().uuidString + UUID().uuidString)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let method = request.method.rawValue
        if let refusal = endpoint.screen(
            method: method, path: request.uri.path, headers: headers, remote: remote?.ipAddress)
        {
            logger.warning("\(refusal.log)")
            return Self.response(refusal)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: endpoint.maximumBodySize)
        } catch {
            return Self.text(.contentTooLarge, "the body is over \(endpoint.maximumBodySize) bytes\n")
        }
        let answer = endpoint.handle(
            PushRequest(
                method: method, path: request.uri.path, headers: headers, body: Data(body.readableBytesView),
                remote: remote?.ipAddress))
        logger.notice("\(answer.log)")
        var response = answer
        if !answer.alerts.isEmpty {
            let (outcomes, takeover) = await state.receive(answer.alerts, at: Date())
            response.body = AlertPushEndpoint.acceptedBody(outcomes: outcomes, takeover: takeover)
        }
        return Self.response(response)
    }

    static func response(_ answer: PushResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// `GET /stream.mjpeg`: the frames on screen as they change (`multipart/x-mixed-replace`, JPEG), at
    /// most the preview's stream rate, the last frame again every few seconds while nothing moves.
    func stream() -> Response {
        guard streams.enter() else {
            return Self.text(.serviceUnavailable, "too many preview streams; try /screenshot.png\n")
        }
        let images = self.images
        let streams = self.streams
        let boundary = "kosatsu-frame"
        return Response(
            status: .ok,
            headers: [
                .contentType: "multipart/x-mixed-replace; boundary=\(boundary)", .cacheControl: "no-store",
            ],
            body: .init { writer in
                defer { streams.leave() }
                var sent = -1
                var last: PreviewImages.Encoded?
                try await writer.write(ByteBuffer(string: "--\(boundary)\r\n"))
                while !Task.isCancelled {
                    guard let frame = try await images.streamFrame(after: sent) ?? last else { continue }
                    // The boundary follows each part at once: browsers show a part when its end is known.
                    var part = ByteBuffer(
                        string: "Content-Type: image/jpeg\r\nContent-Length: \(frame.data.count)\r\n\r\n")
                    part.writeBytes(frame.data)
                    part.writeString("\r\n--\(boundary)\r\n")
                    try await writer.write(part)
                    sent = frame.sequence
                    last = frame
                }
                try await writer.finish(nil)
            })
    }

    func health() async throws -> Response {
        let now = Date()
        let status = pipeline.status
        let lastConfirmed = screen.current.lastStep
        let snapshot = await state.snapshot
        let layouts = await state.layouts
        let problems = await state.layoutProblems
        let fallbacks = await state.emergencyFallbacks
        let readers = await state.sourceReaders
        let inForce = await state.alertsInForce
        let output = status.output
        let renderAlive = ContinuousClock.now - status.heartbeat < .seconds(Int64(stuckAfter))
        let sources = SourceHealth.all(snapshot: snapshot.sources, readers: readers, data: configuration.data, at: now)
        // Whatever alert comes, a screen for it: the `any` page (its file's, the running or the built-in copy).
        let emergencyReady =
            Schedule(configuration: configuration).emergencyChoice(
                EmergencyState(event: "any", since: now), at: now, layouts: layouts) != nil
        var reasons: [String] = []
        if layouts.isEmpty { reasons.append("no layout loaded") }
        if lastConfirmed.map({ now.timeIntervalSince($0) < stuckAfter }) != true {
            reasons.append("the sign loop has not confirmed the screen for \(Int(stuckAfter)) s")
        }
        if !renderAlive { reasons.append("the render thread is stuck") }
        // A dark panel (its display unplugged) shows nobody anything: the sign runs on, but is not healthy.
        if output.isDark { reasons.append("the panel is dark") }
        if !emergencyReady { reasons.append("no emergency layout can be shown") }
        if !sources.isEmpty, sources.allSatisfy(\.stale) { reasons.append("every source is stale") }
        let healthy = reasons.isEmpty
        let report = HealthReport(
            status: healthy ? "ok" : "unhealthy", reasons: reasons, sign: configuration.name,
            showing: screen.showing.rawValue,
            output: .init(
                kind: status.outputKind, state: output.state, connector: output.connector,
                lastFrame: status.lastFrame, lastConfirmed: lastConfirmed, framesPerSecond: status.framesPerSecond),
            sources: sources, alertsInForce: inForce,
            connections: .init(open: connections.count, limit: connections.limit, shed: connections.shed),
            emergency: .init(ready: emergencyReady, fallbacks: fallbacks), layouts: layouts.count,
            rejectedLayouts: problems)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = ISO8601.encodingStrategy
        return Response(
            status: healthy ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(report))))
    }

    static func text(_ status: HTTPResponse.Status, _ text: String, type: String = "text/plain; charset=utf-8")
        -> Response
    {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// `GET /healthz`: per-source freshness, alerts in force, output state, last frame time.
struct HealthReport: Encodable {
    struct Output: Encodable {
        var kind: String
        /// `lit`, `dark` (the panel's display is unplugged) or `preview`.
        var state: String
        var connector: String?
        var lastFrame: Date?
        var lastConfirmed: Date?
        /// Frames drawn in the last second: 0 on a still screen, about the panel's rate while a ticker moves.
        var framesPerSecond: Double
    }

    /// Whether an alert would find a screen, and which emergency layouts are not their file's.
    struct Emergency: Encodable {
        var ready: Bool
        var fallbacks: [String: String]
    }

    var status: String
    /// Why it is unhealthy (empty when ok).
    var reasons: [String]
    var sign: String
    /// `board`, `emergency`, `calm` or `splash`: what the loop last put on screen.
    var showing: String
    var output: Output
    var sources: [SourceHealth]
    var alertsInForce: Int
    /// HTTP connections open now, the cap, and how many were closed to make room since the start.
    var connections: Connections
    struct Connections: Encodable {
        var open: Int
        var limit: Int
        var shed: Int
    }
    var emergency: Emergency
    var layouts: Int
    var rejectedLayouts: [String: String]
}

/// `GET /`: the sign in a browser, moving as the panel does (the MJPEG stream); where the stream
/// cannot be had, the still screenshot refreshed every second.
enum PreviewPage {
    static func html(name: String) -> String {
        let title = name.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return """
            <!doctype html>
            <html lang="ja"><head><meta charset="utf-8"><title>\(title) — Kosatsu</title>
            <style>body{margin:0;background:#111;display:flex;align-items:center;justify-content:center;height:100vh}
            img{max-width:100vw;max-height:100vh;box-shadow:0 0 24px #000}</style></head>
            <body><img id="sign" src="/stream.mjpeg" alt="\(title)">
            <script>
            const sign = document.getElementById('sign');
            sign.onerror = () => {
              sign.onerror = null;
              const still = () => { sign.src = '/screenshot.png?' + Date.now(); };
              still();
              setInterval(still, 1000);
            };
            </script>
            </body></html>
            """
    }
}

/// Counts open preview streams against a limit.
final class StreamGate: Sendable {
    private let count = Mutex(0)
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func enter() -> Bool {
        count.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func leave() {
        count.withLock { $0 -= 1 }
    }
}
