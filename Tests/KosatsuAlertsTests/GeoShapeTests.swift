import Foundation
import KosatsuAlerts
import KosatsuData
import Testing

struct GeoShapeTests {
    let odawaraStation = GeoPoint(latitude: 35.2564, longitude: 139.1553)
    let hakoneYumoto = GeoPoint(latitude: 35.2329, longitude: 139.1050)

    @Test func distance() {
        let metres = odawaraStation.distance(to: hakoneYumoto)
        #expect(metres > 5_000 && metres < 5_400)
    }

    @Test func circle() {
        let circle = GeoShape.circle(center: hakoneYumoto, radius: 3_000)
        #expect(!circle.reaches(odawaraStation, within: 0))
        #expect(circle.reaches(odawaraStation, within: 2_500))
    }

    @Test func polygonContainsAndNear() {
        let square = GeoShape.polygon([
            GeoPoint(latitude: 35.27, longitude: 139.14), GeoPoint(latitude: 35.27, longitude: 139.17),
            GeoPoint(latitude: 35.24, longitude: 139.17), GeoPoint(latitude: 35.24, longitude: 139.14),
        ])
        #expect(square.reaches(odawaraStation, within: 0))
        #expect(!square.reaches(hakoneYumoto, within: 0))
        // 箱根湯本 is about 3.2 km west and a little south of the square's western edge.
        #expect(!square.reaches(hakoneYumoto, within: 2_000))
        #expect(square.reaches(hakoneYumoto, within: 4_000))
    }

    @Test func signWithoutPositionIgnoresGeometry() {
        let alert = Alert(
            id: "x", thread: "x", source: .cap, status: .actual, kind: .alert, hazard: .other, event: "e",
            severity: .warning,
            areas: [
                AlertArea(
                    code: "", name: "circle", severity: .warning, shapes: [.circle(center: odawaraStation, radius: 1)])
            ],
            headline: "h", text: "", issued: Date(timeIntervalSince1970: 0))
        #expect(!SignArea(codes: [AreaCode("1")]).covers(alert))
        #expect(SignArea(position: odawaraStation).covers(alert))
        #expect(SignArea.anywhere.covers(alert))
    }
}
