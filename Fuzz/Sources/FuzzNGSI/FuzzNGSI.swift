import CFuzzDriver
import Foundation
import KosatsuData
import KosatsuPlatform

/// A config that maps every kind of entity the sign reads, with the Smart Data Models' type names.
private let mapper: EntityMapper = {
    var config = PlatformConfig(url: URL(fileURLWithPath: "/"))
    config.spots = SpotMapping(type: "CrowdFlowObserved")
    config.alerts = AlertMapping(type: "Alert")
    config.notices = NoticeMapping(type: "PointOfInterest")
    config.weather = WeatherMapping(type: "WeatherObserved")
    return EntityMapper(config: config)
}()

/// One input: a broker's reply (a list of entities or one entity), as NGSI v2 or NGSI-LD JSON,
/// read in both the normalized and keyValues forms and mapped to what a sign shows.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNGSI(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard let json = try? JSONParser.parse(bytes) else { return 0 }
    _ = JSONWriter.string(json)
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    for format in NGSIFormat.allCases {
        let entities: [NGSIEntity]
        if case .array = json {
            guard let list = try? NGSIEntity.list(json, format: format) else { continue }
            entities = list
            // The byte-level reader must give the same entities as the tree.
            if (try? NGSIEntity.list(bytes: bytes, format: format)) != list {
                fatalError("NGSIEntity.list(bytes:) differs from the JSON tree's entities")
            }
        } else {
            guard let one = try? NGSIEntity(json: json, format: format) else { continue }
            entities = [one]
        }
        for entity in entities {
            _ = mapper.spot(entity, now: now)
            _ = mapper.alert(entity, now: now)
            _ = mapper.notice(entity)
        }
        _ = mapper.weather(entities)
    }
    return 0
}

/// The entry point SwiftPM links as `main` in a debug build: hands over to libFuzzer's driver.
@_cdecl("FuzzNGSI_main")
public func fuzzNGSIMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return fuzzNGSI(UnsafeRawPointer(bitPattern: 1)!, 0) }
        return fuzzNGSI(UnsafeRawPointer(data), size)
    }
}
