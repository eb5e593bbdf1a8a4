import Foundation
import HTTPTypes
import Hummingbird
import KosatsuData
import Logging
import NIOCore

/// What a route asks of the broker, on the broker's actor: the answer, and the notifications the
/// request sets off.
typealias BrokerAction = @Sendable (isolated SimulatedBroker, BrokerRequest) -> (BrokerResponse, [Delivery])

extension NGSISimulator {
    /// Bodies larger than this are read as empty (and then refused by the route that needs one).
    static let maximumBody = 32 << 20

    /// The simulator's HTTP face on Hummingbird's router: the open endpoints (`/version`, the token
    /// endpoint), then, behind the PEP proxy, NGSI-v2 under `/v2` and NGSI-LD under `/ngsi-ld/v1`.
    /// A request no route takes gets Orion's "service not found" (or 405).
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: ServiceNotFound(simulator: self))
        router.get("version") { request, context in
            await self.answer(request, context) { _, _ in
                (.json(200, ["orion": ["version": "3.10.1", "uptime": "kosatsu simulator"]]), [])
            }
        }
        router.post("oauth2/token") { request, context in
            await self.answer(request, context) { broker, request in (broker.token(request), []) }
        }
        // Middleware applies to the routes added after it, and to requests no route takes.
        router.add(middleware: PEPProxy(broker: broker))
        V2Routes(simulator: self).register(on: router.group("v2"))
        LDRoutes(simulator: self).register(on: router.group("ngsi-ld/v1"))
        return router
    }

    /// Runs a route's action on the broker, then plays its delay and delivers its notifications
    /// before answering.
    func answer(_ request: Request, _ context: BasicRequestContext, _ action: BrokerAction) async -> Response {
        var request = request
        let body = (try? await request.collectBody(upTo: Self.maximumBody)) ?? ByteBuffer()
        var brokerRequest = BrokerRequest(head: request, parameters: context.parameters)
        brokerRequest.body = Array(body.readableBytesView)
        let (reply, deliveries) = await action(broker, brokerRequest)
        // A slow broker: the answer waits (cut short when the simulator stops).
        if let delay = reply.delay { try? await Task.sleep(for: delay) }
        // Delivered before answering, so a test that updates an entity sees the notification
        // arrive before its own request returns (Orion sends them asynchronously).
        await deliver(deliveries)
        return reply.response
    }
}

extension BrokerRequest {
    /// The request's method, path, query and headers (the body is read by whoever needs it).
    /// Header names are lower-cased, repeated headers joined with commas; query keys and values
    /// are percent-decoded, the last of a repeated key wins.
    init(head request: Request, parameters: Parameters = [:]) {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + "," + field.value } ?? field.value
        }
        var query: [String: String] = [:]
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            query[key] = value
        }
        var decoded: [String: String] = [:]
        for (name, value) in parameters {
            decoded[String(name)] = String(value).removingPercentEncoding ?? String(value)
        }
        self.init(
            method: request.method.rawValue,
            segments: request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) },
            query: query, headers: headers, body: [], parameters: decoded)
    }
}

extension BrokerResponse {
    var response: Response {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
