import Foundation
import KosatsuAlerts
import Testing

/// Whatever arrives, the reader answers with an `AlertInputError` that names the file and, where it
/// can, the line: it never crashes, expands entities or reads files named by the input.
struct BadInputTests {
    private func error(_ data: Data, file: String = "input.xml") -> AlertInputError? {
        #expect(throws: AlertInputError.self) { try AlertReader.read(data, file: file) }
    }

    @Test func emptyAndWhiteSpace() {
        #expect(error(Data())?.code == .empty)
        #expect(error(Data(" \n\t ".utf8))?.code == .empty)
    }

    @Test func binaryBytes() {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
        let found = error(png, file: "photo.png")
        #expect(found?.code == .binary)
        #expect(found?.description.hasPrefix("photo.png:3: error [binary]") == true)
        let latin1 = Data("<alert>caf".utf8) + Data([0xE9]) + Data("</alert>".utf8)
        #expect(error(latin1)?.code == .binary)
    }

    @Test func neitherXMLNorJSON() {
        let found = error(Data("\nhello: world\n".utf8), file: "config.yaml")
        #expect(found?.code == .unknownFormat && found?.line == 2)
        #expect(found?.message.contains("expected \"<\"") == true)
    }

    @Test func truncatedXMLNamesTheLine() throws {
        let whole = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Report xmlns="http://xml.kishou.go.jp/jmaxml1/">
            <Control>
            <Title>震度速報</Title>
            <Status>通常</Status>
            """
        let found = error(Data(whole.utf8), file: "cut.xml")
        #expect(found?.code == .malformedXML)
        #expect(found?.file == "cut.xml")
        #expect((found?.line ?? 0) >= 5)
        #expect(found?.message.contains("ends early") == true || found?.message.contains("not well formed") == true)
    }

    @Test func truncatedCorpusTelegram() throws {
        let data = try Corpus.data("jma-p2pquake/20210216071046_0_VXSE53_270000.xml")
        // Cut at a tag in the middle, as a dropped connection would (a cut inside a character is binary).
        let cut = try #require(data.prefix(data.count / 2).lastIndex(of: UInt8(ascii: "<")))
        let found = error(data[..<cut], file: "half.xml")
        #expect(found?.code == .malformedXML && found?.line != nil)
    }

    @Test func wrongRootElement() {
        let found = error(Data("<html><body>Not found</body></html>".utf8), file: "page.html")
        #expect(found?.code == .unexpectedRoot)
        #expect(found?.message.contains("<html>") == true && found?.message.contains("<Report>") == true)
        // A CAP 1.0 alert or a Report in another namespace is not accepted either.
        let cap10 = #"<alert xmlns="http://www.incident.com/cap/1.0"><identifier>x</identifier></alert>"#
        #expect(error(Data(cap10.utf8))?.code == .unexpectedRoot)
    }

    @Test func billionLaughsIsNotExpanded() throws {
        let started = Date()
        let found = error(try Fixture.data("billion-laughs.xml"), file: "billion-laughs.xml")
        #expect(found?.code == .doctypeForbidden && found?.line == 2)
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test func externalEntityIsNotResolved() throws {
        let found = error(try Fixture.data("external-entity.xml"), file: "external-entity.xml")
        #expect(found?.code == .doctypeForbidden)
        #expect(found?.message.contains("root:") == false)
    }

    @Test func entityWithoutDeclarationIsRefused() {
        let xml = #"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&x;</identifier></alert>"#
        #expect(error(Data(xml.utf8))?.code == .malformedXML)
    }

    @Test func doctypeHiddenAfterCommentsAndInLowerCase() {
        let xml = "<?xml version=\"1.0\"?>\n<!-- hello -->\n<!doctype alert [<!entity a \"b\">]>\n<alert/>"
        let found = error(Data(xml.utf8))
        #expect(found?.code == .doctypeForbidden && found?.line == 3)
    }

    @Test func jmaStatusOutsideTheVocabulary() {
        let xml = """
            <Report xmlns="http://xml.kishou.go.jp/jmaxml1/"><Control><Title>t</Title>
            <Status>本番</Status></Control><Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/">
            <ReportDateTime>2025-01-01T09:00:00+09:00</ReportDateTime><InfoType>発表</InfoType></Head></Report>
            """
        let found = error(Data(xml.utf8), file: "odd.xml")
        #expect(found?.code == .invalidField && found?.line == 2)
        #expect(found?.message.contains("通常, 訓練 or 試験") == true)
    }

    @Test func jmaWithoutReportDateTime() {
        let xml = """
            <Report xmlns="http://xml.kishou.go.jp/jmaxml1/"><Control><Status>通常</Status></Control>
            <Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><InfoType>発表</InfoType></Head></Report>
            """
        #expect(error(Data(xml.utf8))?.message.contains("ReportDateTime") == true)
    }

    @Test func jsonThatIsNotAnAlert() {
        #expect(error(Data("[1, 2, 3]".utf8), file: "numbers.json")?.code == .notAnAlertEntity)
        #expect(error(Data(#"{"id": "x", "type": "Alert"}"#.utf8))?.code == .invalidField)
        #expect(error(Data(#"{"id": "x", "type": "Alert", "#.utf8))?.code == .malformedJSON)
    }

    @Test func randomBytesNeverCrash() {
        var generator = SplitMix(seed: 6)
        for _ in 0..<200 {
            let length = Int(generator.next() % 300)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if !bytes.isEmpty { bytes[0] = UInt8(ascii: "<") }
            _ = try? AlertReader.read(Data(bytes), file: "fuzz")
        }
    }
}

/// A tiny deterministic generator, so the fuzz test is the same on every run.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
