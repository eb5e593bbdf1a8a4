import Foundation
import Testing

@testable import KosatsuAlerts

/// The fast XML reader builds exactly the tree Foundation's `XMLParser` builds, for every alert
/// file of the corpus, and leaves everything it does not know (and every mistake) to `XMLParser`.
@Suite struct XMLByteReaderTests {
    /// What both readers must agree on: names, namespaces, attributes (namespace declarations
    /// aside, which `XMLParser` reports elsewhere), text and children; lines may differ by where
    /// each counts a start tag.
    static func same(_ fast: XMLTree.Element, _ slow: XMLTree.Element, at path: String = "") -> String? {
        let here = path + "/" + fast.name
        if fast.name != slow.name { return "\(here): name \(fast.name) ≠ \(slow.name)" }
        if fast.namespace != slow.namespace.flatMap({ $0.isEmpty ? nil : $0 }) {
            return "\(here): namespace \(fast.namespace ?? "nil") ≠ \(slow.namespace ?? "nil")"
        }
        let declarations = { (key: String) in key == "xmlns" || key.hasPrefix("xmlns:") }
        if fast.attributes.filter({ !declarations($0.key) }) != slow.attributes.filter({ !declarations($0.key) }) {
            return "\(here): attributes \(fast.attributes) ≠ \(slow.attributes)"
        }
        if fast.text != slow.text {
            return "\(here): text \(fast.text.debugDescription) ≠ \(slow.text.debugDescription)"
        }
        if fast.children.count != slow.children.count {
            return "\(here): \(fast.children.count) children ≠ \(slow.children.count)"
        }
        for (left, right) in zip(fast.children, slow.children) {
            if let difference = same(left, right, at: here) { return difference }
        }
        return nil
    }

    @Test(.enabled(if: Corpus.isPresent, Corpus.absentReason))
    func everyCorpusFileReadsAsXMLParserReadsIt() throws {
        var compared = 0
        for folder in ["jma", "jma-p2pquake", "cap"] {
            for url in Corpus.files(folder) {
                let data = try Data(contentsOf: url)
                let slow = try XMLTree.foundationRoot(data, file: url.lastPathComponent)
                let fast = try #require(XMLByteReader.root(of: data), "\(folder)/\(url.lastPathComponent)")
                if let difference = Self.same(fast, slow) {
                    Issue.record("\(folder)/\(url.lastPathComponent): \(difference)")
                }
                compared += 1
            }
        }
        #expect(compared > 613)
    }

    @Test func entitiesReferencesCDATAAndNamespaces() throws {
        let xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <!-- a comment -->
            <r:root xmlns:r="urn:r" xmlns="urn:d" a='1 &amp; 2'>
              <child b="x&#10;y">&lt;a&gt; &#x6C34; &quot;q&quot;<![CDATA[<raw & kept>]]></child>
              <empty/><?pi ignored?>
            </r:root>
            """
        let data = Data(xml.utf8)
        let fast = try #require(XMLByteReader.root(of: data))
        let slow = try XMLTree.foundationRoot(data, file: "t.xml")
        #expect(Self.same(fast, slow) == nil, "\(Self.same(fast, slow) ?? "")")
        #expect(fast.namespace == "urn:r" && fast.attributes["a"] == "1 & 2")
        #expect(fast.child("child")?.namespace == "urn:d")
        #expect(fast.child("child")?.text == "<a> 水 \"q\"<raw & kept>")
        #expect(fast.child("child")?.attributes["b"] == "x\ny")
        #expect(fast.child("child")?.line == 4)
    }

    /// Anything not plain and well formed is left to XMLParser, which refuses it with a reason.
    @Test(arguments: [
        "<a><b></a>", "<a>", "<a></a><b/>", "<a x='1' x='2'/>", "<a x=1/>", "<a>&nbsp;</a>", "<p:a/>",
        "<a>\u{1}</a>", "<?xml version='1.0' encoding='Shift_JIS'?><a/>", "text<a/>", "<a x='<'/>", "<a>&#0;</a>",
        "<a y='1'z='2'/>", "<a>\r\n</a>",
    ])
    func whatItDoesNotKnowGoesToXMLParser(_ xml: String) {
        #expect(XMLByteReader.root(of: Data(xml.utf8)) == nil)
    }

    @Test func invalidUTF8GoesToXMLParser() {
        #expect(XMLByteReader.root(of: Data([0x3C, 0x61, 0x3E, 0xFF, 0x3C, 0x2F, 0x61, 0x3E])) == nil)
    }
}
