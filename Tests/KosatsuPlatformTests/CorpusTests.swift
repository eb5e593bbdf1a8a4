import Foundation
import KosatsuData
import KosatsuPlatform
import Testing

/// `../shared/corpus/ngsi` next to the repository (or `KOSATSU_CORPUS`/ngsi), if present.
let ngsiCorpus: String? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let candidates: [String?] = [
        ProcessInfo.processInfo.environment["KOSATSU_CORPUS"].map { $0 + "/ngsi" },
        root.deletingLastPathComponent().appendingPathComponent("shared/corpus/ngsi").path,
    ]
    return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
}()

@Suite(
    .enabled(
        if: ngsiCorpus != nil,
        "skipped: the NGSI corpus (../shared/corpus/ngsi beside the repository, or KOSATSU_CORPUS) is absent"))
struct CorpusTests {
    /// The one upstream file that is not valid JSON (no comma after "occupancy": 50).
    static let malformed = "PointOfInterest/example.jsonld"

    static func files() -> [String] {
        guard let corpus = ngsiCorpus,
            let enumerator = FileManager.default.enumerator(atPath: corpus)
        else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") || $0.hasSuffix(".jsonld") }
            .sorted()
    }

    @Test func everyExampleParses() throws {
        let corpus = try #require(ngsiCorpus)
        let files = Self.files()
        #expect(files.count == 32)
        for file in files {
            let data = try #require(FileManager.default.contents(atPath: corpus + "/" + file))
            // The GeoJSON Feature example carries normalized NGSI-LD properties.
            let format: NGSIFormat =
                file.contains("normalized") || file.contains("geojsonfeature") ? .normalized : .keyValues
            if file == Self.malformed {
                #expect {
                    _ = try JSONParser.parse(data)
                } throws: { error in
                    guard let error = error as? JSONParseError else { return false }
                    return error.line == 43 && error.message.contains("after the member \"occupancy\"")
                }
                continue
            }
            let json = try JSONParser.parse(data)
            let entities =
                try json.array.map { try NGSIEntity.list(.array($0), format: format) } ?? [
                    NGSIEntity(json: json, format: format)
                ]
            #expect(!entities.isEmpty, "\(file)")
            for entity in entities {
                #expect(!entity.id.isEmpty && !entity.type.isEmpty, "\(file)")
                #expect(entity.attributes["@context"] == nil, "\(file)")
                if format == .normalized {
                    // Normalized attributes are reduced to their values: nothing keeps a "value" wrapper.
                    for (name, attribute) in entity.attributes {
                        #expect(attribute.value["value"] == nil || name == "location", "\(file): \(name)")
                    }
                }
            }
        }
    }

    @Test(arguments: ["example.json", "example-normalized.json", "example.jsonld", "example-normalized.jsonld"])
    func crowdFlowBecomesASpot(file: String) throws {
        let corpus = try #require(ngsiCorpus)
        let data = try #require(FileManager.default.contents(atPath: "\(corpus)/CrowdFlowObserved/\(file)"))
        let entity = try NGSIEntity(
            json: JSONParser.parse(data), format: file.contains("normalized") ? .normalized : .keyValues)
        var config = PlatformConfig(url: URL(string: "http://127.0.0.1:1026")!)
        config.spots = SpotMapping()
        let spot = try #require(EntityMapper(config: config).spot(entity, now: Date()))
        #expect(spot.id == "urn:ngsi-ld:CrowdFlowObserved:Valladolid_1")
        #expect(spot.peopleCount == 100)
        #expect(spot.congestion == .low)  // congested: false
        let observed = try #require(spot.observedAt)
        // 2018-08-07T11:10:00 (no zone, taken as UTC) or the interval's end 11:15.
        #expect(observed.timeIntervalSince1970 >= 1_533_640_200 && observed.timeIntervalSince1970 <= 1_533_640_500)
    }

    @Test(arguments: ["example.json", "example-normalized.json", "example.jsonld", "example-normalized.jsonld"])
    func alertBecomesAnAlertNotice(file: String) throws {
        let corpus = try #require(ngsiCorpus)
        let data = try #require(FileManager.default.contents(atPath: "\(corpus)/Alert/\(file)"))
        let entity = try NGSIEntity(
            json: JSONParser.parse(data), format: file.contains("normalized") ? .normalized : .keyValues)
        var config = PlatformConfig(url: URL(string: "http://127.0.0.1:1026")!)
        config.alerts = AlertMapping()
        // Judge it on the day it was issued, so it is still valid.
        let issued = try #require(ISO8601.parse("2017-01-02T09:30:00Z"))
        let alert = try #require(EntityMapper(config: config).alert(entity, now: issued))
        #expect(alert.event == "trafficJam")
        #expect(alert.headline.ja == "The road is completely blocked for 3kms")
        #expect(alert.level?.ja == "警戒")
        #expect(alert.expires == ISO8601.parse("2017-01-02T10:25:55Z"))
    }

    @Test(arguments: ["example.json", "example-normalized.json", "example.jsonld", "example-normalized.jsonld"])
    func weatherObservedBecomesWeather(file: String) throws {
        let corpus = try #require(ngsiCorpus)
        let data = try #require(FileManager.default.contents(atPath: "\(corpus)/WeatherObserved/\(file)"))
        let entity = try NGSIEntity(
            json: JSONParser.parse(data), format: file.contains("normalized") ? .normalized : .keyValues)
        var config = PlatformConfig(url: URL(string: "http://127.0.0.1:1026")!)
        config.weather = WeatherMapping()
        let weather = try #require(EntityMapper(config: config).weather([entity]))
        #expect(weather.temperature == 3.3)
        // relativeHumidity is a fraction upstream (1 in three files, 0.15 in one): shown as %.
        let expected = file == "example-normalized.json" ? 15.0 : 100.0
        #expect(weather.humidity.map { abs($0 - expected) < 0.001 } == true)
        #expect(weather.observedAt != nil)
    }
}
