import HTTPTypes
import Hummingbird
import KosatsuData

/// NGSI-v2's routes under `/v2`, as Orion serves them. Every one first checks the tenant
/// (`Fiware-Service`); the rules are the broker's (`+V2`, `+Subscriptions`).
struct V2Routes {
    let simulator: NGSISimulator

    func register(on v2: RouterGroup<BasicRequestContext>) {
        route(v2, .get, "") { broker, _, _ in (broker.v2Directory(), []) }
        route(v2, .get, "entities") { broker, request, tenant in (broker.v2Query(request, tenant: tenant), []) }
        route(v2, .post, "entities") { broker, request, tenant in broker.v2Create(request, tenant: tenant) }
        route(v2, .get, "entities/:id") { broker, request, tenant in
            (broker.v2Get(request, tenant: tenant, id: request.parameter("id")), [])
        }
        route(v2, .delete, "entities/:id") { broker, request, tenant in
            (broker.delete(tenant: tenant, id: request.parameter("id"), flavour: .v2), [])
        }
        route(v2, .patch, "entities/:id/attrs") { broker, request, tenant in
            broker.v2Patch(request, tenant: tenant, id: request.parameter("id"), strict: true)
        }
        route(v2, .post, "entities/:id/attrs") { broker, request, tenant in
            broker.v2Patch(request, tenant: tenant, id: request.parameter("id"), strict: false)
        }
        route(v2, .post, "op/update") { broker, request, tenant in broker.v2Batch(request, tenant: tenant) }
        route(v2, .post, "subscriptions") { broker, request, tenant in
            (broker.createSubscription(request, tenant: tenant, flavour: .v2), [])
        }
        route(v2, .get, "subscriptions") { broker, request, tenant in
            (broker.listSubscriptions(request, tenant: tenant, flavour: .v2), [])
        }
        route(v2, .get, "subscriptions/:id") { broker, request, tenant in
            (broker.getSubscription(tenant: tenant, id: request.parameter("id"), flavour: .v2), [])
        }
        route(v2, .delete, "subscriptions/:id") { broker, request, tenant in
            (broker.deleteSubscription(tenant: tenant, id: request.parameter("id"), flavour: .v2), [])
        }
    }

    /// A route whose action runs with the request's tenant, once it is a valid one.
    private func route(
        _ group: RouterGroup<BasicRequestContext>, _ method: HTTPRequest.Method, _ path: RouterPath,
        _ action: @escaping @Sendable (isolated SimulatedBroker, BrokerRequest, String) -> (BrokerResponse, [Delivery])
    ) {
        let simulator = self.simulator
        group.on(path, method: method) { request, context in
            await simulator.answer(request, context) { broker, request in
                switch broker.v2Tenant(request) {
                case .success(let tenant): action(broker, request, tenant)
                case .failure(let refusal): (refusal, [])
                }
            }
        }
    }
}
