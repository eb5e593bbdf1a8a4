import Foundation
import KosatsuData
import KosatsuPlatform

/// The state and rules of the simulated Orion / Orion-LD broker: entities per tenant and
/// service path, queries, subscriptions and the notifications they trigger. Answers follow the
/// Orion API manual (NGSI-v2) and ETSI GS CIM 009 (NGSI-LD) for the parts a sign uses.
/// One file per concern: `+Auth`, `+V2`, `+LD`, `+Paging`, `+Faults`, `+Storage`, `+Rendering`,
/// `+Subscriptions`; the HTTP routes that call them are in `SimulatorRouter` and `*Routes`.
actor SimulatedBroker {
    var tenants: [String: [String: StoredEntity]] = [:]
    var subscriptions: [String: StoredSubscription] = [:]
    var subscriptionOrder: [String] = []
    var counter = 0
    var faults: [SimulatorFault] = []
    var auth: SimulatorAuth?
    var issuedTokens: [String: Date] = [:]
    var tokensIssued = 0
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

    // MARK: Requests no route takes

    /// Orion's answer to a path or method it does not serve: after the tenant checks a served
    /// path would make, 405 for a v2 resource it knows, else "service not found".
    func unrouted(_ request: BrokerRequest) -> BrokerResponse {
        let segments = request.segments
        if segments.first == "v2" {
            if case .failure(let refusal) = v2Tenant(request) { return refusal }
            if ["entities", "subscriptions", "op", "types", "registrations"].contains(segments.dropFirst().first ?? "")
            {
                return .orion(405, "MethodNotAllowed", "method not allowed")
            }
        } else if segments.count >= 2, segments[0] == "ngsi-ld", segments[1] == "v1" {
            if case .failure(let refusal) = ldTenant(request) { return refusal }
            return .problem(
                400, "BadRequestData", "Service not found",
                "/ngsi-ld/v1/\(segments.dropFirst(2).joined(separator: "/"))")
        }
        return .orion(400, "BadRequest", "Service not found. Check your URL as probably it is wrong.")
    }
}
