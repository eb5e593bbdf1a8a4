import Foundation
import KosatsuAlerts
import Testing

/// Regressions from the hardening pass: XML 100,000 elements deep crashed the stack (the tree was
/// freed recursively), and UTF-16 was called binary.
struct NestingAndEncodingTests {
    static func nested(_ depth: Int) -> Data {
        Data(
            ("<?xml version=\"1.0\"?>\n" + String(repeating: "<a>", count: depth)
                + String(repeating: "</a>", count: depth))
                .utf8)
    }

    @Test func xmlNestedOneHundredThousandDeepIsRefusedWithItsLine() {
        let error = #expect(throws: AlertInputError.self) {
            try AlertReader.read(Self.nested(100_000), file: "deep.xml")
        }
        #expect(error?.code == .malformedXML)
        #expect(error?.description.hasPrefix("deep.xml:2: error [malformed-xml]") == true)
        #expect(error?.message.contains("deeper than 256") == true)
    }

    @Test func xmlAsDeepAsAllowedIsRead() {
        // Parsed whole: refused only for its root, which is neither JMA nor CAP.
        let error = #expect(throws: AlertInputError.self) { try AlertReader.read(Self.nested(256), file: "ok.xml") }
        #expect(error?.code == .unexpectedRoot)
    }

    @Test(arguments: [true, false])
    func utf16IsNamed(withByteOrderMark: Bool) {
        let text = "<?xml version=\"1.0\"?><alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"/>"
        let bom: [UInt8] = withByteOrderMark ? [0xFF, 0xFE] : []
        let bytes: [UInt8] = bom + text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let error = #expect(throws: AlertInputError.self) { try AlertReader.read(Data(bytes), file: "utf16.xml") }
        #expect(error?.code == .binary)
        #expect(error?.message.contains("UTF-16") == true)
    }
}
