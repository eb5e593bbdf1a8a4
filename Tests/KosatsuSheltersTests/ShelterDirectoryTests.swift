import Foundation
import KosatsuData
import KosatsuShelters
import Testing

/// The nearest shelters for a hazard, from where a sign stands and the way its screen faces.
@Suite struct ShelterDirectoryTests {
    /// 小田原駅東口.
    static let station = GeoPoint(latitude: 35.2564, longitude: 139.1553)

    static func directory() throws -> ShelterDirectory {
        ShelterDirectory(try GSIShelterListTests.list("odawara-utf8-bom.csv").shelters)
    }

    /// Haversine against distances on the WGS 84 ellipsoid (Vincenty's inverse formula): the sphere
    /// is within 0.6 % everywhere, and across the antimeridian as anywhere else.
    @Test func haversineAgainstKnownDistances() {
        let cases: [(GeoPoint, GeoPoint, Double)] = [
            // 東京駅 – 大阪駅
            (
                GeoPoint(latitude: 35.681236, longitude: 139.767125),
                GeoPoint(latitude: 34.702485, longitude: 135.495951), 403_826.7
            ),
            // 小田原駅東口 – 小田原城址公園
            (Self.station, GeoPoint(latitude: 35.2508, longitude: 139.1535), 642.5),
            // one degree of the meridian at the equator
            (GeoPoint(latitude: 0, longitude: 0), GeoPoint(latitude: 1, longitude: 0), 110_574.4),
            // 0.2° of longitude across the antimeridian at 35°N
            (GeoPoint(latitude: 35, longitude: 179.9), GeoPoint(latitude: 35, longitude: -179.9), 18_257.6),
            // 札幌 – 小田原
            (GeoPoint(latitude: 43.0686, longitude: 141.3508), Self.station, 887_721.9),
        ]
        for (a, b, ellipsoid) in cases {
            let distance = a.distance(to: b)
            #expect(abs(distance - ellipsoid) / ellipsoid < 0.006, "\(a) → \(b): \(distance) vs \(ellipsoid)")
            #expect(abs(b.distance(to: a) - distance) < 1e-6)
        }
        #expect(Self.station.distance(to: Self.station) == 0)
    }

    @Test func bearingsAndTheWayTheSignFaces() {
        let north = GeoPoint(latitude: 35.2664, longitude: 139.1553)
        let east = GeoPoint(latitude: 35.2564, longitude: 139.1653)
        #expect(abs(Self.station.bearing(to: north)) < 0.01)
        #expect(abs(Self.station.bearing(to: east) - 90) < 0.1)
        #expect(CompassPoint(degrees: 44).words.ja == "北東" && CompassPoint(degrees: 359).words.ja == "北")
        #expect(CompassPoint(degrees: 225).words.zhHans == "西南" && CompassPoint(degrees: 135).words.ko == "남동")
        // A screen facing south-east (135°) is read by people looking north-west: north-west is up,
        // north-east to their right, south-east behind them.
        #expect(ShelterDirectory.relativeBearing(315, facing: 135) == 0)
        #expect(ShelterDirectory.relativeBearing(45, facing: 135) == 90)
        #expect(ShelterDirectory.relativeBearing(135, facing: 135) == 180)
        #expect(ShelterDirectory.relativeBearing(225, facing: 135) == 270)
    }

    @Test func theNearestForTheHazardOnly() throws {
        let directory = try Self.directory()
        let tsunami = directory.guides(from: Self.station, facing: 135, for: [.tsunami], limit: 3, within: nil)
        #expect(tsunami.map(\.name.ja) == ["神奈川県立小田原高等学校", "小田原城址公園", "城山陸上競技場"])
        #expect(tsunami.allSatisfy { $0.hazards.contains(.tsunami) })
        // Figures worked out apart from the code (haversine and initial bearing, by hand in Python).
        let school = try #require(tsunami.first)
        #expect(school.distance == 634 && school.walkingMinutes == 8)  // 633.6 m at 80 m a minute, rounded up
        #expect(school.bearing == 307 && school.compass.ja == "北西")
        // North-west for people looking north-west: straight ahead, a little to the left.
        #expect(school.relativeBearing == 352)
        let castle = tsunami[1]
        #expect(castle.distance == 644 && castle.walkingMinutes == 9 && castle.compass.ja == "南")
        #expect(castle.relativeBearing == 240)  // behind them, to the left
        // A flood site is not a tsunami site: 三の丸小学校 is the nearest site of all, but not for a tsunami.
        let flood = directory.guides(from: Self.station, facing: nil, for: [.flood], limit: 1, within: nil)
        #expect(flood.first?.name.ja == "小田原市立三の丸小学校" && flood.first?.relativeBearing == nil)
        // Several hazards at once (大雨: 土砂災害 and 洪水): sites designated for every one.
        let both = directory.nearest(to: Self.station, for: [.flood, .landslide], limit: 10)
        #expect(both.allSatisfy { $0.shelter.hazards.contains(.flood) && $0.shelter.hazards.contains(.landslide) })
        #expect(directory.nearest(to: Self.station, for: [.volcano], limit: 3).isEmpty)
    }

    @Test func aShelterExactlyAtTheSign() throws {
        let castle = GeoPoint(latitude: 35.2508, longitude: 139.1535)
        let guide = try #require(
            try Self.directory().guides(from: castle, facing: 90, for: [.earthquake], limit: 1, within: 5000).first)
        #expect(guide.name.ja == "小田原城址公園")
        #expect(guide.distance == 0 && guide.walkingMinutes == 0)
        #expect(guide.bearing == 0)
    }

    @Test func farAwayListsGiveNothingWithinReach() throws {
        let sapporo = GeoPoint(latitude: 43.0686, longitude: 141.3508)
        let directory = try Self.directory()
        #expect(directory.guides(from: sapporo, facing: 0, for: [.tsunami], limit: 3, within: 3000).isEmpty)
        // Without a limit on distance they are still listed, nearest first, with honest numbers.
        let listed = directory.guides(from: sapporo, facing: 0, for: [.tsunami], limit: 3, within: nil)
        #expect(listed.count == 3)
        #expect(listed.allSatisfy { $0.distance > 880_000 && $0.compass.en == "south" })
        #expect(listed.map(\.distance) == listed.map(\.distance).sorted())
    }

    @Test func theCitysLiveStateOverlaysTheList() throws {
        let directory = try Self.directory()
        let closed = Shelter(
            id: "14206-0001", name: LocalizedText(ja: "小田原城址公園"),
            position: GeoPoint(latitude: 35.2508, longitude: 139.1535),
            hazards: [], isOpen: false)
        let openCrowded = Shelter(
            id: "urn:ngsi-ld:PointOfInterest:odawara-high", name: LocalizedText(ja: "神奈川県立小田原高等学校"),
            position: GeoPoint(latitude: 35.2598, longitude: 139.1497), hazards: [], isOpen: true, congestion: .high)
        let merged = directory.merging(live: [closed, openCrowded])
        #expect(merged.shelters.count == 12)
        let tsunami = merged.guides(from: Self.station, facing: nil, for: [.tsunami], limit: 2, within: nil)
        // The castle park is reported closed: left out. The school keeps its GSI hazards and shows its state.
        #expect(tsunami.map(\.name.ja) == ["神奈川県立小田原高等学校", "城山陸上競技場"])
        #expect(tsunami.first?.isOpen == true && tsunami.first?.congestion == .high)
        #expect(tsunami.first?.address == "神奈川県小田原市城山三丁目")
    }
}
