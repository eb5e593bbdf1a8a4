import AsyncHTTPClient
import Foundation
public import KosatsuData
import NIOCore
import NIOHTTP1

/// What a sign (or an operator's tool) writes to the platform besides its own HTTP
/// subscriptions: entities it reports (the sign's `Device`), and subscription documents made
/// elsewhere (the MQTT subscriptions of `kosatsu subscriptions`).
extension PlatformClient {
    /// Creates or updates entities (normalized form): v2 `POST /v2/op/update` with `append`,
    /// LD `POST /ngsi-ld/v1/entityOperations/upsert`.
    public func upsert(_ entities: [JSONValue]) async throws(NGSIError) {
        let reply: Reply
        switch config.flavour {
        case .v2:
            reply = try await send(.POST, "/op/update", body: ["actionType": "append", "entities": .array(entities)])
        case .ld:
            reply = try await send(.POST, "/entityOperations/upsert", body: .array(entities))
        }
        guard (200..<300).contains(reply.status) else {
            throw reply.error(what: "upsert of \(entities.count) entities")
        }
    }

    /// Creates a subscription from a whole document; returns its id.
    public func createSubscription(document: JSONValue) async throws(NGSIError) -> String {
        let reply = try await send(.POST, "/subscriptions", body: document)
        guard reply.status == 201 else { throw reply.error(what: "POST \(base)/subscriptions") }
        guard let location = reply.headers.first(name: "Location"),
            let id = location.split(separator: "/").last.map(String.init), !id.isEmpty
        else {
            throw NGSIError(.badPayload, "POST \(base)/subscriptions: 201 without a Location header")
        }
        return id.removingPercentEncoding ?? id
    }

    /// Every subscription the broker lists (first 1000).
    public func subscriptions() async throws(NGSIError) -> [JSONValue] {
        let reply = try await send(.GET, "/subscriptions", query: [("limit", "1000")])
        guard reply.status == 200 else { throw reply.error(what: "GET \(base)/subscriptions") }
        guard let json = try? JSONParser.parse(reply.body.readableBytesView), let list = json.array else {
            throw NGSIError(.badJSON, "GET \(base)/subscriptions: the answer is not a JSON list")
        }
        return list
    }
}
