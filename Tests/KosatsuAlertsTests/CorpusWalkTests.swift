import Foundation
import KosatsuAlerts
import Testing

/// Every alert file of the shared corpus, read as a sign would read it.
@Suite(.enabled(if: Corpus.isPresent, Corpus.absentReason))
struct CorpusWalkTests {
    var jma: [Corpus.Reading] { Corpus.readings(in: "jma") + Corpus.readings(in: "jma-p2pquake") }

    @Test func everyJMATelegramParses() throws {
        #expect(jma.count == 613)
        var counts: [String: Int] = [:]
        for reading in jma {
            switch reading.result {
            case .failure(let error):
                Issue.record("\(error)")
            case .success(let alerts):
                #expect(alerts.count == 1, "\(reading.path)")
                for alert in alerts {
                    #expect(alert.source == .jma)
                    #expect(!alert.thread.isEmpty && !alert.raw.isEmpty, "\(reading.path)")
                    #expect(!alert.screen.japanese.isEmpty && !alert.screen.english.isEmpty, "\(reading.path)")
                    counts[alert.status.rawValue + "/" + alert.kind.rawValue, default: 0] += 1
                }
            }
        }
        // corpus/README.md: 取消 21 (all 通常), 訓練 19, 試験 1.
        #expect(counts["actual/cancel"] == 21)
        #expect((counts["exercise/alert"] ?? 0) + (counts["exercise/update"] ?? 0) == 19)
        #expect((counts["test/alert"] ?? 0) + (counts["test/update"] ?? 0) == 1)
    }

    @Test func jmaBodiesASignActsOnAreRead() throws {
        var bodies: [String: Int] = [:]
        for reading in jma {
            let alert = try #require(try reading.result.get().first)
            let name = reading.name
            guard alert.kind != .cancel else { continue }
            if name.contains("VPWW53") || name.contains("VPWW54") || name.contains("VXWW50") {
                let warnings = try #require(alert.details.warnings, "\(name)")
                #expect(!warnings.isEmpty, "\(name)")
                #expect(warnings.allSatisfy { !$0.area.code.isEmpty && !$0.kinds.isEmpty }, "\(name)")
                bodies["warnings", default: 0] += 1
            }
            if name.contains("VXSE51") || name.contains("VXSE53") {
                let quake = try #require(alert.details.earthquake, "\(name)")
                if alert.areas.contains(where: { $0.intensity != nil }) {
                    #expect(quake.maxIntensity != nil, "\(name)")
                    bodies["intensity", default: 0] += 1
                }
            }
            if name.contains("VXSE52") || name.contains("VXSE53") {
                #expect(alert.details.earthquake?.hypocentreName != nil, "\(name)")
                bodies["hypocentre", default: 0] += 1
            }
            if name.contains("VXSE43") || name.contains("VXSE44") {
                let quake = try #require(alert.details.earthquake, "\(name)")
                #expect(quake.isEarlyWarning && quake.forecastMaxIntensity != nil, "\(name)")
                bodies["eew", default: 0] += 1
            }
            if name.contains("VTSE41") {
                let tsunami = try #require(alert.details.tsunami, "\(name)")
                #expect(!tsunami.isEmpty, "\(name)")
                bodies["tsunami", default: 0] += 1
            }
        }
        // Non-cancelled files of each kind in the corpus (see jma-index.tsv).
        #expect(bodies["warnings"] == 41)
        #expect(bodies["tsunami"] == 21)
        #expect(bodies["eew"] == 35)
    }

    @Test func everyCAPMessageParsesAndTheAtomFeedIsRefusedClearly() throws {
        var kinds: [AlertKind: Int] = [:]
        for reading in Corpus.readings(in: "cap") {
            if reading.name == "nws_atom_feed_example.xml" {
                guard case .failure(let error) = reading.result else {
                    Issue.record("the NWS Atom feed was read as an alert")
                    continue
                }
                #expect(error.code == .atomFeed)
                #expect(error.description.hasPrefix("cap/nws_atom_feed_example.xml:"))
                #expect(error.message.contains("163 entries"))
                continue
            }
            let alerts = try reading.result.get()
            #expect(alerts.count == 1)
            for alert in alerts {
                #expect(alert.source == .cap && alert.status == .actual)
                kinds[alert.kind, default: 0] += 1
            }
        }
        // corpus/README.md: 2 Updates, 1 Cancel, the rest Alerts.
        #expect(kinds == [.alert: 8, .update: 2, .cancel: 1])
    }

