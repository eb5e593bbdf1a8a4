import Foundation
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator
import NIOHTTP1
import Testing

/// What reaches which answer: the paths and methods Orion does not serve, the proxy in front, and
/// the path parameters, over HTTP like any client.
@Suite struct SimulatorRoutingTests {
    static let notServed =
        #"{"error":"BadRequest","description":"Service not found. Check your URL as probably it is wrong."}"#

    @Test func unservedPathsAndMethodsAnswerInOrionsWords() async throws {
        try await withSimulator(entities: crowdEntities(2)) { _, url in
            let base = url.absoluteString
            let wrongMethod = try await httpCall(.PUT, base + "/v2/entities")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.body == #"{"error":"MethodNotAllowed","description":"method not allowed"}"#)
            #expect(try await httpCall(.GET, base + "/v2/entities/a/b/c").status == 405)
            #expect(try await httpCall(.HEAD, base + "/v2/entities").status == 405)
            let unknown = try await httpCall(.GET, base + "/v2/nothing")
            #expect(unknown.status == 400)
            #expect(unknown.body == Self.notServed)
            #expect(try await httpCall(.GET, base + "/").body == Self.notServed)
            #expect(try await httpCall(.POST, base + "/version").body == Self.notServed)
            // The tenant is checked before the path is found wanting, as Orion does.
            let badTenant = try await httpCall(.GET, base + "/v2/nothing", headers: [("Fiware-Service", "bad!")])
            #expect(badTenant.body == #"{"error":"BadRequest","description":"bad character in tenant name"}"#)
            let ld = try await httpCall(.GET, base + "/ngsi-ld/v1/nothing/x")
            #expect(ld.status == 400)
            let problem = try JSONParser.parse(ld.body)
            #expect(problem["type"]?.string == "https://uri.etsi.org/ngsi-ld/errors/BadRequestData")
            #expect(problem["detail"]?.string == "/ngsi-ld/v1/nothing/x")
            let noTenant = try await httpCall(
                .GET, base + "/ngsi-ld/v1/entities?type=CrowdFlowObserved", headers: [("NGSILD-Tenant", "nobody")])
            #expect(noTenant.status == 404)
            #expect(
                try JSONParser.parse(noTenant.body)["type"]?.string
                    == "https://uri.etsi.org/ngsi-ld/errors/NonexistentTenant")
        }
    }

    @Test func servedPathsTakeTrailingSlashesAndEncodedIDs() async throws {
        try await withSimulator(entities: crowdEntities(2)) { simulator, url in
            let base = url.absoluteString
            let directory = try await httpCall(.GET, base + "/v2")
            #expect(directory.status == 200)
            #expect(try JSONParser.parse(directory.body)["entities_url"]?.string == "/v2/entities")
            let version = try await httpCall(.GET, base + "/version")
            #expect(try JSONParser.parse(version.body)["orion"]?["version"]?.string == "3.10.1")
            let slash = try await httpCall(.GET, base + "/v2/entities/?type=CrowdFlowObserved")
            #expect(slash.status == 200)
            #expect(try JSONParser.parse(slash.body).array?.count == 2)
            try await simulator.upsert([["id": "castle gate", "type": "Spot", "n": ["type": "Number", "value": 1]]])
            let spaced = try await httpCall(.GET, base + "/v2/entities/castle%20gate?options=keyValues")
            #expect(spaced.status == 200)
            #expect(try JSONParser.parse(spaced.body)["id"]?.string == "castle gate")
            let ld = try await httpCall(.GET, base + "/ngsi-ld/v1/entities/castle%20gate")
            #expect(try JSONParser.parse(ld.body)["id"]?.string == "castle gate")
        }
    }

    @Test func theProxyStandsInFrontOfEveryPathButTheOpenOnes() async throws {
        try await withSimulator(auth: SimulatorAuth(staticTokens: ["city-token"])) { _, url in
            let base = url.absoluteString
            #expect(try await httpCall(.GET, base + "/version").status == 200)
            let refused = try await httpCall(.GET, base + "/v2/entities?type=CrowdFlowObserved")
            #expect(refused.status == 401)
            #expect(refused.body == "Auth-token not found in request header")
            #expect(try await httpCall(.GET, base + "/nowhere").status == 401)
            #expect(try await httpCall(.PUT, base + "/v2/entities").status == 401)
            let wrong = try await httpCall(.GET, base + "/v2/entities", headers: [("X-Auth-Token", "guess")])
            #expect(wrong.body == "Invalid token")
            let allowed = try await httpCall(
                .GET, base + "/v2/entities?type=CrowdFlowObserved", headers: [("Authorization", "Bearer city-token")])
            #expect(allowed.status == 200)
            // The token endpoint answers for itself: OAuth2's JSON, not the proxy's text.
            let token = try await httpCall(.POST, base + "/oauth2/token", body: "grant_type=client_credentials")
            #expect(token.status == 401)
            #expect(try JSONParser.parse(token.body)["error"]?.string == "invalid_client")
        }
    }
}
