import Foundation
import Testing

/// `kosatsu shelters`: a city checks its GSI list before it reaches a sign.
@Suite struct SheltersCommandTests {
    let cli = CommandLineTests()
    static let fixtures = "Tests/KosatsuSheltersTests/Fixtures/"

    @Test func jsonListsTheNearestForTheHazard() async throws {
        let result = try await cli.run([
            "shelters", "--file", Self.fixtures + "odawara-shift-jis.csv", "--near", "35.2564,139.1553", "--hazard",
            "tsunami", "--limit", "2", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == ["神奈川県立小田原高等学校", "小田原城址公園（本丸広場, 二の丸広場）"])
        let first = try #require(list.first)
        #expect(first["distanceMetres"] as? Int == 634 && first["bearingDegrees"] as? Int == 307)
        #expect(first["address"] as? String == "神奈川県小田原市城山三丁目")
        #expect((first["hazards"] as? [String])?.contains("tsunami") == true)
    }

    @Test func brokenRowsAreReportedAndTheRestListed() async throws {
        let result = try await cli.run([
            "shelters", "--file", Self.fixtures + "broken-rows.csv", "--near", "35.2564,139.1553", "--hazard",
            "earthquake",
        ])
        #expect(result.status == 0)
        #expect(result.stderr.contains("broken-rows.csv:7: '小田原アリーナ' has no usable position"))
        #expect(result.stdout.contains("城山陸上競技場") && result.stdout.contains("小田原城址公園"))
    }

    @Test func badArgumentsAreClearErrors() async throws {
        let hazard = try await cli.run([
            "shelters", "--file", Self.fixtures + "odawara-utf8-bom.csv", "--near", "35.2564,139.1553", "--hazard",
            "meteor",
        ])
        #expect(hazard.status == 1 && hazard.stderr.contains("--hazard: expected one of flood, landslide"))
        let near = try await cli.run([
            "shelters", "--file", Self.fixtures + "odawara-utf8-bom.csv", "--near", "odawara", "--hazard", "tsunami",
        ])
        #expect(near.status == 1 && near.stderr.contains("--near: expected LAT,LON"))
        let file = try await cli.run([
            "shelters", "--file", "Layouts/city-info.yaml", "--near", "35,139", "--hazard", "fire",
        ])
        #expect(file.status == 1 && file.stderr.contains("city-info.yaml:1: the header has no 施設・場所名"))
    }
}
