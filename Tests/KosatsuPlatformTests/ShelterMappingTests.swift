import Foundation
import KosatsuData
import KosatsuPlatform
import Testing

/// Shelters a city publishes on its platform (`platform.shelters`): position, designations, 開設 state
/// and crowding, in the forms providers write them.
@Suite struct ShelterMappingTests {
    func shelter(_ json: String, format: NGSIFormat = .keyValues) throws -> Shelter? {
        var config = PlatformConfig(url: URL(string: "http://127.0.0.1:1026")!)
        config.shelters = ShelterMapping()
        let entity = try NGSIEntity(json: try JSONParser.parse(Data(json.utf8)), format: format)
        return EntityMapper(config: config).shelter(entity)
    }

    @Test func keyValuesWithDesignationsStateAndCrowding() throws {
        let found = try #require(
            try shelter(
                """
                {"id": "poi-1", "type": "PointOfInterest", "name": "小田原市役所", "commonID": "14206-0005",
                 "location": {"type": "Point", "coordinates": [139.1523, 35.2645]},
                 "address": {"addressRegion": "神奈川県", "addressLocality": "小田原市", "streetAddress": "荻窪300"},
                 "hazards": ["土砂災害", "tsunami", "高潮"], "shelterStatus": "開設中", "peopleCount": 120, "capacity": 500}
                """))
        #expect(found.id == "14206-0005" && found.name.ja == "小田原市役所")
        #expect(found.position == GeoPoint(latitude: 35.2645, longitude: 139.1523))
        #expect(found.address == "神奈川県小田原市荻窪300")
        #expect(found.hazards == [.landslide, .stormSurge, .tsunami])
        #expect(found.isOpen == true && found.congestion == .low)
    }

    @Test func statesAndPointsAsWritten() throws {
        let closed = try shelter(
            #"{"id": "p", "type": "PointOfInterest", "name": "x", "location": "35.25, 139.15", "shelterStatus": "未開設", "occupancy": 95}"#
        )
        #expect(closed?.isOpen == false && closed?.congestion == .veryHigh)
        #expect(closed?.position == GeoPoint(latitude: 35.25, longitude: 139.15))
        let flag = try shelter(
            #"{"id": "q", "type": "PointOfInterest", "name": "y", "location": {"type": "Point", "coordinates": [139, 35]}, "shelterStatus": true, "hazards": "洪水・内水氾濫"}"#
        )
        #expect(flag?.isOpen == true && flag?.hazards == [.flood, .inlandFlood])
        // Without a position there is nowhere to point to.
        #expect(try shelter(#"{"id": "r", "type": "PointOfInterest", "name": "z"}"#) == nil)
        #expect(
            try shelter(
                #"{"id": "s", "type": "PointOfInterest", "location": {"type": "Point", "coordinates": [200, 95]}}"#)
                == nil)
    }
}
