import Foundation
import KosatsuData

/// The state and rules of the simulated Orion / Orion-LD broker: entities per tenant and
/// service path, queries, subscriptions and the notifications they trigger. Answers follow the
/// Orion API manual (NGSI-v2) and ETSI GS CIM 009 (NGSI-LD) for the parts a sign uses.
actor SimulatedBroker {
    private var tenants: [String: [String: StoredEntity]] = [:]
    private var subscriptions: [String: StoredSubscription] = [:]
    private var subscriptionOrder: [String] = []
    private var counter = 0
    private var faults: [SimulatorFault] = []
    private var auth: SimulatorAuth?
    private var issuedTokens: [String: Date] = [:]
    private(set) var tokensIssued = 0
    private(set) var requestsServed = 0
    let now: @Sendable () -> Date

    init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    // MARK: Controls

    func setAuth(_ auth: SimulatorAuth?) { self.auth = auth }
    func inject(_ fault: SimulatorFault, times: Int) { faults.append(contentsOf: repeatElement(fault, count: times)) }
    func clearFaults() { faults.removeAll() }

    /// Drops every subscription, as a broker that lost its database does.
    func forgetSubscriptions() {
        subscriptions.removeAll()
        subscriptionOrder.removeAll()
    }

    func subscriptionCount() -> Int { subscriptions.count }

    func recordDelivery(_ id: String, success: Bool, at time: Date) {
        guard var subscription = subscriptions[id] else { return }
        subscription.timesSent += 1
        subscription.lastNotification = time
        if success {
            subscription.lastSuccess = time
            if subscription.status == "failed" { subscription.status = "active" }
        } else {
            subscription.lastFailure = time
            if subscription.flavour == .v2 { subscription.status = "failed" }
        }
        subscriptions[id] = subscription
    }

    func entityCount(tenant: String = "") -> Int { tenants[tenant]?.count ?? 0 }

    /// Creates or updates entities (normalized or keyValues, v2 or LD shapes); returns the
    /// notifications the change triggers.
    func upsert(_ entities: [JSONValue], tenant: String = "", servicePath: String = "/") throws(NGSIError) -> [Delivery]
    {
        var deliveries: [Delivery] = []
        for json in entities {
            let (entity, changed) = try merge(
                json, tenant: tenant, servicePath: servicePath, replace: false, checkText: false)
            deliveries += notifications(for: entity, changed: changed, tenant: tenant)
        }
        return deliveries
    }

    /// Sets attribute values on existing entities (the simulator's clock ticking).
    func update(tenant: String = "", id: String, values: [String: StoredAttribute]) -> [Delivery] {
        guard var entity = tenants[tenant]?[id] else { return [] }
        for (name, attribute) in values { entity.set(name, attribute) }
        tenants[tenant]?[id] = entity
        return notifications(for: entity, changed: Set(values.keys), tenant: tenant)
    }

    // MARK: Dispatch

    func handle(_ request: BrokerRequest) -> (BrokerResponse, [Delivery]) {
        requestsServed += 1
        let segments = request.segments
        if segments == ["version"], request.method == "GET" {
            return (.json(200, ["orion": ["version": "3.10.1", "uptime": "kosatsu simulator"]]), [])
        }
        if segments == ["oauth2", "token"], request.method == "POST" { return (token(request), []) }
        if let refusal = checkAuth(request) { return (refusal, []) }
        if segments.first == "v2" { return v2(request, Array(segments.dropFirst())) }
        if segments.count >= 2, segments[0] == "ngsi-ld", segments[1] == "v1" {
            return ld(request, Array(segments.dropFirst(2)))
        }
        return (.orion(400, "BadRequest", "Service not found. Check your URL as probably it is wrong."), [])
    }

    // MARK: Auth (PEP proxy + token endpoint)

    private func checkAuth(_ request: BrokerRequest) -> BrokerResponse? {
        guard let auth else { return nil }
        var token = request.header("X-Auth-Token")
        if token == nil, let authorization = request.header("Authorization"),
            authorization.lowercased().hasPrefix("bearer ")
        {
            token = String(authorization.dropFirst(7))
        }
        guard let token else {
            return BrokerResponse(
                status: 401, headers: [("Content-Type", "text/plain")],
                body: Array("Auth-token not found in request header".utf8))
        }
        if auth.staticTokens.contains(token) { return nil }
        if let expiry = issuedTokens[token], now() < expiry { return nil }
        return BrokerResponse(status: 401, headers: [("Content-Type", "text/plain")], body: Array("Invalid token".utf8))
    }

    private func token(_ request: BrokerRequest) -> BrokerResponse {
        guard let auth, let authorization = request.header("Authorization"), authorization.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(authorization.dropFirst(6))).flatMap({
                String(data: $0, encoding: .utf8)
            }),
            let colon = decoded.firstIndex(of: ":")
        else {
            return .json(401, ["error": "invalid_client", "error_description": "client authentication failed"])
        }
        let client = String(decoded[..<colon])
        let secret = String(decoded[decoded.index(after: colon)...])
        let form = String(decoding: request.body, as: UTF8.self)
        guard auth.clients[client] == secret else {
            return .json(401, ["error": "invalid_client", "error_description": "client authentication failed"])
        }
        guard form.split(separator: "&").contains("grant_type=client_credentials") else {
            return .json(400, ["error": "unsupported_grant_type"])
        }
        tokensIssued += 1
        let token = "sim-\(tokensIssued)-" + hexID(12)
        issuedTokens[token] = now().addingTimeInterval(auth.tokenLifetime)
        return .json(
            200,
            [
                "access_token": .string(token), "token_type": "Bearer",
                "expires_in": .number(auth.tokenLifetime.rounded()),
            ])
    }

    // MARK: NGSI-v2

    private func v2Tenant(_ request: BrokerRequest) -> Result<String, BrokerResponse> {
        guard let raw = request.header("Fiware-Service"), !raw.isEmpty else { return .success("") }
        let tenant = raw.lowercased()
        if tenant.count > 50 {
            return .failure(.orion(400, "BadRequest", "bad length - a tenant name can be max 50 characters long"))
        }
        if !tenant.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
            return .failure(.orion(400, "BadRequest", "bad character in tenant name"))
        }
        return .success(tenant)
    }

    private func v2ServicePaths(_ request: BrokerRequest, forQuery: Bool) -> Result<[String], BrokerResponse> {
        guard let header = request.header("Fiware-ServicePath"), !header.isEmpty else {
            return .success([forQuery ? "/#" : "/"])
        }
        let paths = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if paths.contains(where: { !$0.hasPrefix("/") }) {
            return .failure(
                .orion(400, "BadRequest", "Only /absolute/ Service Paths allowed [a service path must begin with /]"))
        }
        if paths.count > 10 {
            return .failure(
                .orion(400, "BadRequest", "too many service paths - a maximum of ten service paths is allowed"))
        }
        if !forQuery && (paths.count > 1 || header.contains("#")) {
            return .failure(
                .orion(400, "BadRequest", "service path must be a single non-hierarchical path for updates"))
        }
        if !ServicePath.isValid(header, forQuery: forQuery) {
            return .failure(.orion(400, "BadRequest", "a component of ServicePath contains an illegal character"))
        }
        return .success(paths)
    }

    private func v2(_ request: BrokerRequest, _ path: [String]) -> (BrokerResponse, [Delivery]) {
        let tenant: String
        switch v2Tenant(request) {
        case .success(let value): tenant = value
        case .failure(let response): return (response, [])
        }
        switch (request.method, path.count, path.first) {
        case ("GET", 0, _):
            return (
                .json(
                    200,
                    [
                        "entities_url": "/v2/entities", "types_url": "/v2/types",
                        "subscriptions_url": "/v2/subscriptions", "registrations_url": "/v2/registrations",
                    ]), []
            )
        case ("GET", 1, "entities"): return (v2Query(request, tenant: tenant), [])
        case ("POST", 1, "entities"): return v2Create(request, tenant: tenant)
        case ("GET", 2, "entities"): return (v2Get(request, tenant: tenant, id: path[1]), [])
        case ("DELETE", 2, "entities"): return (delete(tenant: tenant, id: path[1], flavour: .v2), [])
        case ("PATCH", 3, "entities") where path[2] == "attrs":
            return v2Patch(request, tenant: tenant, id: path[1], strict: true)
        case ("POST", 3, "entities") where path[2] == "attrs":
            return v2Patch(request, tenant: tenant, id: path[1], strict: false)
        case ("POST", 2, "op") where path[1] == "update": return v2Batch(request, tenant: tenant)
        case ("POST", 1, "subscriptions"): return (createSubscription(request, tenant: tenant, flavour: .v2), [])
        case ("GET", 1, "subscriptions"): return (listSubscriptions(request, tenant: tenant, flavour: .v2), [])
        case ("GET", 2, "subscriptions"): return (getSubscription(tenant: tenant, id: path[1], flavour: .v2), [])
        case ("DELETE", 2, "subscriptions"): return (deleteSubscription(tenant: tenant, id: path[1], flavour: .v2), [])
        default:
            if ["entities", "subscriptions", "op", "types", "registrations"].contains(path.first ?? "") {
                return (.orion(405, "MethodNotAllowed", "method not allowed"), [])
            }
            return (.orion(400, "BadRequest", "Service not found. Check your URL as probably it is wrong."), [])
        }
    }

    /// `limit`, `offset` and `options` as Orion checks them.
    private struct Paging {
        var limit = 20
        var offset = 0
        var keyValues = false
        var count = false
    }

    private func paging(_ request: BrokerRequest, flavour: NGSIFlavour) -> Result<Paging, BrokerResponse> {
        var paging = Paging()
        if let text = request.query["limit"] {
            guard let limit = Int(text), (1...1000).contains(limit) else {
                return .failure(
                    flavour == .v2
                        ? .orion(
                            400, "BadRequest", "Bad pagination limit: /\(text)/ [a value between 1 and 1000 is allowed]"
                        )
                        : .problem(
                            400, "BadRequestData", "Invalid value for URI parameter /limit/",
                            "must be an integer value between 1 and 1000"))
            }
            paging.limit = limit
        }
        if let text = request.query["offset"] {
            guard let offset = Int(text), offset >= 0 else {
                return .failure(
                    flavour == .v2
                        ? .orion(400, "BadRequest", "Bad pagination offset: /\(text)/ [must be a decimal number]")
                        : .problem(
                            400, "BadRequestData", "Invalid value for URI parameter /offset/",
                            "must be an integer value >= 0"))
            }
            paging.offset = offset
        }
        if let options = request.query["options"] {
            let accepted: Set<Substring> =
                flavour == .v2
                ? ["keyValues", "count", "upsert", "append", "skipInitialNotification", "values", "unique"]
                : ["keyValues", "normalized", "sysAttrs", "concise"]
            for option in options.split(separator: ",") {
                guard accepted.contains(option) else {
                    return .failure(
                        flavour == .v2
                            ? .orion(400, "BadRequest", "Invalid value for URI param /options/")
                            : .problem(
                                400, "BadRequestData", "Invalid value for URI parameter /options/", String(option)))
                }
                if option == "keyValues" { paging.keyValues = true }
                if option == "count" { paging.count = true }
            }
        }
        if flavour == .ld {
            if request.query["format"] == "simplified" || request.query["format"] == "keyValues" {
                paging.keyValues = true
            }
            if request.query["count"] == "true" { paging.count = true }
        }
        return .success(paging)
    }

    private func v2Query(_ request: BrokerRequest, tenant: String) -> BrokerResponse {
        let paths: [String]
        switch v2ServicePaths(request, forQuery: true) {
        case .success(let value): paths = value
        case .failure(let response): return response
        }
        switch select(request, tenant: tenant, flavour: .v2, paths: paths) {
        case .failure(let response): return response
        case .success(let (page, total, paging)):
            if let fault = nextFault() { return play(fault, flavour: .v2, page: page, total: total, paging: paging) }
            let attrs = attributeFilter(request)
            let body = JSONValue.array(page.map { renderV2($0, keyValues: paging.keyValues, attrs: attrs) })
            var headers: [(String, String)] = []
            if paging.count { headers.append(("Fiware-Total-Count", String(total))) }
            return .json(200, body, headers: headers)
        }
    }

    private func nextFault() -> SimulatorFault? {
        faults.isEmpty ? nil : faults.removeFirst()
    }

    private func play(_ fault: SimulatorFault, flavour: NGSIFlavour, page: [StoredEntity], total: Int, paging: Paging)
        -> BrokerResponse
    {
        let countHeader = flavour == .v2 ? "Fiware-Total-Count" : "NGSILD-Results-Count"
        switch fault {
        case .status(let status):
            switch (flavour, status) {
            case (.v2, 404):
                return .orion(404, "NotFound", "The requested entity has not been found. Check type and id")
            case (.v2, 401):
                return BrokerResponse(
                    status: 401, headers: [("Content-Type", "text/plain")], body: Array("Invalid token".utf8))
            case (.v2, 500..<600):
                return .orion(status, "InternalServerError", "Database Error (collection: orion.entities)")
            case (.v2, _): return .orion(status, "BadRequest", "simulated failure")
            case (.ld, 404): return .problem(404, "ResourceNotFound", "Entity Not Found", "simulated")
            case (.ld, _): return .problem(status, "InternalError", "Internal Error", "simulated failure")
            }
        case .malformedJSON:
            let body = Array(
                JSONWriter.data(.array(page.map { renderV2($0, keyValues: paging.keyValues, attrs: nil) })))
            return BrokerResponse(
                status: 200, headers: [("Content-Type", "application/json"), (countHeader, String(total))],
                body: Array(body.prefix(max(1, body.count / 2))))
        case .shortPage:
            let short = page.prefix(max(0, page.count / 2))
            let body = JSONValue.array(short.map { renderV2($0, keyValues: paging.keyValues, attrs: nil) })
            return .json(200, body, headers: [(countHeader, String(total + paging.limit))])
        case .slow(let delay):
            let body = JSONValue.array(page.map { renderV2($0, keyValues: paging.keyValues, attrs: nil) })
            var response = BrokerResponse.json(200, body, headers: [(countHeader, String(total))])
            response.delay = delay
            return response
        }
    }

    private func attributeFilter(_ request: BrokerRequest) -> Set<String>? {
        guard let attrs = request.query["attrs"], !attrs.isEmpty else { return nil }
        let names = Set(attrs.split(separator: ",").map(String.init))
        return names.contains("*") ? nil : names
    }

    /// Filters, orders by creation and pages a tenant's entities.
    private func select(_ request: BrokerRequest, tenant: String, flavour: NGSIFlavour, paths: [String])
        -> Result<([StoredEntity], Int, Paging), BrokerResponse>
    {
        let paging: Paging
        switch self.paging(request, flavour: flavour) {
        case .success(let value): paging = value
        case .failure(let response): return .failure(response)
        }
        let types = request.query["type"].map { Set($0.split(separator: ",").map(String.init)) }
        let ids = request.query["id"].map { Set($0.split(separator: ",").map(String.init)) }
        var pattern: Regex<AnyRegexOutput>?
        if let text = request.query["idPattern"] {
            guard let regex = try? Regex(text) else {
                return .failure(
                    flavour == .v2
                        ? .orion(400, "BadRequest", "Invalid regex for entity idPattern")
                        : .problem(400, "BadRequestData", "Invalid idPattern", text))
            }
            pattern = regex
        }
        var query: SimpleQuery?
        if let text = request.query["q"] {
            do {
                query = try SimpleQuery(text)
            } catch {
                return .failure(
                    flavour == .v2
                        ? .orion(400, "BadRequest", "invalid query expression")
                        : .problem(400, "InvalidRequest", "Invalid Q-Filter", error.message))
            }
        }
        if flavour == .ld, types == nil, ids == nil, pattern == nil, query == nil, request.query["attrs"] == nil {
            return .failure(
                .problem(
                    400, "BadRequestData", "Too broad query", "Need at least one of: type, id, idPattern, attrs, q"))
        }
        let matching = (tenants[tenant] ?? [:]).values.filter { entity in
            if let types, !types.contains(entity.type) { return false }
            if let ids, !ids.contains(entity.id) { return false }
            if let pattern, (try? pattern.firstMatch(in: entity.id)) == nil { return false }
            if flavour == .v2, !paths.contains(where: { Self.pathMatches(entity.servicePath, $0) }) { return false }
            if let query, !query.matches({ entity.attributes[$0]?.value }) { return false }
            return true
        }.sorted { $0.created < $1.created }
        let start = min(paging.offset, matching.count)
        let end = min(start + paging.limit, matching.count)
        return .success((Array(matching[start..<end]), matching.count, paging))
    }

    static func pathMatches(_ entityPath: String, _ queryPath: String) -> Bool {
        if queryPath == "/#" { return true }
        if queryPath.hasSuffix("/#") {
            let base = String(queryPath.dropLast(2))
            return entityPath == base || entityPath.hasPrefix(base + "/")
        }
        return entityPath == queryPath
    }

    private func v2Get(_ request: BrokerRequest, tenant: String, id: String) -> BrokerResponse {
        guard let entity = tenants[tenant]?[id], request.query["type"].map({ $0 == entity.type }) ?? true else {
            return .orion(404, "NotFound", "The requested entity has not been found. Check type and id")
        }
        let keyValues = request.query["options"]?.split(separator: ",").contains("keyValues") ?? false
        return .json(200, renderV2(entity, keyValues: keyValues, attrs: attributeFilter(request)))
    }

    private func parseBody(_ request: BrokerRequest, flavour: NGSIFlavour) -> Result<JSONValue, BrokerResponse> {
        do {
            return .success(try JSONParser.parse(request.body))
        } catch {
            return .failure(
                flavour == .v2
                    ? .orion(400, "ParseError", "Errors found in incoming JSON buffer")
                    : .problem(400, "InvalidRequest", "JSON Parse Error", error.description))
        }
    }

    private func v2Create(_ request: BrokerRequest, tenant: String) -> (BrokerResponse, [Delivery]) {
        let body: JSONValue
        switch parseBody(request, flavour: .v2) {
        case .success(let value): body = value
        case .failure(let response): return (response, [])
        }
        let paths: [String]
        switch v2ServicePaths(request, forQuery: false) {
        case .success(let value): paths = value
        case .failure(let response): return (response, [])
        }
        let options = request.query["options"]?.split(separator: ",").map(String.init) ?? []
        guard let id = body["id"]?.string else {
            return (.orion(400, "BadRequest", "entity id length: 0, min length supported: 1"), [])
        }
        if tenants[tenant]?[id] != nil && !options.contains("upsert") {
            return (.orion(422, "Unprocessable", "Already Exists"), [])
        }
        do {
            let format: NGSIFormat = options.contains("keyValues") ? .keyValues : .normalized
            let (entity, changed) = try merge(
                body, tenant: tenant, servicePath: paths[0], replace: false, checkText: true, format: format)
            let deliveries = notifications(for: entity, changed: changed, tenant: tenant)
            return (.empty(201, headers: [("Location", "/v2/entities/\(entity.id)?type=\(entity.type)")]), deliveries)
        } catch {
            return (.orion(400, "BadRequest", error.message), [])
        }
    }

    private func v2Patch(_ request: BrokerRequest, tenant: String, id: String, strict: Bool) -> (
        BrokerResponse, [Delivery]
    ) {
        guard let existing = tenants[tenant]?[id] else {
            return (.orion(404, "NotFound", "The requested entity has not been found. Check type and id"), [])
        }
        let body: JSONValue
        switch parseBody(request, flavour: .v2) {
        case .success(let value): body = value
        case .failure(let response): return (response, [])
        }
        guard case .object(var object) = body else {
            return (.orion(400, "BadRequest", "attribute must be a JSON object"), [])
        }
        if strict {
            let missing = object.keys.filter { existing.attributes[$0] == nil }
            if !missing.isEmpty {
                return (
                    .orion(422, "Unprocessable", "do not exist: \(id) - [ \(missing.joined(separator: ", ")) ]"), []
                )
            }
        }
        object["id"] = .string(id)
        object["type"] = .string(existing.type)
        do {
            let keyValues = request.query["options"]?.split(separator: ",").contains("keyValues") ?? false
            let (entity, changed) = try merge(
                .object(object), tenant: tenant, servicePath: existing.servicePath, replace: false, checkText: true,
                format: keyValues ? .keyValues : .normalized)
            return (.empty(204), notifications(for: entity, changed: changed, tenant: tenant))
        } catch {
            return (.orion(400, "BadRequest", error.message), [])
        }
    }

    private func v2Batch(_ request: BrokerRequest, tenant: String) -> (BrokerResponse, [Delivery]) {
        let body: JSONValue
        switch parseBody(request, flavour: .v2) {
        case .success(let value): body = value
        case .failure(let response): return (response, [])
        }
        let paths: [String]
        switch v2ServicePaths(request, forQuery: false) {
        case .success(let value): paths = value
        case .failure(let response): return (response, [])
        }
        guard let action = body["actionType"]?.string, case .array(let list)? = body["entities"] else {
            return (.orion(400, "BadRequest", "Invalid JSON payload: actionType and entities are required"), [])
        }
        let keyValues = request.query["options"]?.split(separator: ",").contains("keyValues") ?? false
        var deliveries: [Delivery] = []
        for item in list {
            guard let id = item["id"]?.string else { return (.orion(400, "BadRequest", "entity id is required"), []) }
            switch action {
            case "append", "appendStrict", "update", "replace":
                if action == "appendStrict", tenants[tenant]?[id] != nil {
                    return (.orion(422, "Unprocessable", "Already Exists"), deliveries)
                }
                if action == "update", tenants[tenant]?[id] == nil {
                    return (
                        .orion(404, "NotFound", "The requested entity has not been found. Check type and id"),
                        deliveries
                    )
                }
                do {
                    let (entity, changed) = try merge(
                        item, tenant: tenant, servicePath: tenants[tenant]?[id]?.servicePath ?? paths[0],
                        replace: action == "replace", checkText: true, format: keyValues ? .keyValues : .normalized)
                    deliveries += notifications(for: entity, changed: changed, tenant: tenant)
                } catch {
                    return (.orion(400, "BadRequest", error.message), deliveries)
                }
            case "delete":
                tenants[tenant]?[id] = nil
            default:
                return (.orion(400, "BadRequest", "invalid update action type: \(action)"), [])
            }
        }
        return (.empty(204), deliveries)
    }

    private func delete(tenant: String, id: String, flavour: NGSIFlavour) -> BrokerResponse {
        guard tenants[tenant]?[id] != nil else {
            return flavour == .v2
                ? .orion(404, "NotFound", "The requested entity has not been found. Check type and id")
                : .problem(404, "ResourceNotFound", "Entity Not Found", id)
        }
        tenants[tenant]?[id] = nil
        return .empty(204)
    }

    // MARK: Storage

    /// Orion refuses these in text unless the attribute is `TextUnrestricted`.
    static let forbidden: Set<Character> = ["<", ">", "\"", "'", "=", ";", "(", ")"]

    static func hasForbidden(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): return text.contains { forbidden.contains($0) }
        case .array(let items): return items.contains { hasForbidden($0) }
        case .object(let object): return object.members.contains { hasForbidden($0.value) }
        default: return false
        }
    }

    /// Creates or updates one entity from a payload; returns it and the names that changed.
    private func merge(
        _ json: JSONValue, tenant: String, servicePath: String, replace: Bool, checkText: Bool,
        format: NGSIFormat = .normalized
    ) throws(NGSIError) -> (StoredEntity, Set<String>) {
        guard case .object(let object) = json, let id = object["id"]?.string, !id.isEmpty else {
            throw NGSIError(.badPayload, "entity id is required")
        }
        let type = object["type"]?.string ?? object["type"]?.array?.first?.string ?? "Thing"
        counter += 1
        var entity =
            tenants[tenant]?[id] ?? StoredEntity(id: id, type: type, servicePath: servicePath, created: counter)
        if replace { entity.names = []; entity.attributes = [:] }
        var changed: Set<String> = []
        for member in object.members where !NGSIEntity.reservedKeys.contains(member.key) {
            let attribute = Self.storedAttribute(member.value, format: format)
            if checkText, attribute.type != "TextUnrestricted", Self.hasForbidden(attribute.value) {
                throw NGSIError(.badPayload, "Invalid characters in attribute value")
            }
            if entity.attributes[member.key] != attribute { changed.insert(member.key) }
            entity.set(member.key, attribute)
        }
        if tenants[tenant] == nil { tenants[tenant] = [:] }
        tenants[tenant]?[id] = entity
        return (entity, changed)
    }

    static func storedAttribute(_ json: JSONValue, format: NGSIFormat) -> StoredAttribute {
        if format == .normalized, case .object(let object) = json {
            let type = object["type"]?.string
            if let value = object["value"] ?? object["object"] ?? object["languageMap"] {
                var metadata = object["metadata"]?.object ?? JSONObject()
                for member in object.members
                where !["type", "value", "object", "languageMap", "metadata"].contains(member.key) {
                    metadata.members.append(member)
                }
                let unwrapped = NGSIAttribute.unwrapTyped(value)
                var resolved = type ?? inferType(unwrapped)
                if resolved == "Property", case .object(let inner) = value, inner["@type"]?.string == "DateTime" {
                    resolved = "DateTime"
                }
                if resolved == "GeoProperty" { resolved = "geo:json" }
                return StoredAttribute(type: resolved, value: unwrapped, metadata: metadata)
            }
        }
        return StoredAttribute(type: inferType(json), value: json)
    }

    static func inferType(_ value: JSONValue) -> String {
        switch value {
        case .number: "Number"
        case .string: "Text"
        case .bool: "Boolean"
        case .null: "None"
        case .array, .object: "StructuredValue"
        }
    }

    // MARK: Rendering

    func renderV2(_ entity: StoredEntity, keyValues: Bool, attrs: Set<String>?) -> JSONValue {
        var object = JSONObject()
        object.members.reserveCapacity(entity.names.count + 2)
        object.members.append(.init(key: "id", value: .string(entity.id)))
        object.members.append(.init(key: "type", value: .string(entity.type)))
        for name in entity.names {
            if let attrs, !attrs.contains(name) { continue }
            guard let attribute = entity.attributes[name] else { continue }
            if keyValues {
                object.members.append(.init(key: name, value: attribute.value))
            } else {
                var type = attribute.type
                switch type {
                case "Property": type = Self.inferType(attribute.value)
                case "LanguageProperty": type = "StructuredValue"
                default: break
                }
                object.members.append(
                    .init(
                        key: name,
                        value: [
                            "type": .string(type), "value": attribute.value, "metadata": .object(attribute.metadata),
                        ]))
            }
        }
        return .object(object)
    }

    func renderLD(_ entity: StoredEntity, keyValues: Bool, attrs: Set<String>?) -> JSONValue {
        var object = JSONObject()
        object.members.append(.init(key: "id", value: .string(entity.id)))
        object.members.append(.init(key: "type", value: .string(entity.type)))
        for name in entity.names {
            if let attrs, !attrs.contains(name) { continue }
            guard let attribute = entity.attributes[name] else { continue }
            if keyValues {
                object.members.append(.init(key: name, value: attribute.value))
                continue
            }
            let rendered: JSONValue
            switch attribute.type {
            case "Relationship": rendered = ["type": "Relationship", "object": attribute.value]
            case "geo:json", "geo:point", "GeoProperty": rendered = ["type": "GeoProperty", "value": attribute.value]
            case "LanguageProperty": rendered = ["type": "LanguageProperty", "languageMap": attribute.value]
            case "DateTime":
                rendered = ["type": "Property", "value": ["@type": "DateTime", "@value": attribute.value]]
            default: rendered = ["type": "Property", "value": attribute.value]
            }
            object.members.append(.init(key: name, value: rendered))
        }
        return .object(object)
    }

    // MARK: NGSI-LD

    private func ld(_ request: BrokerRequest, _ path: [String]) -> (BrokerResponse, [Delivery]) {
        let tenant = (request.header("NGSILD-Tenant") ?? request.header("Fiware-Service") ?? "").lowercased()
        if !tenant.isEmpty, tenants[tenant] == nil, request.method == "GET", path.first == "entities" {
            return (.problem(404, "NonexistentTenant", "No such tenant", tenant), [])
        }
        switch (request.method, path.count, path.first) {
        case ("GET", 1, "entities"):
            switch select(request, tenant: tenant, flavour: .ld, paths: ["/#"]) {
            case .failure(let response): return (response, [])
            case .success(let (page, total, paging)):
                if let fault = nextFault() {
                    return (play(fault, flavour: .ld, page: page, total: total, paging: paging), [])
                }
                let attrs = attributeFilter(request)
                let body = JSONValue.array(page.map { renderLD($0, keyValues: paging.keyValues, attrs: attrs) })
                var headers: [(String, String)] = []
                if paging.count { headers.append(("NGSILD-Results-Count", String(total))) }
                return (.json(200, body, headers: headers), [])
            }
        case ("POST", 1, "entities"):
            let body: JSONValue
            switch parseBody(request, flavour: .ld) {
            case .success(let value): body = value
            case .failure(let response): return (response, [])
            }
            guard let id = body["id"]?.string else {
                return (.problem(400, "BadRequestData", "Invalid entity", "id is required"), [])
            }
            if tenants[tenant]?[id] != nil { return (.problem(409, "AlreadyExists", "Entity already exists", id), []) }
            do {
                let (entity, changed) = try merge(
                    body, tenant: tenant, servicePath: "/", replace: false, checkText: false)
                return (
                    .empty(201, headers: [("Location", "/ngsi-ld/v1/entities/\(id)")]),
                    notifications(for: entity, changed: changed, tenant: tenant)
                )
            } catch {
                return (.problem(400, "BadRequestData", "Invalid entity", error.message), [])
            }
        case ("GET", 2, "entities"):
            guard let entity = tenants[tenant]?[path[1]] else {
                return (.problem(404, "ResourceNotFound", "Entity Not Found", path[1]), [])
            }
            let keyValues = request.query["options"]?.split(separator: ",").contains("keyValues") ?? false
            return (.json(200, renderLD(entity, keyValues: keyValues, attrs: attributeFilter(request))), [])
        case ("DELETE", 2, "entities"): return (delete(tenant: tenant, id: path[1], flavour: .ld), [])
        case ("PATCH", 3, "entities") where path[2] == "attrs":
            guard let existing = tenants[tenant]?[path[1]] else {
                return (.problem(404, "ResourceNotFound", "Entity Not Found", path[1]), [])
            }
            let body: JSONValue
            switch parseBody(request, flavour: .ld) {
            case .success(let value): body = value
            case .failure(let response): return (response, [])
            }
            guard case .object(var object) = body else {
                return (.problem(400, "BadRequestData", "Invalid payload", "expected an object"), [])
            }
            object["id"] = .string(existing.id)
            object["type"] = .string(existing.type)
            do {
                let (entity, changed) = try merge(
                    .object(object), tenant: tenant, servicePath: existing.servicePath, replace: false, checkText: false
                )
                return (.empty(204), notifications(for: entity, changed: changed, tenant: tenant))
            } catch {
                return (.problem(400, "BadRequestData", "Invalid payload", error.message), [])
            }
        case ("POST", 2, "entityOperations") where path[1] == "upsert":
            let body: JSONValue
            switch parseBody(request, flavour: .ld) {
            case .success(let value): body = value
            case .failure(let response): return (response, [])
            }
            guard case .array(let list) = body else {
                return (.problem(400, "BadRequestData", "Invalid payload", "expected a list of entities"), [])
            }
            var created: [JSONValue] = []
            var deliveries: [Delivery] = []
            for item in list {
                let isNew = item["id"]?.string.map { tenants[tenant]?[$0] == nil } ?? true
                do {
                    let (entity, changed) = try merge(
                        item, tenant: tenant, servicePath: "/", replace: false, checkText: false)
                    if isNew { created.append(.string(entity.id)) }
                    deliveries += notifications(for: entity, changed: changed, tenant: tenant)
                } catch {
                    return (.problem(400, "BadRequestData", "Invalid entity", error.message), deliveries)
                }
            }
            return (created.isEmpty ? .empty(204) : .json(201, .array(created)), deliveries)
        case ("POST", 1, "subscriptions"): return (createSubscription(request, tenant: tenant, flavour: .ld), [])
        case ("GET", 1, "subscriptions"): return (listSubscriptions(request, tenant: tenant, flavour: .ld), [])
        case ("GET", 2, "subscriptions"): return (getSubscription(tenant: tenant, id: path[1], flavour: .ld), [])
        case ("DELETE", 2, "subscriptions"): return (deleteSubscription(tenant: tenant, id: path[1], flavour: .ld), [])
        default:
            return (
                .problem(400, "BadRequestData", "Service not found", "/ngsi-ld/v1/\(path.joined(separator: "/"))"), []
            )
        }
    }

    // MARK: Subscriptions

    private func hexID(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func isLoopback(_ url: String, scheme wanted: String = "http") -> Bool {
        guard let components = URLComponents(string: url), let scheme = components.scheme, scheme == wanted,
            let host = components.host
        else { return false }
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    private func createSubscription(_ request: BrokerRequest, tenant: String, flavour: NGSIFlavour) -> BrokerResponse {
        let body: JSONValue
        switch parseBody(request, flavour: flavour) {
        case .success(let value): body = value
        case .failure(let response): return response
        }
        func bad(_ text: String) -> BrokerResponse {
            flavour == .v2
                ? .orion(400, "BadRequest", text) : .problem(400, "BadRequestData", "Invalid subscription", text)
        }
        var entities: [(id: String?, idPattern: String?, type: String?)] = []
        let list = flavour == .v2 ? body["subject"]?["entities"]?.array : body["entities"]?.array
        for item in list ?? [] {
            entities.append((item["id"]?.string, item["idPattern"]?.string, item["type"]?.string))
        }
        if flavour == .v2, entities.isEmpty { return bad("Invalid JSON payload: no subject entities specified") }
        var url: String?
        var mqttTarget: MQTTNotificationTarget?
        var headers: [(String, String)] = []
        let format: NGSIFormat
        var attrs: [String] = []
        let watched: [String]
        var qText: String?
        var expires: Date?
        switch flavour {
        case .v2:
            let notification = body["notification"]
            url = notification?["http"]?["url"]?.string ?? notification?["httpCustom"]?["url"]?.string
            if let mqtt = notification?["mqtt"] {
                guard let target = MQTTNotificationTarget(v2: mqtt) else {
                    return bad("mqtt notification needs url (mqtt://host:port), topic and qos 0, 1 or 2")
                }
                mqttTarget = target
                url = target.url
            }
            if case .object(let custom)? = notification?["httpCustom"]?["headers"] {
                headers = custom.members.compactMap { member in member.value.string.map { (member.key, $0) } }
            }
            format = notification?["attrsFormat"]?.string == "keyValues" ? .keyValues : .normalized
            attrs = notification?["attrs"]?.array?.compactMap(\.string) ?? []
            watched = body["subject"]?["condition"]?["attrs"]?.array?.compactMap(\.string) ?? []
            qText = body["subject"]?["condition"]?["expression"]?["q"]?.string
            if let text = body["expires"]?.string {
                guard let date = ISO8601Instant.parse(text) else { return bad("expires has an invalid format") }
                expires = date
            }
        case .ld:
            guard body["type"]?.string == "Subscription" else { return bad("type must be Subscription") }
            let endpoint = body["notification"]?["endpoint"]
            url = endpoint?["uri"]?.string
            if let uri = url, uri.lowercased().hasPrefix("mqtt") {
                guard let target = MQTTNotificationTarget(ldEndpoint: uri, notifierInfo: endpoint?["notifierInfo"])
                else {
                    return bad(
                        "an mqtt:// endpoint needs a host, a port and a topic: mqtt://[user:pass@]host:port/topic")
                }
                mqttTarget = target
                url = target.url
            }
            for info in endpoint?["receiverInfo"]?.array ?? [] {
                if let key = info["key"]?.string, let value = info["value"]?.string { headers.append((key, value)) }
            }
            format = body["notification"]?["format"]?.string == "keyValues" ? .keyValues : .normalized
            attrs = body["notification"]?["attributes"]?.array?.compactMap(\.string) ?? []
            watched = body["watchedAttributes"]?.array?.compactMap(\.string) ?? []
            qText = body["q"]?.string
            if let text = body["expiresAt"]?.string {
                guard let date = ISO8601Instant.parse(text) else { return bad("expiresAt has an invalid format") }
                expires = date
            }
            if entities.isEmpty && watched.isEmpty { return bad("entities or watchedAttributes is required") }
        }
        guard let url else { return bad("notification URL is required") }
        guard Self.isLoopback(url) || mqttTarget.map({ Self.isLoopback($0.url, scheme: "mqtt") }) == true else {
            return bad(
                "the Kosatsu simulator only notifies loopback http and mqtt URLs (127.0.0.1, localhost, ::1), not \(url)"
            )
        }
        var query: SimpleQuery?
        if let qText {
            do { query = try SimpleQuery(qText) } catch { return bad("invalid q: \(error.message)") }
        }
        let id = flavour == .v2 ? hexID(12) : "urn:ngsi-ld:Subscription:" + hexID(12)
        let servicePath = flavour == .v2 ? (request.header("Fiware-ServicePath") ?? "/#") : "/#"
        subscriptions[id] = StoredSubscription(
            id: id, flavour: flavour, tenant: tenant, servicePath: servicePath,
            description: body["description"]?.string,
            entities: entities, watched: watched, q: query, qText: qText, url: url, headers: headers, format: format,
            attrs: attrs, expires: expires, mqtt: mqttTarget, throttling: body["throttling"]?.number ?? 0)
        subscriptionOrder.append(id)
        let location = flavour == .v2 ? "/v2/subscriptions/\(id)" : "/ngsi-ld/v1/subscriptions/\(id)"
        return .empty(201, headers: [("Location", location)])
    }

    private func refreshExpiry(_ id: String) {
        guard var subscription = subscriptions[id], let expires = subscription.expires, expires <= now(),
            subscription.status != "expired"
        else { return }
        subscription.status = "expired"
        subscriptions[id] = subscription
    }

    private func render(_ subscription: StoredSubscription) -> JSONValue {
        let formatter = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        func date(_ value: Date?) -> JSONValue { value.map { .string($0.formatted(formatter)) } ?? .null }
        let entities: [JSONValue] = subscription.entities.map { item in
            var object = JSONObject()
            if let id = item.id { object["id"] = .string(id) }
            if let pattern = item.idPattern { object["idPattern"] = .string(pattern) }
            if let type = item.type { object["type"] = .string(type) }
            return .object(object)
        }
        var object = JSONObject()
        object["id"] = .string(subscription.id)
        if let description = subscription.description { object["description"] = .string(description) }
        switch subscription.flavour {
        case .v2:
            var condition: JSONObject = ["attrs": .array(subscription.watched.map(JSONValue.string))]
            if let q = subscription.qText { condition["expression"] = ["q": .string(q)] }
            object["subject"] = ["entities": .array(entities), "condition": .object(condition)]
            var notification: JSONObject = [
                "attrs": .array(subscription.attrs.map(JSONValue.string)),
                "attrsFormat": .string(subscription.format.rawValue),
                "timesSent": .number(Double(subscription.timesSent)),
            ]
            if let mqtt = subscription.mqtt {
                // As Orion lists it: the password is never given back.
                var target: JSONObject = [
                    "url": .string(mqtt.url), "topic": .string(mqtt.topic), "qos": .number(Double(mqtt.qos)),
                ]
                if let user = mqtt.user { target["user"] = .string(user) }
                notification["mqtt"] = .object(target)
            } else {
                notification["http"] = ["url": .string(subscription.url)]
            }
            if let last = subscription.lastNotification { notification["lastNotification"] = date(last) }
            if let last = subscription.lastSuccess { notification["lastSuccess"] = date(last) }
            if let last = subscription.lastFailure { notification["lastFailure"] = date(last) }
            object["notification"] = .object(notification)
            if let expires = subscription.expires { object["expires"] = date(expires) }
            object["status"] = .string(subscription.status)
            if subscription.throttling > 0 { object["throttling"] = .number(subscription.throttling) }
        case .ld:
            object["type"] = "Subscription"
            object["entities"] = .array(entities)
            if !subscription.watched.isEmpty {
                object["watchedAttributes"] = .array(subscription.watched.map(JSONValue.string))
            }
            if let q = subscription.qText { object["q"] = .string(q) }
            object["notification"] = [
                "format": .string(subscription.format.rawValue),
                "endpoint": ["uri": .string(subscription.mqtt.map { $0.url + "/" + $0.topic } ?? subscription.url)],
                "timesSent": .number(Double(subscription.timesSent)),
            ]
            if let expires = subscription.expires { object["expiresAt"] = date(expires) }
            object["status"] = .string(subscription.status)
        }
        return .object(object)
    }

    private func listSubscriptions(_ request: BrokerRequest, tenant: String, flavour: NGSIFlavour) -> BrokerResponse {
        let ids = subscriptionOrder.filter {
            subscriptions[$0]?.tenant == tenant && subscriptions[$0]?.flavour == flavour
        }
        ids.forEach(refreshExpiry)
        let items = ids.compactMap { subscriptions[$0] }.map(render)
        var headers: [(String, String)] = []
        if flavour == .v2, request.query["options"]?.contains("count") == true {
            headers.append(("Fiware-Total-Count", String(items.count)))
        }
        return .json(200, .array(items), headers: headers)
    }

    private func getSubscription(tenant: String, id: String, flavour: NGSIFlavour) -> BrokerResponse {
        refreshExpiry(id)
        guard let subscription = subscriptions[id], subscription.tenant == tenant, subscription.flavour == flavour
        else {
            return flavour == .v2
                ? .orion(404, "NotFound", "The requested subscription has not been found. Check id")
                : .problem(404, "ResourceNotFound", "Subscription not found", id)
        }
        return .json(200, render(subscription))
    }

    private func deleteSubscription(tenant: String, id: String, flavour: NGSIFlavour) -> BrokerResponse {
        guard subscriptions[id]?.tenant == tenant else {
            return flavour == .v2
                ? .orion(404, "NotFound", "The requested subscription has not been found. Check id")
                : .problem(404, "ResourceNotFound", "Subscription not found", id)
        }
        subscriptions[id] = nil
        subscriptionOrder.removeAll { $0 == id }
        return .empty(204)
    }

    /// The notifications an entity change triggers, throttling and expiry applied.
    private func notifications(for entity: StoredEntity, changed: Set<String>, tenant: String) -> [Delivery] {
        guard !changed.isEmpty else { return [] }
        var deliveries: [Delivery] = []
        let time = now()
        for id in subscriptionOrder {
            refreshExpiry(id)
            guard var subscription = subscriptions[id], subscription.tenant == tenant,
                subscription.status == "active" || subscription.status == "failed"
            else { continue }
            if subscription.flavour == .v2 {
                let paths = subscription.servicePath.split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                if !paths.contains(where: { Self.pathMatches(entity.servicePath, $0) }) { continue }
            }
            let selected =
                subscription.entities.isEmpty
                || subscription.entities.contains { item in
                    if let type = item.type, type != entity.type { return false }
                    if let exact = item.id, exact != entity.id { return false }
                    if let pattern = item.idPattern, let regex = try? Regex(pattern),
                        (try? regex.firstMatch(in: entity.id)) == nil
                    {
                        return false
                    }
                    return true
                }
            guard selected else { continue }
            if !subscription.watched.isEmpty, changed.isDisjoint(with: subscription.watched) { continue }
            if let q = subscription.q, !q.matches({ entity.attributes[$0]?.value }) { continue }
            if subscription.throttling > 0, let last = subscription.lastNotification,
                time.timeIntervalSince(last) < subscription.throttling
            {
                continue
            }
            subscription.lastNotification = time
            subscriptions[id] = subscription
            let attrs = subscription.attrs.isEmpty ? nil : Set(subscription.attrs)
            var headers: [(String, String)] = [("Content-Type", "application/json")]
            let body: JSONValue
            switch subscription.flavour {
            case .v2:
                let data = renderV2(entity, keyValues: subscription.format == .keyValues, attrs: attrs)
                body = ["subscriptionId": .string(id), "data": [data]]
                headers.append(("Ngsiv2-AttrsFormat", subscription.format.rawValue))
                if !tenant.isEmpty { headers.append(("Fiware-Service", tenant)) }
                headers.append(("Fiware-ServicePath", entity.servicePath))
                headers.append(("Fiware-Correlator", UUID().uuidString.lowercased()))
            case .ld:
                let data = renderLD(entity, keyValues: subscription.format == .keyValues, attrs: attrs)
                body = [
                    "id": .string("urn:ngsi-ld:Notification:" + hexID(12)), "type": "Notification",
                    "subscriptionId": .string(id),
                    "notifiedAt": .string(time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
                    "data": [data],
                ]
                if !tenant.isEmpty { headers.append(("NGSILD-Tenant", tenant)) }
            }
            if let mqtt = subscription.mqtt {
                // Orion-LD wraps an MQTT notification with what HTTP would carry in headers.
                let payload: JSONValue =
                    subscription.flavour == .ld
                    ? ["metadata": ["Content-Type": "application/json"], "body": body] : body
                deliveries.append(
                    Delivery(
                        subscriptionID: id, url: mqtt.url, headers: [], body: JSONWriter.data(payload), mqtt: mqtt))
                continue
            }
            deliveries.append(
                Delivery(
                    subscriptionID: id, url: subscription.url, headers: headers + subscription.headers,
                    body: JSONWriter.data(body)))
        }
        return deliveries
    }
}
