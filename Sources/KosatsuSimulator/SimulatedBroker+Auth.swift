import Foundation
import KosatsuData
import KosatsuPlatform

/// The PEP proxy in front of the broker: static tokens, and the OAuth2 client-credentials token
/// endpoint that issues tokens with a lifetime.
extension SimulatedBroker {
    func checkAuth(_ request: BrokerRequest) -> BrokerResponse? {
        guard let auth else { return nil }
        var token = request.header("X-Auth-Token")
        if token == nil, let authorization = request.header("Authorization"),
            authorization.lowercased().hasPrefix("bearer ")
        {
            token = String(authorization.dropFirst(7))
        }
        guard let token else {
            return BrokerResponse(
                status: 401, headers: [("Content-Type", "text/plain")],
                body: Array("Auth-token not found in request header".utf8))
        }
        if auth.staticTokens.contains(token) { return nil }
        if let expiry = issuedTokens[token], now() < expiry { return nil }
        return BrokerResponse(status: 401, headers: [("Content-Type", "text/plain")], body: Array("Invalid token".utf8))
    }

    func token(_ request: BrokerRequest) -> BrokerResponse {
        guard let auth, let authorization = request.header("Authorization"), authorization.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(authorization.dropFirst(6))).flatMap({
                String(data: $0, encoding: .utf8)
            }),
            let colon = decoded.firstIndex(of: ":")
        else {
            return .json(401, ["error": "invalid_client", "error_description": "client authentication failed"])
        }
        let client = String(decoded[..<colon])
        let secret = String(decoded[decoded.index(after: colon)...])
        let form = String(decoding: request.body, as: UTF8.self)
        guard auth.clients[client] == secret else {
            return .json(401, ["error": "invalid_client", "error_description": "client authentication failed"])
        }
        guard form.split(separator: "&").contains("grant_type=client_credentials") else {
            return .json(400, ["error": "unsupported_grant_type"])
        }
        tokensIssued += 1
        let token = "sim-\(tokensIssued)-" + hexID(12)
        issuedTokens[token] = now().addingTimeInterval(auth.tokenLifetime)
        return .json(
            200,
            [
                "access_token": .string(token), "token_type": "Bearer",
                "expires_in": .number(auth.tokenLifetime.rounded()),
            ])
    }
}
