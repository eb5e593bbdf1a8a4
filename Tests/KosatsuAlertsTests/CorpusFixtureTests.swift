import Foundation
import KosatsuAlerts
import Testing

/// The shapes of an alert's area, one case at a time, for `#require`.
extension GeoShape {
    var polygon: [GeoPoint]? {
        if case .polygon(let ring) = self { ring } else { nil }
    }
    var circle: (center: GeoPoint, radius: Double)? {
        if case .circle(let center, let radius) = self { (center, radius) } else { nil }
    }
    var point: GeoPoint? {
        if case .point(let position) = self { position } else { nil }
    }
}

/// The committed copies in `Fixtures/corpus` are what SOURCES.md says they are.
struct CorpusFixtureTests {
    static let files: [String] = {
        let root = Corpus.committed
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        let all = (enumerator?.allObjects as? [String]) ?? []
        return all.filter { $0.hasSuffix(".xml") || $0.contains(".json") }.sorted()
    }()

    @Test func everyParserHasARealFileCommitted() {
        for kind in ["VXSE53", "VTSE41", "VPWW54"] {
            #expect(Self.files.contains { $0.hasPrefix("jma") && $0.contains(kind) }, "no \(kind) telegram")
        }
        #expect(Self.files.contains { $0.hasPrefix("cap/") })
        #expect(Self.files.contains { $0.hasPrefix("ngsi/") })
    }

    @Test func everyCopyIsListedWithItsSource() throws {
        let sources = try String(contentsOf: Corpus.committed.appendingPathComponent("SOURCES.md"), encoding: .utf8)
        for file in Self.files {
            #expect(sources.contains("| `\(file)` |"), "\(file) has no row in SOURCES.md")
        }
    }

    @Test(.enabled(if: Corpus.isPresent, Corpus.absentReason))
    func everyCopyMatchesTheSharedCorpus() throws {
        let root = try #require(Corpus.root)
        for file in Self.files {
            let copy = try Data(contentsOf: Corpus.committed.appendingPathComponent(file))
            #expect(copy == (try Data(contentsOf: root.appendingPathComponent(file))), "\(file) differs")
        }
    }

    @Test func everyCommittedAlertFileReads() throws {
        for file in Self.files {
            #expect(throws: Never.self, "\(file)") { try AlertReader.read(Corpus.data(file), file: file) }
        }
    }
}
