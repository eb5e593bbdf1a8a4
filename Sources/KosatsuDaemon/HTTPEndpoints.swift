import Foundation
import HTTPTypes
import Hummingbird
import KosatsuAlertFeeds
import KosatsuAlerts
import KosatsuData
import Logging
import NIOCore
import Prometheus

/// The sign's HTTP face: the preview page and screenshot, health, metrics, and the push endpoints.
struct HTTPEndpoints: Sendable {
    let state: SignState
    let presenter: Presenter
    let configuration: SignConfiguration
    let registry: PrometheusCollectorRegistry
    let metrics: SignMetrics
    let logger: Logger
    /// The loop confirms the screen at least every 10 s; this long without it means it is stuck.
    var stuckAfter: TimeInterval = 60
    /// Largest push body accepted (a JMA telegram is well under this).
    static let maximumBody = 2 << 20
    /// Requests per client address on `POST /alerts`: people and alerting systems, a few a minute.
    var rateLimiter = RateLimiter(burst: 20, perSecond: 2)
    /// Requests per client address on the other POSTs (`/notify/ngsi`): a broker sends one per
    /// changed entity, so bursts are larger.
    var notificationRateLimiter = RateLimiter(burst: 200, perSecond: 50)

    func router() -> Router<SignRequestContext> {
        let router = Router(context: SignRequestContext.self)
        router.add(
            middleware: RateLimitMiddleware(
                limiter: { $0 == "/alerts" ? rateLimiter : notificationRateLimiter }, logger: logger))
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: PreviewPage.html(name: configuration.name))))
        }
        router.get("/screenshot.png") { _, _ in
            let png = try await presenter.screenshot()
            return Response(
                status: .ok, headers: [.contentType: "image/png", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: png)))
        }
        router.get("/healthz") { _, _ in try await health() }
        router.get("/metrics") { _, _ in
            // What the sign holds now is read when scraped; counters and the histogram are kept as they happen.
            metrics.alertsInForce(await state.alertsHeld)
            metrics.output(isLit: !(await presenter.outputState.isDark))
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
        if !answer.alerts.isEmpty { await state.receive(answer.alerts, at: Date()) }
        return Self.response(answer)
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

    func health() async throws -> Response {
        let now = Date()
        let lastFrame = await presenter.lastFrame
        let lastConfirmed = await presenter.lastConfirmed
        let snapshot = await state.snapshot
        let layouts = await state.layouts.count
        let problems = await state.layoutProblems
        let inForce = await state.alertsInForce
        let output = await presenter.outputState
        // A dark panel (its display unplugged) shows nobody anything: the sign runs on, but is not healthy.
        let healthy =
            layouts > 0 && lastConfirmed.map { now.timeIntervalSince($0) < stuckAfter } == true && !output.isDark
        let report = HealthReport(
            status: healthy ? "ok" : "unhealthy", sign: configuration.name,
            output: .init(
                kind: await presenter.outputKind, state: output.state, connector: output.connector,
                lastFrame: lastFrame, lastConfirmed: lastConfirmed),
            sources: snapshot.sources.map {
                .init(
                    name: $0.name, lastSuccess: $0.lastSuccess,
                    ageSeconds: $0.lastSuccess.map { now.timeIntervalSince($0).rounded() }, lastError: $0.lastError)
            },
            alertsInForce: inForce, layouts: layouts, rejectedLayouts: problems)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
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
    }

    struct Source: Encodable {
        var name: String
        var lastSuccess: Date?
        var ageSeconds: Double?
        var lastError: String?
    }

    var status: String
    var sign: String
    var output: Output
    var sources: [Source]
    var alertsInForce: Int
    var layouts: Int
    var rejectedLayouts: [String: String]
}

/// `GET /`: the sign in a browser, refreshed every second.
enum PreviewPage {
    static func html(name: String) -> String {
        let title = name.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return """
            <!doctype html>
            <html lang="ja"><head><meta charset="utf-8"><title>\(title) — Kosatsu</title>
            <style>body{margin:0;background:#111;display:flex;align-items:center;justify-content:center;height:100vh}
            img{max-width:100vw;max-height:100vh;box-shadow:0 0 24px #000}</style></head>
            <body><img id="sign" src="/screenshot.png" alt="\(title)">
            <script>setInterval(()=>{document.getElementById('sign').src='/screenshot.png?'+Date.now()},1000)</script>
            </body></html>
            """
    }
}
