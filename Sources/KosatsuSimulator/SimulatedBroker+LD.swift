import Foundation
import KosatsuData
import KosatsuPlatform

/// NGSI-LD (ETSI GS CIM 009) for the parts a sign uses: entities, queries, subscriptions.
extension SimulatedBroker {
    func ld(_ request: BrokerRequest, _ path: [String]) -> (BrokerResponse, [Delivery]) {
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
}
