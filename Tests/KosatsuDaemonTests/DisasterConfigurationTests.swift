import Foundation
import KosatsuAlerts
import KosatsuLayout
import KosatsuPlatform
import Testing

@testable import KosatsuDaemon

/// The configuration keys for disaster information: checked like every other key, each mistake
/// reported at its line and column.
@Suite struct DisasterConfigurationTests {
    static let root = ConfigurationTests.root
    static let file = root.appendingPathComponent("systemd/test.yaml").path

    func load(_ yaml: String) throws(ConfigError) -> SignConfiguration {
        try ConfigurationLoader.parse("kosatsu: 1\nlayouts: ../Layouts\n" + yaml, file: Self.file, environment: [:])
    }

    func diagnostics(_ yaml: String) -> [ConfigDiagnostic] {
        do {
            _ = try load(yaml)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func takeoverIntensityIsPerSign() throws {
        #expect(try load("").takeover.minimumIntensity == .four)
        #expect(try load("alerts: {takeover-intensity: 5-}\n").takeover.minimumIntensity == .fiveLower)
        #expect(try load("alerts: {takeover-intensity: 6強}\n").takeover.minimumIntensity == .sixUpper)
        #expect(try load("alerts: {takeover-intensity: 3}\n").takeover.minimumIntensity == .three)
        let found = diagnostics("alerts:\n  calm: 5m\n  takeover-intensity: 8\n")
        #expect(
            found.contains {
                $0.line == 5 && $0.column == 23 && $0.message.contains("'takeover-intensity' must be a 震度")
            })
        #expect(diagnostics("alerts: {takeover-intensity: 0}\n").contains { $0.line == 3 })
    }

    static let csv = root.appendingPathComponent("Layouts/samples/odawara-shelters.csv").path

    @Test func facingAndShelters() throws {
        let configuration = try load(
            """
            sign: {latitude: 35.2564, longitude: 139.1550, facing: 135}
            shelters: {files: [\(Self.csv)], limit: 4, within: 2000}
            """)
        #expect(configuration.facing == 135)
        #expect(configuration.shelters.files == [Self.csv])
        #expect(configuration.shelters.limit == 4 && configuration.shelters.within == 2000)
        #expect(try load("sign: {latitude: 35.2, longitude: 139.1, facing: 360}\n").facing == 0)
        #expect(
            try load("shelters: {files: [\(Self.csv)], within: ~}\nsign: {latitude: 35.2, longitude: 139.1}\n")
                .shelters.within == nil)
    }

    @Test func shelterMistakesAreReportedWhereTheyAre() {
        let found = diagnostics(
            """
            sign: {latitude: 35.2564, longitude: 139.1550, facing: -10}
            shelters:
              files: [no-such-file.csv]
              limit: 40
            """)
        #expect(found.contains { $0.line == 3 && $0.message.contains("'facing'") })
        #expect(found.contains { $0.line == 5 && $0.message.contains("cannot read the shelter list") })
        #expect(found.contains { $0.line == 6 && $0.message.contains("'limit'") })
        let noPosition = diagnostics("shelters: {files: [\(Self.csv)]}\n")
        #expect(noPosition.contains { $0.line == 3 && $0.message.contains("needs the sign's position") })
        #expect(
            diagnostics("shelters: {limit: 3}\nsign: {latitude: 35.2, longitude: 139.1}\n").contains {
                $0.line == 3 && $0.message.contains("files")
            })
    }

    @Test func thePlatformsEvacuationAttributesAndShelters() throws {
        let configuration = try load(
            """
            platform:
              url: http://127.0.0.1:1026
              alerts:
                evacuation: {level: 警戒レベル, kind: ~, districts: 対象地区, areaCode: 市町村コード}
              shelters:
                type: PointOfInterest
                q: category==shelter
                open: 開設状況
                hazards: 対象災害
            """)
        var read: PlatformConfig?
        if case .platform(let platform) = configuration.data { read = platform }
        let platform = try #require(read, "no platform section read")
        let names = try #require(platform.alerts?.evacuation)
        #expect(names.level == "警戒レベル" && names.kind == nil && names.districts == "対象地区")
        #expect(names.hazard == "hazard" && names.areaCode == "市町村コード")
        let shelters = try #require(platform.shelters)
        #expect(shelters.selection.q == "category==shelter" && shelters.open == "開設状況" && shelters.hazards == "対象災害")
        let found = diagnostics(
            """
            platform:
              url: http://127.0.0.1:1026
              alerts:
                evacuation: {level: ~, kind: ~, distrcts: 地区}
              shelters: {location: ~}
            """)
        #expect(found.contains { $0.line == 6 && $0.message.contains("'distrcts'") })
        #expect(found.contains { $0.line == 6 && $0.message.contains("needs 'level' or 'kind'") })
        #expect(found.contains { $0.line == 7 && $0.message.contains("needs a 'location'") })
    }
}
