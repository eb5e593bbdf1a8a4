import Foundation
import KosatsuData
import Testing

@Suite struct SnapshotTests {
    @Test func sampleSnapshotsDecode() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Layouts/samples")
        let odawara = try SnapshotFile.load(samples.appendingPathComponent("odawara.json").path)
        #expect(odawara.spots.count == 5)
        #expect(odawara.spots[0].name.ja == "小田原城")
        #expect(odawara.spots[0].history.contains { $0.isForecast })
        #expect(odawara.spots.contains { $0.history.contains { $0.count == nil } }, "samples include a gap")
        let quake = try SnapshotFile.load(samples.appendingPathComponent("earthquake.json").path)
        #expect(quake.alerts.first?.event == "earthquake")
    }

    @Test func wrongTypeNamesThePathAndTheExpectedType() {
        let json = #"{"spots": [{"id": "a", "name": "x", "peopleCount": "many"}]}"#
        #expect {
            try SnapshotFile.decode(Data(json.utf8), file: "data.json")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("data.json: spots[0].peopleCount: expected a number")
        }
    }

    @Test func brokenJsonIsAClearError() {
        #expect {
            try SnapshotFile.decode(Data("{\"spots\": [".utf8), file: "data.json")
        } throws: { error in
            "\(error)".hasPrefix("data.json: ")
        }
    }

    @Test func badDateSaysWhatWasExpected() {
        let json = #"{"spots": [{"id": "a", "name": "x", "observedAt": "yesterday"}]}"#
        #expect {
            try SnapshotFile.decode(Data(json.utf8), file: "d.json")
        } throws: { error in
            "\(error)".contains("expected an ISO 8601 date-time, found \"yesterday\"")
        }
    }

    @Test func levelFollowsThresholdsUnlessTheProviderSaysOtherwise() {
        var spot = Spot(id: "a", name: LocalizedText(ja: "a"), peopleCount: 80, capacity: 100)
        #expect(spot.level() == .high)
        #expect(spot.level(thresholds: CongestionThresholds(moderate: 0.9, high: 0.95, veryHigh: 0.99)) == .low)
        spot.congestion = .veryHigh
        #expect(spot.level() == .veryHigh)
    }

    @Test func occupancyIgnoresNegativeCountsAndZeroCapacity() {
        #expect(Spot(id: "a", name: LocalizedText(), peopleCount: -5, capacity: 100).occupancy == 0)
        #expect(Spot(id: "a", name: LocalizedText(), peopleCount: 5, capacity: 0).occupancy == nil)
        #expect(Spot(id: "a", name: LocalizedText(), peopleCount: nil, capacity: 10).level() == nil)
    }

    @Test func localizedTextFallsBackToJapaneseThenEnglish() {
        #expect(LocalizedText(ja: "城", en: "Castle").text(for: .ko) == "城")
        #expect(LocalizedText(en: "Castle").text(for: .ko) == "Castle")
        #expect(LocalizedText().text(for: .en) == "")
    }

    @Test func roundTripsThroughJson() throws {
        let snapshot = Snapshot(
            spots: [
                Spot(
                    id: "a", name: LocalizedText(ja: "城"), peopleCount: 3,
                    history: [CountSample(at: Date(timeIntervalSince1970: 0), count: nil)])
            ])
        let decoded = try SnapshotFile.decode(try SnapshotFile.encode(snapshot), file: "x")
        #expect(decoded == snapshot)
    }
}
