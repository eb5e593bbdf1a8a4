import Foundation
import KosatsuAlerts
import Testing

/// Orion forbids `< > " ' = ; ( )` in stored text, so providers percent-encode what they store: the
/// NGSI alert reader (the board's, and `alert inspect`'s) decodes it, as the snapshot mapping does.
@Suite struct NGSITextDecodingTests {
    /// 「津波警報が発表されました（小田原市）」, as a provider stores it in Orion.
    static let encoded =
        "%E6%B4%A5%E6%B3%A2%E8%AD%A6%E5%A0%B1%E3%81%8C%E7%99%BA%E8%A1%A8%E3%81%95%E3%82%8C%E3%81%BE%E3%81%97%E3%81%9F"
        + "%EF%BC%88%E5%B0%8F%E7%94%B0%E5%8E%9F%E5%B8%82%EF%BC%89"
    static let decoded = "津波警報が発表されました（小田原市）"

    static func entity(description: String, normalized: Bool) -> Data {
        func attribute(_ value: String, _ type: String = "Text") -> String {
            normalized ? #"{"type": "\#(type)", "value": "\#(value)", "metadata": {}}"# : #""\#(value)""#
        }
        return Data(
            """
            {"id": "urn:ngsi-ld:Alert:odawara-tsunami", "type": "Alert",
             "category": \(attribute("naturalDisaster")), "subCategory": \(attribute("tsunami")),
             "severity": \(attribute("critical")), "description": \(attribute(description)),
             "address": {"type": "PostalAddress", "value": {"addressLocality": "%E5%B0%8F%E7%94%B0%E5%8E%9F%E5%B8%82"}},
             "dateIssued": \(attribute("2026-11-23T05:05:00Z", "DateTime"))}
            """.utf8)
    }

    @Test(arguments: [false, true])
    func percentEncodedTextIsDecoded(normalized: Bool) throws {
        let alert = try #require(
            try AlertReader.read(Self.entity(description: Self.encoded, normalized: normalized), file: "e.json").first)
        #expect(alert.headline == Self.decoded)
        #expect(alert.text == Self.decoded)
        #expect(alert.translations.first?.text == Self.decoded)
        #expect(alert.areas.first?.name == "小田原市")
        #expect(!alert.headline.contains("%"))
        // Japanese text is tagged Japanese: it must not stand in for the English line.
        #expect(alert.translations.first?.language == "ja")
    }

    @Test func textThatIsNotEncodingStaysAsWritten() throws {
        for text in ["100% of the beach is closed", "50%off", "%FF%FE"] {
            let alert = try #require(
                try AlertReader.read(Self.entity(description: text, normalized: false), file: "e.json").first)
            #expect(alert.headline == text)
            #expect(alert.translations.first?.language == "en")
        }
    }

    @Test func decodingCanBeTurnedOff() throws {
        let alert = try #require(
            try AlertReader.read(
                Self.entity(description: Self.encoded, normalized: true), file: "e.json",
                ngsi: NGSIAlertReading(decodesText: false)
            ).first)
        #expect(alert.headline == Self.encoded)
    }

    @Test func inspectShowsTheDecodedHeadline() throws {
        let reports = try AlertReport.inspect(
            Self.entity(description: Self.encoded, normalized: true), file: "e.json", areas: [], at: nil)
        #expect(reports.first?.headline == Self.decoded)
    }
}
