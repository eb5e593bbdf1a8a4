public import AsyncHTTPClient
public import Foundation
public import KosatsuData
import NIOCore
import NIOHTTP1
import NIOSSL

/// Talks to one NGSI-v2 or NGSI-LD broker: queries with paging, subscriptions, auth headers.
public struct PlatformClient: Sendable {
    public let config: PlatformConfig
    let http: HTTPClient
    let credentials: Credentials
    /// The system trust store plus the config's CA file, set on each request (nil: the default).
    let tls: TLSConfiguration?

    /// Largest page body accepted (1000 entities of a few KB each fit easily).
    static let maximumBody = 64 << 20

    /// - Parameter http: the client to use; by default AsyncHTTPClient's shared one, which needs
    ///   no shutdown. The config's CA file is applied per request either way.
    public init(config: PlatformConfig, http: HTTPClient? = nil, now: @escaping @Sendable () -> Date = Date.init)
        throws(NGSIError)
    {
        self.config = config
        self.http = http ?? HTTPClient.shared
        if let caFile = config.caFile {
            do {
                _ = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw NGSIError(.configuration, "tls.caFile \(caFile): not a PEM certificate file (\(error))")
            }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.file(caFile)]
            self.tls = tls
        } else {
            tls = nil
        }
        credentials = Credentials(
            auth: config.auth, header: config.authHeader, http: self.http, tls: tls, timeout: config.timeout, now: now)
    }

    /// Nothing to close with the shared client; kept so callers need not know which they have.
    public func shutdown() async throws {}

    /// Tokens obtained from the OAuth2 endpoint so far.
    public var tokensObtained: Int {
        get async { await credentials.tokensObtained }
    }

    // MARK: Queries

    var base: String {
        var text = config.url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text + (config.flavour == .v2 ? "/v2" : "/ngsi-ld/v1")
    }

    /// Every entity of a selection, page by page until the broker's count is reached. A page
    /// that is missing, short, or not JSON fails the whole query: half a list is not data.
    public func entities(_ selection: EntitySelection, attributes: [String] = []) async throws(NGSIError)
        -> [NGSIEntity]
    {
        var entities: [NGSIEntity] = []
        var seen: [String: Int] = [:]
        var offset = 0
        var total: Int?
        let limit = config.pageSize
        // Bounded: enough pages for the largest count seen plus a margin, never unbounded.
        var pagesLeft = 10_000
        while pagesLeft > 0 {
            pagesLeft -= 1
            var items: [(String, String)] = [("type", selection.type)]
            if let idPattern = selection.idPattern { items.append(("idPattern", idPattern)) }
            if let q = selection.q { items.append(("q", q)) }
            if !attributes.isEmpty {
                var unique: [String] = []
                for name in attributes where !unique.contains(name) { unique.append(name) }
                items.append(("attrs", unique.joined(separator: ",")))
            }
            items.append(("limit", String(limit)))
            items.append(("offset", String(offset)))
            switch config.flavour {
            case .v2:
                items.append(("options", config.format == .keyValues ? "keyValues,count" : "count"))
            case .ld:
                items.append(("count", "true"))
                if config.format == .keyValues { items.append(("options", "keyValues")) }
            }
            let reply = try await send(.GET, "/entities", query: items)
            guard reply.status == 200 else { throw reply.error(what: "GET \(base)/entities?type=\(selection.type)") }
            // Decoded once, straight from the bytes into entities (no JSON tree on the way).
            let page: [NGSIEntity]
            do {
                page = try NGSIEntity.list(bytes: reply.body.readableBytesView, format: config.format)
            } catch let error as JSONParseError {
                throw NGSIError(
                    .badJSON,
                    "GET \(base)/entities?type=\(selection.type) offset \(offset): the answer is not JSON (\(error))")
            } catch let error as NGSIError {
                throw error
            } catch {
                throw NGSIError(.badPayload, "GET \(base)/entities?type=\(selection.type) offset \(offset): \(error)")
            }
            let countHeader = config.flavour == .v2 ? "Fiware-Total-Count" : "NGSILD-Results-Count"
            if let text = reply.headers.first(name: countHeader) {
                guard let count = Int(text.trimmingCharacters(in: .whitespaces)), count >= 0 else {
                    throw NGSIError(.badPayload, "\(countHeader): expected a number, found '\(text)'")
                }
                total = count
            }
            for entity in page {
                if let index = seen[entity.id] {
                    entities[index] = entity
                } else {
                    seen[entity.id] = entities.count
                    entities.append(entity)
                }
            }
            offset += page.count
            if let total {
                if offset >= total { return entities }
                if page.count < limit {
                    throw NGSIError(
                        .partialPage,
                        "GET \(base)/entities?type=\(selection.type): the broker counts \(total) entities but the page at offset \(offset - page.count) had only \(page.count) of \(limit); keeping the previous data"
                    )
                }
            } else if page.count < limit {
                return entities
            }
        }
        throw NGSIError(.partialPage, "GET \(base)/entities?type=\(selection.type): too many pages")
    }

    // MARK: Subscriptions

    /// What the broker says about a subscription the sign made.
    public enum SubscriptionState: Sendable, Hashable {
        case active(expires: Date?)
        /// Expired, failed, paused or inactive: to be replaced.
        case inactive(String)
        /// The broker does not know it (deleted, or the broker lost its database).
        case gone
    }

    /// Creates a subscription for one kind of entity; returns its id.
    public func createSubscription(
        _ selection: EntitySelection, subscription: PlatformConfig.Subscription, description: String, expires: Date
    ) async throws(NGSIError) -> String {
        var url = subscription.notifyURL.absoluteString
        let tokenHeader = NotificationGate.headerName
        if subscription.secretIn == .url {
            url += (url.contains("?") ? "&" : "?") + "token=" + QueryEncoding.encode(subscription.secret)
        }
        let body: JSONValue
        let expiresText = ISO8601.format(expires, fraction: .never)
        var entity: JSONObject = ["type": .string(selection.type)]
        entity["idPattern"] = selection.idPattern.map(JSONValue.string) ?? (config.flavour == .v2 ? ".*" : nil)
        switch config.flavour {
        case .v2:
            var notification: JSONObject = [
                "attrsFormat": .string(config.format == .keyValues ? "keyValues" : "normalized")
            ]
            if subscription.secretIn == .header {
                notification["httpCustom"] = [
                    "url": .string(url), "headers": .object([tokenHeader: .string(subscription.secret)]),
                ]
            } else {
                notification["http"] = ["url": .string(url)]
            }
            var subject: JSONObject = ["entities": [.object(entity)]]
            if let q = selection.q { subject["condition"] = ["expression": ["q": .string(q)]] }
            var object: JSONObject = [
                "description": .string(description), "subject": .object(subject),
                "notification": .object(notification), "expires": .string(expiresText),
            ]
            if let throttling = subscription.throttling {
                object["throttling"] = .number(max(0, throttling.timeInterval.rounded()))
            }
            body = .object(object)
        case .ld:
            var endpoint: JSONObject = ["uri": .string(url), "accept": "application/json"]
            if subscription.secretIn == .header {
                endpoint["receiverInfo"] = [["key": .string(tokenHeader), "value": .string(subscription.secret)]]
            }
            var object: JSONObject = [
                "type": "Subscription", "description": .string(description), "entities": [.object(entity)],
                "notification": [
                    "format": .string(config.format == .keyValues ? "keyValues" : "normalized"),
                    "endpoint": .object(endpoint),
                ],
                "expiresAt": .string(expiresText),
            ]
            if let q = selection.q { object["q"] = .string(q) }
            if let throttling = subscription.throttling {
                object["throttling"] = .number(max(0, throttling.timeInterval.rounded()))
            }
            body = .object(object)
        }
        let reply = try await send(.POST, "/subscriptions", body: body)
        guard reply.status == 201 else { throw reply.error(what: "POST \(base)/subscriptions") }
        guard let location = reply.headers.first(name: "Location"),
            let id = location.split(separator: "/").last.map(String.init), !id.isEmpty
        else {
            throw NGSIError(.badPayload, "POST \(base)/subscriptions: 201 without a Location header")
        }
        return id.removingPercentEncoding ?? id
    }

    public func subscriptionState(_ id: String) async throws(NGSIError) -> SubscriptionState {
        let reply = try await send(.GET, "/subscriptions/\(QueryEncoding.encode(id))")
        if reply.status == 404 { return .gone }
        guard reply.status == 200 else { throw reply.error(what: "GET \(base)/subscriptions/\(id)") }
        guard let json = try? JSONParser.parse(reply.body.readableBytesView) else {
            throw NGSIError(.badJSON, "GET \(base)/subscriptions/\(id): the answer is not JSON")
        }
        let status = json["status"]?.string ?? "active"
        let expiresText = json["expires"]?.string ?? json["expiresAt"]?.string
        let expires = expiresText.flatMap { ISO8601.parse($0) }
        return status == "active" ? .active(expires: expires) : .inactive(status)
    }

    public func deleteSubscription(_ id: String) async throws(NGSIError) {
        let reply = try await send(.DELETE, "/subscriptions/\(QueryEncoding.encode(id))")
        guard reply.status == 204 || reply.status == 404 else {
            throw reply.error(what: "DELETE \(base)/subscriptions/\(id)")
        }
    }

    // MARK: HTTP

    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer

        /// Orion's `{"error", "description"}` or NGSI-LD's `{"title", "detail"}` in one line.
        func error(what: String) -> NGSIError {
            var detail = ""
            if let json = try? JSONParser.parse(body.readableBytesView) {
                let name = json["error"]?.string ?? json["title"]?.string ?? json["type"]?.string
                let text = json["description"]?.string ?? json["detail"]?.string
                detail = [name, text].compactMap { $0 }.joined(separator: ": ")
            } else {
                detail = String(String(buffer: body).prefix(200)).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let code: NGSIError.Code = status == 401 || status == 403 ? .unauthorized : .httpStatus
            let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
            return NGSIError(
                code, "\(what): \(status) \(reason)\(detail.isEmpty ? "" : " (\(detail))")", status: status)
        }
    }

    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil
    ) async throws(NGSIError) -> Reply {
        var reply = try await sendOnce(method, path, query: query, body: body)
        if reply.status == 401, await credentials.canRefresh {
            // The token may have been revoked before its time: get a fresh one, once.
            await credentials.invalidate()
            reply = try await sendOnce(method, path, query: query, body: body)
        }
        return reply
    }

    private func sendOnce(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: JSONValue?
    ) async throws(NGSIError) -> Reply {
        var url = base + path
        if !query.isEmpty { url += "?" + QueryEncoding.query(query) }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.tlsConfiguration = tls
        request.headers.add(name: "Accept", value: "application/json")
        switch config.flavour {
        case .v2:
            if let tenant = config.tenant { request.headers.add(name: "Fiware-Service", value: tenant) }
            if let path = config.servicePath {
                // Queries take up to ten paths; subscriptions one (a `/#` subtree is kept).
                let header =
                    method == .GET
                    ? path : path.split(separator: ",")[0].trimmingCharacters(in: .whitespaces)
                request.headers.add(name: "Fiware-ServicePath", value: header)
            }
        case .ld:
            if let tenant = config.tenant { request.headers.add(name: "NGSILD-Tenant", value: tenant) }
            if let context = config.context {
                request.headers.add(
                    name: "Link",
                    value:
                        "<\(context.absoluteString)>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\""
                )
            }
        }
        if let field = try await credentials.headerField() { request.headers.add(name: field.name, value: field.value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: JSONWriter.data(body)))
        }
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(config.timeout.nanoseconds))
            let body = try await response.body.collect(upTo: Self.maximumBody)
            return Reply(status: Int(response.status.code), headers: response.headers, body: body)
        } catch {
            throw NGSIError(.unreachable, "\(method) \(base)\(path): no answer (\(error))")
        }
    }
}
