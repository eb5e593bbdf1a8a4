import Foundation
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator
import Testing

/// The byte-level reader gives exactly the entities (and the errors) of the JSON tree's reader.
@Suite struct NGSIByteReaderTests {
    static func tree(_ text: String, _ format: NGSIFormat) throws -> [NGSIEntity] {
        try NGSIEntity.list(JSONParser.parse(text), format: format)
    }

    static func bytes(_ text: String, _ format: NGSIFormat) throws -> [NGSIEntity] {
        try NGSIEntity.list(bytes: Array(text.utf8), format: format)
    }

    static let mixed = #"""
        [
          {"id": "urn:ngsi-ld:CrowdFlowObserved:1", "type": "CrowdFlowObserved",
           "name": {"type": "Text", "value": "小田原城", "metadata": {"lang": {"type": "Text", "value": "ja"}}},
           "peopleCount": {"type": "Number", "value": 1840, "metadata": {}},
           "refDevice": {"type": "Relationship", "object": "urn:ngsi-ld:Device:7", "observedAt": "2026-11-23T05:00:00Z"},
           "label": {"type": "LanguageProperty", "languageMap": {"ja": "城", "en": "Castle"}},
           "dateObserved": {"type": "Property", "value": {"@type": "DateTime", "@value": "2026-11-23T05:05:00Z"}},
           "address": {"addressLocality": "小田原市", "addressRegion": "神奈川県"},
           "emptyObject": {},
           "list": [1, 2.5, -3e2, true, null, "a\"b\\u00e9"],
           "esc\u0061ped": {"type": "Text", "value": "x"},
           "@context": ["https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"]},
          {"id": "Alert:2", "type": ["Alert", "Thing"], "severity": "high", "description": "%E6%B4%A5%E6%B3%A2",
           "location": {"type": "Point", "coordinates": [139.155, 35.256]}, "id": "Alert:2b"}
        ]
        """#

    @Test(arguments: NGSIFormat.allCases)
    func aMixedPageReadsAsTheTreeReadsIt(format: NGSIFormat) throws {
        let fast = try Self.bytes(Self.mixed, format)
        #expect(fast == (try Self.tree(Self.mixed, format)))
        #expect(fast.count == 2 && fast[1].id == "Alert:2b" && fast[1].type == "Alert")
    }

    @Test func theBenchmarkPageReadsAsTheTreeReadsIt() throws {
        let page = SamplePage.crowdFlow(count: 300)
        let fast = try NGSIEntity.list(bytes: page, format: .normalized)
        #expect(fast == (try NGSIEntity.list(JSONParser.parse(page), format: .normalized)))
        #expect(fast.count == 300)
    }

    @Test(arguments: [
        #"[]"#, #"{"id": "a", "type": "T"}"#, #"[{"type": "Feature", "id": "f", "properties": {"type": "T"}}]"#,
        #"[{"id": "x", "type": "T", "a": {"metadata": {}}}]"#, #"[{"id": 3, "type": "T"}]"#, #"[{"type": "T"}]"#,
        #"[{}]"#, #"[1]"#, #"[{"id": "x", "type": "T"} "#, #"[{"id": "x", "type": "T", "a": {"value": tru}}]"#,
        #"[{"id": "x", "type": "T"}] x"#, #"[{"id": "x", "type": "T", "a\u0000": 1}]"#,
    ])
    func otherShapesAndBrokenDocumentsGiveTheTreesAnswer(text: String) {
        func outcome(_ read: () throws -> [NGSIEntity]) -> String {
            do { return "\(try read())" } catch { return "error: \(error)" }
        }
        #expect(outcome { try Self.bytes(text, .normalized) } == outcome { try Self.tree(text, .normalized) })
    }

    /// The reserved names are told by comparing words with their quotes: near misses, spaces before the
    /// colon, an empty `metadata` after other members, and a document cut at every byte (a name within eight
    /// bytes of the end) read as the tree reads them.
    @Test(arguments: NGSIFormat.allCases)
    func reservedNamesAndTheirNearMissesReadAsTheTreeReadsThem(format: NGSIFormat) {
        let text = #"""
            [{"id" : "x", "type":"T", "typ": 1, "types": {"type": "N", "valu": 2, "value" :3, "metadata": {}},
              "ids": {"values": 4, "value": 5, "metadat": 6, "metadatas": 7, "metadata" : {"a": 8}},
              "i": {"type" : "N", "value": [1, 2], "metadata":{ }}, "valuex": {"value": "v"}},
             {"type": "T", "id": "y", "metadata": {"type": "M", "value": "m"}}]
            """#
        func outcome(_ read: () throws -> [NGSIEntity]) -> String {
            do { return "\(try read())" } catch { return "error: \(error)" }
        }
        let utf8 = Array(text.utf8)
        for end in 0...utf8.count {
            let cut = String(decoding: utf8[..<end], as: UTF8.self)
            #expect(
                outcome { try Self.bytes(cut, format) }
                    == outcome { try Self.tree(cut, format) }, "cut at \(end)")
        }
    }
}

/// Short decimals take the parser's exact fast path; they must equal what `Double(String)` reads.
@Suite struct JSONDecimalTests {
    @Test func shortDecimalsReadExactlyAsDoubleReadsThem() throws {
        var texts = [
            "0.5", "-0.0", "0.05", "139.155", "35.256", "-12.5", "1.000000000000001", "123456789012345.6",
            "0.1234567890123456789", "9007199254740993.5", "1.5e3", "2.5E-3", "100000000000000.25",
        ]
        var state: UInt64 = 88_172_645_463_325_252
        for _ in 0..<2000 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let whole = state % 1_000_000
            let fraction = (state >> 20) % 1_000_000_000
            let places = Int((state >> 50) % 9) + 1
            let digits = String(String(fraction).suffix(places))
            texts.append("\(whole).\(digits)")
        }
        for text in texts {
            let parsed = try #require(JSONParser.parse(text).number)
            #expect(parsed.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }
}

/// Strings are scanned eight bytes a step for their end, an escape or a control character; each of those
/// at every offset of a word must be found exactly where a byte-by-byte scan finds it.
@Suite struct JSONStringScanTests {
    @Test func quotesEscapesAndControlCharactersAreFoundAtEveryOffset() throws {
        for length in 0..<20 {
            let plain = String(repeating: "a", count: length)
            #expect(try JSONParser.parse("\"\(plain)\"") == .string(plain))
            #expect(try JSONParser.parse("{\"\(plain)é\": 1}")["\(plain)é"] == .number(1))
            #expect(try JSONParser.parse("\"\(plain)\\n\(plain)\"") == .string(plain + "\n" + plain))
            #expect(try JSONParser.parse("\"\(plain)\\\"\"") == .string(plain + "\""))
            #expect(throws: JSONParseError.self) { try JSONParser.parse("\"\(plain)\u{1F}\"") }
            #expect(throws: JSONParseError.self) { try JSONParser.parse("\"\(plain)") }
            // Bytes at and above 0x80 (UTF-8) and just above the control range are plain.
            let mixed = plain + "\u{20}\u{7F}~ü観"
            #expect(try JSONParser.parse("\"\(mixed)\"") == .string(mixed))
        }
        let error = #"["abcdefghij\u{01}"]"#.replacingOccurrences(of: "\\u{01}", with: "\u{01}")
        #expect {
            try JSONParser.parse(error)
        } throws: { error in
            (error as? JSONParseError)?.column == 13
        }
    }
}