    @Test func everyNGSIAlertEntityParses() throws {
        let readings = Corpus.readings(in: "ngsi")
        #expect(readings.count == 12)
        for reading in readings {
            let alerts = try reading.result.get()
            #expect(alerts.count == 1, "\(reading.path)")
            #expect(alerts.allSatisfy { $0.source == .ngsi && $0.severity != .unknown }, "\(reading.path)")
        }
    }

    @Test func otherNGSIEntitiesAndCSVAreRefusedClearly() throws {
        let crowd = try Corpus.data("ngsi/CrowdFlowObserved/example.json")
        let error = #expect(throws: AlertInputError.self) {
            try AlertReader.read(crowd, file: "ngsi/CrowdFlowObserved/example.json")
        }
        #expect(error?.code == .notAnAlertEntity)
        #expect(error?.message.contains("CrowdFlowObserved") == true)

        let csv = try Corpus.data("ngsi/Alert/example.json.csv")
        let csvError = #expect(throws: AlertInputError.self) { try AlertReader.read(csv, file: "example.json.csv") }
        #expect(csvError?.code == .unknownFormat)

        // Upstream's malformed JSON-LD: no comma after "occupancy": 50 on line 42.
        let broken = try Corpus.data("ngsi/PointOfInterest/example.jsonld")
        let brokenError = #expect(throws: AlertInputError.self) { try AlertReader.read(broken, file: "example.jsonld") }
        #expect(brokenError?.code == .malformedJSON)
        #expect(brokenError?.line == 42 || brokenError?.line == 43)
    }

    /// Whatever the area and however low the thresholds, drills and tests never take over.
    @Test func drillsAndTestsNeverTakeOver() throws {
        let permissive = TakeoverPolicy(minimumSeverity: .unknown, minimumIntensity: nil)
        var nonActual = 0
        var expiredOnArrival: [String] = []
        for reading in Corpus.readings {
            guard case .success(let alerts) = reading.result else { continue }
            for alert in alerts {
                var board = AlertBoard(area: .anywhere, policy: permissive)
                board.receive(alert, at: alert.issued)
                if alert.status != .actual {
                    nonActual += 1
                    #expect(board.takeover == nil, "\(reading.path)")
                    #expect(!permissive.wouldTakeOver(alert, at: .anywhere, now: alert.issued), "\(reading.path)")
                    #expect(board.drillBanner?.id == alert.id, "\(reading.path)")
                } else if alert.kind != .cancel, board.takeover?.id != alert.id {
                    expiredOnArrival.append(reading.path)
                }
            }
        }
        #expect(nonActual == 20)
        // Every other actual alert takes over a sign anywhere under a permissive policy, except
        // samples stamped already expired when issued (ValidDateTime, expires or validTo before the
        // issue time).
        #expect(
            expiredOnArrival == [
                "jma/11_06_01_180117_VPZU52.xml", "jma/12_02_01_091210_VPZU51.xml", "jma/12_03_01_180117_VPZU53.xml",
                "cap/google-PAAQ-4-mg5a94.xml", "ngsi/Alert/example-agriAlert.json",
            ])
    }

    /// Every JMA 取消 and the CAP Cancel remove what they cancel from a board.
    @Test func cancelsCancel() throws {
        var cancels = 0
        for reading in Corpus.readings {
            guard case .success(let alerts) = reading.result, let cancel = alerts.first, cancel.kind == .cancel
            else { continue }
            cancels += 1
            // What it cancels: an actual alert on the same thread (JMA) or the referenced message
            // (CAP), issued a minute earlier, in force here.
            var original = cancel
            original.kind = .alert
            original.areas = [AlertArea(code: "1", name: "here", severity: .emergency)]
            original.issued = cancel.issued.addingTimeInterval(-60)
            original.effective = original.issued
            original.transmitted = original.issued
            original.serial = cancel.serial.map { max(0, $0 - 1) }
            if let reference = cancel.references.first {
                original.thread = reference
                original.references = []
            }
            var board = AlertBoard(area: SignArea(codes: [AreaCode("1")]))
            board.receive(original, at: original.issued)
            #expect(board.takeover?.thread == original.thread, "\(reading.path)")
            #expect(board.receive(cancel, at: cancel.issued) == .removed, "\(reading.path)")
            #expect(board.takeover == nil && board.inForce.isEmpty, "\(reading.path)")
            #expect(board.calm?.lifted.thread == original.thread, "\(reading.path)")
        }
        #expect(cancels == 22)
    }
}
