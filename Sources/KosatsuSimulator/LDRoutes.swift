import HTTPTypes
import Hummingbird
import KosatsuData

/// NGSI-LD's routes under `/ngsi-ld/v1` (ETSI GS CIM 009, the parts a sign uses). Every one first
/// reads the tenant (`NGSILD-Tenant`); the rules are the broker's (`+LD`, `+Subscriptions`).
struct LDRoutes {
    let simulator: NGSISimulator

    func register(on ld: RouterGroup<BasicRequestContext>) {
        route(ld, .get, "entities") { broker, request, tenant in (broker.ldQuery(request, tenant: tenant), []) }
        route(ld, .post, "entities") { broker, request, tenant in broker.ldCreate(request, tenant: tenant) }
        route(ld, .get, "entities/:id") { broker, request, tenant in
            (broker.ldGet(request, tenant: tenant, id: request.parameter("id")), [])
        }
        route(ld, .delete, "entities/:id") { broker, request, tenant in
            (broker.delete(tenant: tenant, id: request.parameter("id"), flavour: .ld), [])
        }
        route(ld, .patch, "entities/:id/attrs") { broker, request, tenant in
            broker.ldPatch(request, tenant: tenant, id: request.parameter("id"))
        }
        route(ld, .post, "entityOperations/upsert") { broker, request, tenant in
            broker.ldUpsert(request, tenant: tenant)
        }
        route(ld, .post, "subscriptions") { broker, request, tenant in
            (broker.createSubscription(request, tenant: tenant, flavour: .ld), [])
        }
        route(ld, .get, "subscriptions") { broker, request, tenant in
            (broker.listSubscriptions(request, tenant: tenant, flavour: .ld), [])
        }
        route(ld, .get, "subscriptions/:id") { broker, request, tenant in
            (broker.getSubscription(tenant: tenant, id: request.parameter("id"), flavour: .ld), [])
        }
        route(ld, .delete, "subscriptions/:id") { broker, request, tenant in
            (broker.deleteSubscription(tenant: tenant, id: request.parameter("id"), flavour: .ld), [])
        }
    }

    /// A route whose action runs with the request's tenant, once reading it refused nothing.
    private func route(
        _ group: RouterGroup<BasicRequestContext>, _ method: HTTPRequest.Method, _ path: RouterPath,
        _ action: @escaping @Sendable (isolated SimulatedBroker, BrokerRequest, String) -> (BrokerResponse, [Delivery])
    ) {
        let simulator = self.simulator
        group.on(path, method: method) { request, context in
            await simulator.answer(request, context) { broker, request in
                switch broker.ldTenant(request) {
                case .success(let tenant): action(broker, request, tenant)
                case .failure(let refusal): (refusal, [])
                }
            }
        }
    }
}
