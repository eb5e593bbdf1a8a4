public import Foundation
public import KosatsuAlerts

/// `POST /alerts`: an authenticated caller (a city's alerting system, a 緊急地震速報 relay, a
/// drill operator) pushes one CAP message or JMA telegram to the sign.
///
/// Pure request → response logic, so the daemon mounts it on its HTTP server and tests call it
/// directly. A forged alert on a public sign is a public-safety incident, so:
/// - only `Authorization: Bearer <token>` with the configured token is heard, compared in
///   constant time; anything else is 401 with an empty body and only `WWW-Authenticate: Bearer`;
/// - the body is limited in size (checked from `Content-Length` before it is read: `screen`);
/// - only CAP and JMA XML are taken; the log line never holds the token or the body.
public struct AlertPushEndpoint: Sendable {
    public static let path = "/alerts"
    public let maximumBodySize: Int
    private let token: BearerToken

    /// - Parameters:
    ///   - token: the shared secret; an empty token refuses every call.
    ///   - maximumBodySize: bytes (the largest JMA telegrams are under 1 MB).
    public init(token: String, maximumBodySize: Int = 2 << 20) {
        self.token = BearerToken(token)
        self.maximumBodySize = maximumBodySize
    }

    /// Judges a request by its head alone, before its body is read: a response to send at once,
    /// or nil to read the body (at most `maximumBodySize` bytes) and call `handle`.
    public func screen(method: String, path: String, headers: [String: String], remote: String?) -> PushResponse? {
        let request = PushRequest(method: method, path: path, headers: headers, body: Data(), remote: remote)
        if let refusal = refusal(of: request) { return refusal }
        if let length = request.header("Content-Length").flatMap({ Int($0) }), length > maximumBodySize {
            return tooLarge(request, size: length)
        }
        return nil
    }

    /// Handles a whole request: the alerts it carries, or why not.
    public func handle(_ request: PushRequest) -> PushResponse {
        if let refusal = refusal(of: request) { return refusal }
        if request.body.count > maximumBodySize { return tooLarge(request, size: request.body.count) }
        let file = "POST \(Self.path)"
        // Not XML at all (JSON, text, an image): the wrong kind of body, whatever its Content-Type.
        // (An empty body is a malformed one: 400.)
        let start = request.body.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let first = request.body.dropFirst(start).first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }),
            first != UInt8(ascii: "<")
        {
            return respond(
                request, 415, ["error": "expected a CAP 1.2 message or a JMA 防災情報XML telegram (XML)"],
                note: "not XML")
        }
        let alerts: [Alert]
        do throws(AlertInputError) {
            // Read once: telling the format apart first would parse a large telegram twice.
            alerts = try AlertReader.read(request.body, file: file)
            guard alerts.allSatisfy({ $0.source != .ngsi }) else {
                return respond(
                    request, 415, ["error": "expected a CAP 1.2 message or a JMA 防災情報XML telegram, found JSON"],
                    note: "not XML")
            }
        } catch {
            return respond(request, 400, ["error": error.description], note: error.code.rawValue)
        }
        var response = respond(
            request, 202, ["accepted": alerts.map(\.id)],
            note: alerts.map { "\($0.id) (\($0.status.rawValue), \($0.kind.rawValue))" }.joined(separator: ", "))
        response.alerts = alerts
        return response
    }

    /// The accepted body as the README shows it: what the board did with each alert, and which
    /// alert takes over the screen now (null when none).
    public static func acceptedBody(outcomes: [(id: String, outcome: AlertBoard.Outcome)], takeover: String?) -> Data {
        json([
            "accepted": outcomes.map { ["id": $0.id, "outcome": $0.outcome.rawValue] },
            "takeover": takeover ?? NSNull(),
        ])
    }

    /// Handles a request and gives what it carries to the sign's board at `now`; the response
    /// says what the board did with each alert and whether it now takes over the screen.
    public func handle(_ request: PushRequest, board: inout AlertBoard, now: Date) -> PushResponse {
        var response = handle(request)
        guard response.status == 202 else { return response }
        let outcomes = response.alerts.map { (id: $0.id, outcome: board.receive($0, at: now)) }
        response.body = Self.acceptedBody(outcomes: outcomes, takeover: board.takeover?.id)
        return response
    }

    // MARK: Refusals

    private func refusal(of request: PushRequest) -> PushResponse? {
        guard request.path == Self.path || request.path.hasPrefix(Self.path + "?") else {
            return PushResponse(status: 404, log: request.logPrefix + "404 (not \(Self.path))")
        }
        switch authorization(request.header("Authorization")) {
        case .some(let reason):
            return PushResponse(
                status: 401, headers: ["WWW-Authenticate": "Bearer"], log: request.logPrefix + "401 (\(reason))")
        case nil:
            break
        }
        guard request.method.uppercased() == "POST" else {
            return PushResponse(
                status: 405, headers: ["Allow": "POST"], log: request.logPrefix + "405 (\(request.method))")
        }
        return nil
    }

    /// Nil when the header carries the token; otherwise why not, in words safe to log.
    private func authorization(_ header: String?) -> String? {
        guard let header, !header.isEmpty else { return "no Authorization header" }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return "not a bearer token" }
        let candidate = parts[1].trimmingCharacters(in: .whitespaces)
        return token.matches(candidate) ? nil : "wrong token"
    }

    private func tooLarge(_ request: PushRequest, size: Int) -> PushResponse {
        respond(
            request, 413, ["error": "the body is \(size) bytes; at most \(maximumBodySize) are accepted"],
            note: "\(size) bytes")
    }

    private func respond(_ request: PushRequest, _ status: Int, _ body: [String: Any], note: String)
        -> PushResponse
    {
        PushResponse(
            status: status, headers: ["Content-Type": "application/json"], body: Self.json(body),
            log: request.logPrefix + "\(status) (\(note))")
    }

    private static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
    }
}

/// A request as the HTTP server received it.
public struct PushRequest: Sendable {
    public var method: String
    /// The request target's path (`/alerts`).
    public var path: String
    /// Header names as sent; looked up without regard to case.
    public var headers: [String: String]
    public var body: Data
    /// The caller's address, for the log.
    public var remote: String?

    public init(method: String, path: String, headers: [String: String], body: Data, remote: String? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.remote = remote
    }

    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.key.lowercased() == wanted }?.value
    }

    /// Method, path without its query (which may hold secrets) and caller.
    var logPrefix: String {
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        return "\(method.prefix(16)) \(bare.prefix(128)) from \(remote ?? "unknown"): "
    }
}

/// What to answer, and what to log.
public struct PushResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    /// JSON for an authenticated caller; empty for 401, 404 and 405.
    public var body: Data
    /// One line for the daemon's log: method, path, caller, status and why. Never the token, never the body.
    public var log: String
    /// The alerts carried by an accepted (202) request.
    public var alerts: [Alert]

    public init(status: Int, headers: [String: String] = [:], body: Data = Data(), log: String, alerts: [Alert] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.log = log
        self.alerts = alerts
    }
}
