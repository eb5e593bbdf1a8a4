import Foundation
import KosatsuData
import KosatsuPlatform

/// NGSI-LD (ETSI GS CIM 009) for the parts a sign uses: entities, queries, subscriptions (the
/// routes to these are `LDRoutes`).
extension SimulatedBroker {
    /// `NGSILD-Tenant` (or Orion's `Fiware-Service`); reading the entities of a tenant that holds
    /// none is NGSI-LD's NonexistentTenant.
    func ldTenant(_ request: BrokerRequest) -> Result<String, BrokerResponse> {
        let tenant = (request.header("NGSILD-Tenant") ?? request.header("Fiware-Service") ?? "").lowercased()
        if !tenant.isEmpty, tenants[tenant] == nil, request.method == "GET",
            request.segments.dropFirst(2).first == "entities"
        {
            return .failure(.problem(404, "NonexistentTenant", "No such tenant", tenant))
        }
        return .success(tenant)
    }

    func ldQuery(_ request: BrokerRequest, tenant: String) -> BrokerResponse {
        switch select(request, tenant: tenant, flavour: .ld, paths: ["/#"]) {
        case .failure(let response): return response
        case .success(let (page, total, paging)):
            if let fault = nextFault() { return play(fault, flavour: .ld, page: page, total: total, paging: paging) }
            let attrs = attributeFilter(request)
            let body = JSONValue.array(page.map { renderLD($0, keyValues: paging.keyValues, attrs: attrs) })
            var headers: [(String, String)] = []
            if paging.count { headers.append(("NGSILD-Results-Count", String(total))) }
            return .json(200, body, headers: headers)
        }
    }

    func ldCreate(_ request: BrokerRequest, tenant: String) -> (BrokerResponse, [Delivery]) {
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
            let (entity, changed) = try merge(body, tenant: tenant, servicePath: "/", replace: false, checkText: false)
            return (
                .empty(201, headers: [("Location", "/ngsi-ld/v1/entities/\(id)")]),
                notifications(for: entity, changed: changed, tenant: tenant)
            )
        } catch {
            return (.problem(400, "BadRequestData", "Invalid entity", error.message), [])
        }
    }

    func ldGet(_ request: BrokerRequest, tenant: String, id: String) -> BrokerResponse {
        guard let entity = tenants[tenant]?[id] else {
            return .problem(404, "ResourceNotFound", "Entity Not Found", id)
        }
        let keyValues = request.query["options"]?.split(separator: ",").contains("keyValues") ?? false
        return .json(200, renderLD(entity, keyValues: keyValues, attrs: attributeFilter(request)))
    }

    func ldPatch(_ request: BrokerRequest, tenant: String, id: String) -> (BrokerResponse, [Delivery]) {
        guard let existing = tenants[tenant]?[id] else {
            return (.problem(404, "ResourceNotFound", "Entity Not Found", id), [])
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
                .object(object), tenant: tenant, servicePath: existing.servicePath, replace: false, checkText: false)
            return (.empty(204), notifications(for: entity, changed: changed, tenant: tenant))
        } catch {
            return (.problem(400, "BadRequestData", "Invalid payload", error.message), [])
        }
    }

    func ldUpsert(_ request: BrokerRequest, tenant: String) -> (BrokerResponse, [Delivery]) {
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
    }
}
