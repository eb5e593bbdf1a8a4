import Foundation
import KosatsuAlertFeeds
import KosatsuAlerts
import Testing

/// `POST /alerts`: only the configured bearer token is heard; refusals leak nothing.
struct AlertPushEndpointTests {
    static let token = "s3cret-token-for-tests"
    static let endpoint = AlertPushEndpoint(token: token, maximumBodySize: 64 * 1024)

    static func request(
        authorization: String? = "Bearer \(token)", method: String = "POST", path: String = "/alerts",
        body: Data = Data()
    ) -> PushRequest {
        var headers = ["Content-Type": "application/cap+xml"]
        headers["Authorization"] = authorization
        return PushRequest(method: method, path: path, headers: headers, body: body, remote: "192.0.2.7")
    }

    @Test(arguments: [
        nil, "", "Bearer", "Bearer ", "Basic czNjcmV0", "Bearer s3cret-token-for-test",
        "Bearer s3cret-token-for-testsX",
        "bearer wrong", "Token \(token)",
    ])
    func anythingButTheTokenIs401WithNothingInIt(_ authorization: String?) throws {
        let response = Self.endpoint.handle(
            Self.request(authorization: authorization, body: try Fixture.data("cap-exercise.xml")))
        #expect(response.status == 401)
        #expect(response.body.isEmpty)
        #expect(response.headers == ["WWW-Authenticate": "Bearer"])
        #expect(response.alerts.isEmpty)
        #expect(!response.log.contains(Self.token) && !response.log.contains("s3cret"))
        #expect(response.log.hasPrefix("POST /alerts from 192.0.2.7: 401"))
    }

    @Test func theTokenIsAcceptedWhateverTheSchemeCase() throws {
        let response = Self.endpoint.handle(
            Self.request(authorization: "bearer \(Self.token)", body: try Fixture.data("cap-exercise.xml")))
        #expect(response.status == 202)
        #expect(response.alerts.map(\.status) == [.exercise])
        #expect(!response.log.contains(Self.token))
    }

    @Test func anEmptyConfiguredTokenRefusesEveryone() throws {
        let endpoint = AlertPushEndpoint(token: "")
        for authorization in ["Bearer ", "Bearer", "Bearer x"] {
            #expect(
                endpoint.handle(Self.request(authorization: authorization, body: try Fixture.data("cap-exercise.xml")))
                    .status == 401)
        }
    }

    @Test func constantTimeComparisonStillCompares() {
        let token = BearerToken("abc")
        #expect(token.matches("abc"))
        #expect(!token.matches("abd") && !token.matches("ab") && !token.matches("abcd") && !token.matches(""))
        #expect(!BearerToken("").matches(""))
    }

    @Test func sizeIsLimitedBeforeAndAfterReadingTheBody() {
        let endpoint = AlertPushEndpoint(token: Self.token, maximumBodySize: 10)
        let early = endpoint.screen(
            method: "POST", path: "/alerts",
            headers: ["authorization": "Bearer \(Self.token)", "content-length": "11"],
            remote: nil)
        #expect(early?.status == 413)
        // Unauthenticated callers learn nothing, not even the limit.
        let stranger = endpoint.screen(method: "POST", path: "/alerts", headers: ["Content-Length": "11"], remote: nil)
        #expect(stranger?.status == 401 && stranger?.body.isEmpty == true)
        #expect(
            endpoint.screen(
                method: "POST", path: "/alerts",
                headers: ["Authorization": "Bearer \(Self.token)", "Content-Length": "10"],
                remote: nil) == nil)
        #expect(endpoint.handle(Self.request(body: Data(repeating: 0x20, count: 11))).status == 413)
    }

    @Test func otherMethodsPathsAndBodies() throws {
        #expect(Self.endpoint.handle(Self.request(method: "GET")).status == 405)
        #expect(Self.endpoint.handle(Self.request(path: "/other")).status == 404)
        let json = Self.endpoint.handle(Self.request(body: Data(#"{"id":"x","type":"Alert"}"#.utf8)))
        #expect(json.status == 415, "not XML, as the README says")
        #expect(Self.endpoint.handle(Self.request(body: Data("hello".utf8))).status == 415)
        let broken = Self.endpoint.handle(Self.request(body: Data("<alert".utf8)))
        #expect(broken.status == 400)
        #expect(String(decoding: broken.body, as: UTF8.self).contains("POST /alerts"))
        #expect(Self.endpoint.handle(Self.request(body: Data())).status == 400)
    }

    @Test func theQueryNeverReachesTheLog() {
        let response = Self.endpoint.handle(Self.request(authorization: nil, path: "/alerts?token=\(Self.token)"))
        #expect(response.status == 401 && !response.log.contains(Self.token))
    }

    /// A drill pushed to a sign never takes over; the response says what the board did.
    @Test func aPushedDrillGoesToTheBoardButNeverTakesOver() throws {
        var board = AlertBoard(area: SignArea(codes: [AreaCode("1420600")]))
        let now = try #require(try? Date.ISO8601FormatStyle().parse("2026-11-23T01:05:00Z"))
        let response = Self.endpoint.handle(
            Self.request(body: try Fixture.data("cap-exercise.xml")), board: &board, now: now)
        #expect(response.status == 202)
        #expect(board.takeover == nil && board.drillBanner != nil)
        let body = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect(body["takeover"] is NSNull)
        #expect((body["accepted"] as? [[String: String]])?.first?["outcome"] == "added")
    }
}
