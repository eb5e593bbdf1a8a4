import Foundation
import KosatsuAlerts
import KosatsuData
import Testing

/// Every file here is committed in `Fixtures/corpus`.
struct NGSIParserTests {
    /// The four encodings of the same Alert entity give the same alert.
    @Test func allEncodingsAgree() throws {
        let files = [
            "example.json", "example-normalized.json", "example.jsonld", "example-normalized.jsonld",
            "example-geojsonfeature.json",
        ]
        let alerts = try files.map { try Corpus.alert("ngsi/Alert/" + $0) }
        for alert in alerts {
            #expect(alert.source == .ngsi && alert.status == .actual)
            #expect(alert.event == "trafficJam" && alert.severity == .warning)  // high
            #expect(alert.issued == Date(timeIntervalSince1970: 1_483_349_155))  // 2017-01-02T09:25:55Z
            #expect(alert.expires == Date(timeIntervalSince1970: 1_483_352_755))
            #expect(alert.text == "The road is completely blocked for 3kms")
            // JSONSerialization may round the last digit differently by platform.
            let position = try #require(alert.geometry.first?.point, "no point in \(alert.id)")
            #expect(abs(position.latitude - 40.423852777777775) < 1e-9)
            #expect(abs(position.longitude - -3.712247222222222) < 1e-9)
        }
    }

    @Test func weatherAlertWithAddressOnly() throws {
        let alert = try Corpus.alert("ngsi/WeatherAlert/example-normalized.jsonld")
        #expect(alert.hazard == .weather && alert.severity == .advisory && alert.event == "snow_ice")
        #expect(alert.areas.first?.name == "Huesca, ES")
        #expect(alert.geometry.isEmpty)
        #expect(!SignArea(position: GeoPoint(latitude: 42.1, longitude: -0.4), radius: 50_000).covers(alert))
    }

    @Test func polygonLocation() throws {
        let alert = try Corpus.alert("ngsi/Alert/example-agriAlert.json")
        #expect(alert.geometry.count == 1)
        #expect(SignArea(position: GeoPoint(latitude: 39.4, longitude: 22.52)).covers(alert))
    }

    @Test func notificationAndArrays() throws {
        let entity = String(decoding: try Corpus.data("ngsi/Alert/example.json"), as: UTF8.self)
        let notification =
            #"{"subscriptionId": "s1", "data": [\#(entity), \#(entity.replacingOccurrences(of: "Alert:1", with: "Alert:2"))]}"#
        let alerts = try AlertReader.read(Data(notification.utf8), file: "notification")
        #expect(alerts.map(\.id) == ["Alert:1", "Alert:2"])
    }
}
