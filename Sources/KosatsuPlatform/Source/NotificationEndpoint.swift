import Foundation
public import HTTPTypes
public import Hummingbird
public import KosatsuData
public import Logging
import NIOCore

/// Something that takes NGSI notifications: the platform source, or a daemon's fan-out.
public protocol NGSINotificationSink: Sendable {
    /// Applies a notification body (v2 `{"subscriptionId", "data"}` or an LD `Notification`);
    /// returns how many entities changed the snapshot.
    func receive(notification: JSONValue, attrsFormat: String?) async throws(NGSIError) -> Int
}

/// Decides whether a notification carries the sign's secret: `X-Kosatsu-Token: <secret>`,
/// `Authorization: Bearer <secret>`, or `?token=<secret>` in the URL.
public struct NotificationGate: Sendable {
    public static let headerName = "X-Kosatsu-Token"
    let secret: [UInt8]

    public init(secret: String) {
        self.secret = Array(secret.utf8)
    }

    public enum Verdict: Sendable, Hashable {
        case accepted
        case missing
        case wrong
    }

    public func check(headers: HTTPFields, query: String?) -> Verdict {
        var offered: [String] = []
        if let name = HTTPField.Name(Self.headerName), let token = headers[name] { offered.append(token) }
        if let authorization = headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            offered.append(String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces))
        }
        if let query {
            for pair in query.split(separator: "&") where pair.hasPrefix("token=") {
                let raw = String(pair.dropFirst("token=".count))
                offered.append(raw.removingPercentEncoding ?? raw)
            }
        }
        if offered.isEmpty { return .missing }
        return offered.contains { matches($0) } ? .accepted : .wrong
    }

    /// Constant-time comparison, so the secret cannot be guessed byte by byte from timings.
    func matches(_ candidate: String) -> Bool {
        let bytes = Array(candidate.utf8)
        var difference = UInt8(bytes.count == secret.count ? 0 : 1)
        for index in 0..<secret.count {
            difference |= secret[index] ^ (index < bytes.count ? bytes[index] : 0)
        }
        return difference == 0
    }
}

/// `POST /notify/ngsi`: authenticated NGSI notifications into a sink. Mount it on any
/// Hummingbird router (the daemon's server, a test's) with `register(on:)`.
public struct NGSINotificationEndpoint: Sendable {
    public let sink: any NGSINotificationSink
    public let gate: NotificationGate
    public var logger: Logger
    /// Largest notification accepted.
    public var maximumBody = 8 << 20

    public init(sink: any NGSINotificationSink, secret: String, logger: Logger = Logger(label: "kosatsu.notify")) {
        self.sink = sink
        self.gate = NotificationGate(secret: secret)
        self.logger = logger
    }

    public func register<Context: RequestContext>(on router: Router<Context>, path: String = "/notify/ngsi") {
        router.post(RouterPath(path)) { request, _ in
            await respond(to: request)
        }
    }

    /// 204 when applied; 401 with an empty body without the secret (and a log line); 400 for a body that is not
    /// a notification; 413 when too large.
    public func respond(to request: Request) async -> Response {
        let path = request.uri.path
        let correlator = HTTPField.Name("Fiware-Correlator").flatMap { request.headers[$0] } ?? "-"
        switch gate.check(headers: request.headers, query: request.uri.query) {
        case .accepted:
            break
        case .missing:
            logger.warning("notify: refused POST \(path) (no token; correlator \(correlator)): 401")
            return Self.unauthorized
        case .wrong:
            logger.warning("notify: refused POST \(path) (wrong token; correlator \(correlator)): 401")
            return Self.unauthorized
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumBody)
        } catch {
            logger.warning("notify: body too large or broken on POST \(path): 413")
            return Self.answer(.contentTooLarge, "{\"error\":\"PayloadTooLarge\",\"description\":\"body too large\"}")
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(body.readableBytesView)
        } catch {
            logger.warning("notify: POST \(path) body is not JSON (\(error)): 400")
            return Self.answer(
                .badRequest, "{\"error\":\"ParseError\",\"description\":\"Errors found in incoming JSON buffer\"}")
        }
        let format = HTTPField.Name("Ngsiv2-AttrsFormat").flatMap { request.headers[$0] }
        do {
            let changed = try await sink.receive(notification: json, attrsFormat: format)
            logger.debug("notify: applied \(changed) entities (correlator \(correlator))")
            return Response(status: .noContent)
        } catch {
            logger.warning("notify: POST \(path) refused: \(error.message): 400")
            let description = JSONWriter.string(.string(error.message))
            return Self.answer(.badRequest, "{\"error\":\"BadRequest\",\"description\":\(description)}")
        }
    }

    /// 401 with an empty body: nothing for a guesser to learn (missing and wrong look the same).
    static var unauthorized: Response {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer"
        return Response(status: .unauthorized, headers: headers)
    }

    static func answer(_ status: HTTPResponse.Status, _ json: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }
}
