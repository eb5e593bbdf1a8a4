import Foundation
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator
import NIOHTTP1
import Testing

/// The simulator answers as Orion's manual says; these talk to it over HTTP like any client.
@Suite struct SimulatorTests {
    func ids(_ body: String) throws -> [String] {
        try JSONParser.parse(body).array?.compactMap { $0["id"]?.string } ?? []
    }

    @Test func pagingAndCountFollowOrion() async throws {
        try await withSimulator(entities: crowdEntities(45)) { _, url in
            let base = url.absoluteString + "/v2/entities?type=CrowdFlowObserved"
            let first = try await httpCall(.GET, base + "&options=count")
            #expect(first.status == 200)
            #expect(try ids(first.body).count == 20)  // Orion's default limit
            #expect(first.headers.first { $0.0.lowercased() == "fiware-total-count" }?.1 == "45")
            let last = try await httpCall(.GET, base + "&limit=20&offset=40")
            #expect(try ids(last.body) == (40..<45).map { "urn:ngsi-ld:CrowdFlowObserved:spot-\($0)" })
            #expect(last.headers.contains { $0.0.lowercased() == "fiware-total-count" } == false)
            let past = try await httpCall(.GET, base + "&offset=100")
            #expect(past.body == "[]")
            let tooMany = try await httpCall(.GET, base + "&limit=1001")
            #expect(tooMany.status == 400)
            #expect(
                tooMany.body
                    == #"{"error":"BadRequest","description":"Bad pagination limit: /1001/ [a value between 1 and 1000 is allowed]"}"#
            )
            let badOption = try await httpCall(.GET, base + "&options=sorted")
            #expect(badOption.body.contains("Invalid value for URI param /options/"))
        }
    }

    @Test func queriesFilterByQIdPatternAndAttrs() async throws {
        try await withSimulator(entities: crowdEntities(30)) { _, url in
            let base = url.absoluteString + "/v2/entities?type=CrowdFlowObserved&limit=1000"
            func query(_ extra: String) async throws -> [String] {
                let answer = try await httpCall(.GET, base + extra)
                #expect(answer.status == 200, "\(extra): \(answer.body)")
                return try ids(answer.body).map { String($0.split(separator: "-").last!) }
            }
            #expect(try await query("&q=peopleCount==3") == ["3"])
            #expect(try await query("&q=peopleCount==3,5,7") == ["3", "5", "7"])
            #expect(try await query("&q=peopleCount==10..12") == ["10", "11", "12"])
            #expect(try await query("&q=peopleCount>27") == ["28", "29"])
            #expect(try await query("&q=peopleCount<=1") == ["0", "1"])
            let anded = try await query("&q=peopleCount%3E=5%3BpeopleCount%3C7")
            #expect(anded == ["5", "6"])
            #expect(try await query("&q=peopleCount!=0..27") == ["28", "29"])
            #expect(try await query("&q=name==%27spot%204%27") == ["4"])
            #expect(
                try await query("&q=name~=spot%202.") == ["20", "21", "22", "23", "24", "25", "26", "27", "28", "29"])
            #expect(try await query("&q=dateObserved>2026-01-01T00:00:00Z").count == 30)
            #expect(try await query("&q=!peopleCount").isEmpty)
            #expect(try await query("&idPattern=spot-1[0-2]$") == ["10", "11", "12"])
            let attrs = try await httpCall(.GET, base + "&limit=1&attrs=peopleCount&options=keyValues")
            #expect(
                attrs.body
                    == #"[{"id":"urn:ngsi-ld:CrowdFlowObserved:spot-0","type":"CrowdFlowObserved","peopleCount":0}]"#)
            let normalized = try await httpCall(.GET, base + "&limit=1&attrs=peopleCount")
            #expect(
                normalized.body
                    == #"[{"id":"urn:ngsi-ld:CrowdFlowObserved:spot-0","type":"CrowdFlowObserved","peopleCount":{"type":"Number","value":0,"metadata":{}}}]"#
            )
        }
    }

    @Test func ldAnswersWithPropertiesAndResultsCount() async throws {
        try await withSimulator(entities: crowdEntities(3)) { _, url in
            let base = url.absoluteString + "/ngsi-ld/v1/entities?type=CrowdFlowObserved"
            let answer = try await httpCall(.GET, base + "&count=true&limit=1&attrs=peopleCount,dateObserved")
            #expect(answer.headers.first { $0.0.lowercased() == "ngsild-results-count" }?.1 == "3")
            #expect(
                answer.body
                    == #"[{"id":"urn:ngsi-ld:CrowdFlowObserved:spot-0","type":"CrowdFlowObserved","peopleCount":{"type":"Property","value":0},"dateObserved":{"type":"Property","value":{"@type":"DateTime","@value":"2026-11-23T05:00:00Z"}}}]"#
            )
            let missing = try await httpCall(.GET, url.absoluteString + "/ngsi-ld/v1/entities/urn:ngsi-ld:X:none")
            #expect(missing.status == 404)
            #expect(missing.body.contains("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound"))
            let broad = try await httpCall(.GET, url.absoluteString + "/ngsi-ld/v1/entities")
            #expect(broad.status == 400)
        }
    }

    @Test func writesFollowOrionsRules() async throws {
        try await withSimulator(entities: []) { simulator, url in
            let entities = url.absoluteString + "/v2/entities"
            let json = [("Content-Type", "application/json")]
            let created = try await httpCall(
                .POST, entities, headers: json, body: #"{"id":"a","type":"T","n":{"type":"Number","value":1}}"#)
            #expect(created.status == 201)
            #expect(created.headers.first { $0.0 == "Location" }?.1 == "/v2/entities/a?type=T")
            let again = try await httpCall(.POST, entities, headers: json, body: #"{"id":"a","type":"T"}"#)
            #expect(again.status == 422)
            #expect(again.body == #"{"error":"Unprocessable","description":"Already Exists"}"#)
            let forbidden = try await httpCall(
                .POST, entities, headers: json,
                body: #"{"id":"b","type":"T","t":{"type":"Text","value":"Castle (keep)"}}"#)
            #expect(forbidden.status == 400)
            #expect(forbidden.body.contains("Invalid characters in attribute value"))
            let unrestricted = try await httpCall(
                .POST, entities, headers: json,
                body: #"{"id":"c","type":"T","t":{"type":"TextUnrestricted","value":"Castle (keep)"}}"#)
            #expect(unrestricted.status == 201)
            let broken = try await httpCall(.POST, entities, headers: json, body: "{")
            #expect(broken.body == #"{"error":"ParseError","description":"Errors found in incoming JSON buffer"}"#)
            let patch = try await httpCall(
                .PATCH, entities + "/a/attrs", headers: json, body: #"{"n":{"type":"Number","value":2}}"#)
            #expect(patch.status == 204)
            let unknown = try await httpCall(
                .PATCH, entities + "/zzz/attrs", headers: json, body: #"{"n":{"value":2}}"#)
            #expect(unknown.status == 404)
            #expect(
                unknown.body
                    == #"{"error":"NotFound","description":"The requested entity has not been found. Check type and id"}"#
            )
            let badTenant = try await httpCall(.GET, entities, headers: [("Fiware-Service", "bad-tenant!")])
            #expect(badTenant.body == #"{"error":"BadRequest","description":"bad character in tenant name"}"#)
            let badPath = try await httpCall(.GET, entities, headers: [("Fiware-ServicePath", "signage")])
            #expect(badPath.status == 400)
            let nowhere = try await httpCall(.GET, url.absoluteString + "/v3/entities")
            #expect(nowhere.body.contains("Service not found"))
            #expect(await simulator.entityCount() == 2)
        }
    }

    @Test func odawaraCountsFollowADay() {
        func count(_ spot: Int, _ time: String) -> Int { OdawaraDay.peopleCount(spot: spot, at: ISO8601.parse(time)!) }
        // The castle at 3 a.m. and 1:30 p.m.; the station's morning peak; the port's market.
        #expect(count(0, "2026-11-23T03:00:00+09:00") < 100)
        #expect(count(0, "2026-11-23T13:30:00+09:00") > 1700)
        #expect(count(1, "2026-11-23T08:00:00+09:00") > count(1, "2026-11-23T14:00:00+09:00"))
        #expect(count(2, "2026-11-23T07:30:00+09:00") > count(2, "2026-11-23T16:00:00+09:00"))
        #expect(count(3, "2026-11-23T22:00:00+09:00") == 0)
    }
}
