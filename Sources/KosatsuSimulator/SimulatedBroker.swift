import Foundation
import KosatsuData
import KosatsuPlatform

/// The state and rules of the simulated Orion / Orion-LD broker: entities per tenant and
/// service path, queries, subscriptions and the notifications they trigger. Answers follow the
/// Orion API manual (NGSI-v2) and ETSI GS CIM 009 (NGSI-LD) for the parts a sign uses.
/// One file per concern: `+Auth`, `+V2` and `+LD` (routes), `+Paging`, `+Faults`, `+Storage`,
/// `+Rendering`, `+Subscriptions`.
actor SimulatedBroker {
    var tenants: [String: [String: StoredEntity]] = [:]
    var subscriptions: [String: StoredSubscription] = [:]
    var subscriptionOrder: [String] = []
    var counter = 0
    var faults: [SimulatorFault] = []
    var auth: SimulatorAuth?
    var issuedTokens: [String: Date] = [:]
    var tokensIssued = 0
    var requestsServed = 0
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
}
