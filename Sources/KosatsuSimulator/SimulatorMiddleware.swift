import HTTPTypes
import Hummingbird

/// The PEP proxy in front of the broker (Wilma's part): a request without a valid token is
/// refused before any route sees it. The rules are the broker's (`+Auth`).
struct PEPProxy: RouterMiddleware {
    typealias Context = BasicRequestContext
    let broker: SimulatedBroker

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let refusal = await broker.checkAuth(BrokerRequest(head: request)) { return refusal.response }
        return try await next(request, context)
    }
}

/// Orion answers a path or method it does not serve in its own words (400 "service not found",
/// 405 for a known v2 resource, NGSI-LD's ProblemDetails), not with the router's bare 404.
struct ServiceNotFound: RouterMiddleware {
    typealias Context = BasicRequestContext
    let simulator: NGSISimulator

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return await simulator.answer(request, context) { broker, request in (broker.unrouted(request), []) }
        }
    }
}
