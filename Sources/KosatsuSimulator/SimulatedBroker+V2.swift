import Foundation
import KosatsuData
import KosatsuPlatform

/// NGSI-v2 as Orion answers it: tenants and service paths, entities, queries, batch updates
/// (the routes to these are `V2Routes`).
extension SimulatedBroker {
    func v2Tenant(_ request: BrokerRequest) -> Result<String, BrokerResponse> {
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

    func v2ServicePaths(_ request: BrokerRequest, forQuery: Bool) -> Result<[String], BrokerResponse> {
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

    /// `GET /v2`: where the resources are.
    func v2Directory() -> BrokerResponse {
        .json(
            200,
            [
                "entities_url": "/v2/entities", "types_url": "/v2/types", "subscriptions_url": "/v2/subscriptions",
                "registrations_url": "/v2/registrations",
            ])
    }

    func v2Query(_ request: BrokerRequest, tenant: String) -> BrokerResponse {
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

    func attributeFilter(_ request: BrokerRequest) -> Set<String>? {
        guard let attrs = request.query["attrs"], !attrs.isEmpty else { return nil }
        let names = Set(attrs.split(separator: ",").map(String.init))
        return names.contains("*") ? nil : names
    }

    /// Filters, orders by creation and pages a tenant's entities.
    func select(_ request: BrokerRequest, tenant: String, flavour: NGSIFlavour, paths: [String])
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

    func v2Get(_ request: BrokerRequest, tenant: String, id: String) -> BrokerResponse {
        guard let entity = tenants[tenant]?[id], request.query["type"].map({ $0 == entity.type }) ?? true else {
            return .orion(404, "NotFound", "The requested entity has not been found. Check type and id")
        }
        let keyValues = request.query["options"]?.split(separator: ",").contains("keyValues") ?? false
        return .json(200, renderV2(entity, keyValues: keyValues, attrs: attributeFilter(request)))
    }

    func parseBody(_ request: BrokerRequest, flavour: NGSIFlavour) -> Result<JSONValue, BrokerResponse> {
        do {
            return .success(try JSONParser.parse(request.body))
        } catch {
            return .failure(
                flavour == .v2
                    ? .orion(400, "ParseError", "Errors found in incoming JSON buffer")
                    : .problem(400, "InvalidRequest", "JSON Parse Error", error.description))
        }
    }

    func v2Create(_ request: BrokerRequest, tenant: String) -> (BrokerResponse, [Delivery]) {
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

    func v2Patch(_ request: BrokerRequest, tenant: String, id: String, strict: Bool) -> (
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

    func v2Batch(_ request: BrokerRequest, tenant: String) -> (BrokerResponse, [Delivery]) {
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

    func delete(tenant: String, id: String, flavour: NGSIFlavour) -> BrokerResponse {
        guard tenants[tenant]?[id] != nil else {
            return flavour == .v2
                ? .orion(404, "NotFound", "The requested entity has not been found. Check type and id")
                : .problem(404, "ResourceNotFound", "Entity Not Found", id)
        }
        tenants[tenant]?[id] = nil
        return .empty(204)
    }
}
