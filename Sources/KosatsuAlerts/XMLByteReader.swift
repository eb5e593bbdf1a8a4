import Foundation

/// Builds `XMLTree.Element`s straight from UTF-8 bytes: the fast path for alert XML.
///
/// Foundation's `XMLParser` makes an object and a callback for every name, attribute and piece
/// of text, which made a 400 KB 震度 telegram cost a quarter of a second before anything reached
/// the screen. This reader walks the bytes once and makes only the tree. It knows the plain
/// subset alert XML is written in — UTF-8, elements, attributes, namespaces, text, CDATA,
/// comments, processing instructions, the five predefined entities and character references —
/// and gives nil for anything else or anything not well formed; the caller then hands the
/// document to `XMLParser`, which reads the rest of XML and explains what is wrong. It never
/// reads a DTD, so it never expands or resolves an entity.
struct XMLByteReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line = 1

    /// One open element: what will become the `Element`, its qualified name (for the end tag)
    /// and how many namespace bindings it declared.
    private struct Open {
        var element: XMLTree.Element
        var qualifiedName: Range<Int>
        var bindings: Int
    }

    private var open: [Open] = []
    private var root: XMLTree.Element?
    /// In-scope namespace declarations, innermost last: (prefix, URI); the default has prefix "".
    private var namespaces: [(prefix: String, uri: String)] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The document's root element, or nil when the document is outside what this reader knows.
    static func root(of data: Data) -> XMLTree.Element? {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
            var reader = XMLByteReader(bytes: bytes)
            return reader.document()
        }
    }

    // MARK: Bytes

    private static let lessThan = UInt8(ascii: "<")
    private static let greaterThan = UInt8(ascii: ">")
    private static let ampersand = UInt8(ascii: "&")
    private static let slash = UInt8(ascii: "/")
    private static let newline = UInt8(ascii: "\n")

    private func byte(at offset: Int = 0) -> UInt8? {
        let position = index + offset
        return position < bytes.count ? bytes[position] : nil
    }

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let pointer = text.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// Moves to `end`, counting lines on the way.
    private mutating func move(to end: Int) {
        while index < end {
            if bytes[index] == Self.newline { line += 1 }
            index += 1
        }
    }

    private mutating func skipSpace() {
        while let byte = byte(), Self.isSpace(byte) { move(to: index + 1) }
    }

    /// The offset of `terminator` from here on, or nil.
    private func find(_ terminator: StaticString) -> Int? {
        let count = terminator.utf8CodeUnitCount
        let pointer = terminator.utf8Start
        var position = index
        while position + count <= bytes.count {
            if bytes[position] == pointer[0] {
                var matches = true
                for offset in 1..<count where bytes[position + offset] != pointer[offset] {
                    matches = false
                    break
                }
                if matches { return position }
            }
            position += 1
        }
        return nil
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    // MARK: Document

    private mutating func document() -> XMLTree.Element? {
        if starts(with: "\u{FEFF}") { index += 3 }
        // Prolog: the declaration, comments, processing instructions, white space.
        while true {
            skipSpace()
            guard byte() == Self.lessThan else { return nil }
            if starts(with: "<?xml") && byte(at: 5).map(Self.isSpace) == true {
                guard declaration() else { return nil }
            } else if starts(with: "<?") || starts(with: "<!--") {
                guard skipMarkup() else { return nil }
            } else if byte(at: 1) == UInt8(ascii: "!") {
                return nil  // a DTD or anything else: XMLParser's to judge (DTDs are refused before)
            } else {
                break
            }
        }
        guard let root = elements() else { return nil }
        // Epilog: only comments, processing instructions and white space may follow.
        while true {
            skipSpace()
            guard index < bytes.count else { return root }
            guard starts(with: "<?") || starts(with: "<!--"), skipMarkup() else { return nil }
        }
    }

    /// `<?xml version="1.0" encoding="UTF-8"?>`: only UTF-8 is read here.
    private mutating func declaration() -> Bool {
        guard let end = find("?>") else { return false }
        let text = string(index..<end).lowercased()
        if let range = text.range(of: "encoding") {
            let rest = text[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
            guard rest.hasPrefix("utf-8") || rest.hasPrefix("utf8") else { return false }
        }
        move(to: end + 2)
        return true
    }

    /// A comment or a processing instruction, skipped whole.
    private mutating func skipMarkup() -> Bool {
        let comment = starts(with: "<!--")
        index += comment ? 4 : 2
        guard let end = comment ? find("-->") : find("?>") else { return false }
        move(to: end + (comment ? 3 : 2))
        return true
    }

    /// The root element and everything in it, read without recursion.
    private mutating func elements() -> XMLTree.Element? {
        guard startTag() else { return nil }
        if open.isEmpty { return root }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.lessThan {
                guard let next = self.byte(at: 1) else { return nil }
                if next == Self.slash {
                    guard endTag() else { return nil }
                    if open.isEmpty { return root }
                } else if next == UInt8(ascii: "!") {
                    if starts(with: "<!--") {
                        guard skipMarkup() else { return nil }
                    } else if starts(with: "<![CDATA[") {
                        index += 9
                        guard let end = find("]]>") else { return nil }
                        let start = index
                        move(to: end)
                        open[open.count - 1].element.text += string(start..<end)
                        index += 3
                    } else {
                        return nil
                    }
                } else if next == UInt8(ascii: "?") {
                    guard skipMarkup() else { return nil }
                } else {
                    guard startTag() else { return nil }
                    if open.isEmpty { return root }
                }
            } else {
                guard let text = characters(until: Self.lessThan) else { return nil }
                open[open.count - 1].element.text += text
            }
        }
        return nil  // the document ended inside an element
    }

    /// `<name attribute="value" …>` or `<name …/>`.
    private mutating func startTag() -> Bool {
        index += 1
        guard let name = name() else { return false }
        var attributes: [String: String] = [:]
        var declared = 0
        while true {
            let hadSpace = byte().map(Self.isSpace) == true
            skipSpace()
            guard let byte = byte() else { return false }
            if byte == Self.greaterThan || byte == Self.slash { break }
            guard hadSpace, let attribute = self.name() else { return false }
            skipSpace()
            guard self.byte() == UInt8(ascii: "=") else { return false }
            index += 1
            skipSpace()
            guard let quote = self.byte(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                return false
            }
            index += 1
            guard let value = characters(until: quote, attribute: true), self.byte() == quote else { return false }
            index += 1
            let key = string(attribute.startIndex..<attribute.endIndex)
            if key == "xmlns" || key.hasPrefix("xmlns:") {
                namespaces.append((key == "xmlns" ? "" : String(key.dropFirst(6)), value))
                declared += 1
            }
            guard attributes.updateValue(value, forKey: key) == nil else { return false }
        }
        let empty = byte() == Self.slash
        if empty {
            index += 1
            guard byte() == Self.greaterThan else { return false }
        }
        index += 1
        let local: String
        let prefix: String
        if let colon = bytes[name].firstIndex(of: UInt8(ascii: ":")) {
            prefix = string(name.lowerBound..<colon)
            guard colon + 1 < name.upperBound, bytes[(colon + 1)..<name.upperBound].firstIndex(of: 0x3A) == nil
            else { return false }
            local = string((colon + 1)..<name.upperBound)
        } else {
            prefix = ""
            local = string(name)
        }
        let uri = namespaces.last { $0.prefix == prefix }?.uri
        if !prefix.isEmpty && uri == nil { return false }  // an undeclared prefix
        let element = XMLTree.Element(
            name: local, namespace: uri.flatMap { $0.isEmpty ? nil : $0 }, attributes: attributes, line: line)
        // Too deep for alert XML: XMLParser's path refuses it with the line (a tree this deep would
        // also overflow the stack when it is freed).
        guard open.count < XMLTree.maximumDepth else { return false }
        open.append(Open(element: element, qualifiedName: name, bindings: declared))
        if empty { close() }
        return true
    }

    /// `</name>`, which must close the innermost open element.
    private mutating func endTag() -> Bool {
        index += 2
        guard let name = name(), let innermost = open.last,
            bytes[innermost.qualifiedName].elementsEqual(bytes[name])
        else { return false }
        skipSpace()
        guard byte() == Self.greaterThan else { return false }
        index += 1
        close()
        return true
    }

    private mutating func close() {
        guard let finished = open.popLast() else { return }
        namespaces.removeLast(finished.bindings)
        if open.isEmpty {
            root = finished.element
        } else {
            open[open.count - 1].element.children.append(finished.element)
        }
    }

    /// An XML name here (ASCII name characters, or any non-ASCII); nil when there is none.
    private mutating func name() -> Range<Int>? {
        let start = index
        while let byte = byte() {
            let isName =
                byte >= 0x80 || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
                || byte == 0x3A || (index > start && ((byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E))
            guard isName else { break }
            index += 1
        }
        return index > start ? start..<index : nil
    }

    /// Character data up to `terminator` (not consumed): entities and character references
    /// replaced, line ends as XML reads them; in attribute values white space becomes spaces.
    /// Nil for a character XML does not allow, an unknown entity or `<` in an attribute.
    private mutating func characters(until terminator: UInt8, attribute: Bool = false) -> String? {
        var start = index
        var decoded: [UInt8] = []
        var plain = true
        while let byte = byte(), byte != terminator {
            if byte == Self.ampersand {
                if plain {
                    decoded.reserveCapacity(index - start + 16)
                    plain = false
                }
                decoded.append(contentsOf: bytes[start..<index])
                guard let scalar = reference() else { return nil }
                decoded.append(contentsOf: Array(String(Character(scalar)).utf8))
                start = index
                continue
            }
            if byte < 0x20 {
                if byte == Self.newline {
                    line += 1
                } else if byte == 0x0D {
                    // CR LF and a lone CR are both one line end; rare enough to take the slow way.
                    return nil
                } else if byte != 0x09 {
                    return nil
                }
                if attribute {
                    if plain {
                        decoded.reserveCapacity(index - start + 16)
                        plain = false
                    }
                    decoded.append(contentsOf: bytes[start..<index])
                    decoded.append(0x20)
                    index += 1
                    start = index
                    continue
                }
            } else if attribute && byte == Self.lessThan {
                return nil
            }
            index += 1
        }
        if plain { return string(start..<index) }
        decoded.append(contentsOf: bytes[start..<index])
        return String(decoding: decoded, as: UTF8.self)
    }

    /// `&amp;` and its four siblings, `&#38;`, `&#x26;`; nil for anything else.
    private mutating func reference() -> Unicode.Scalar? {
        guard let end = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { return nil }
        let body = string((index + 1)..<end)
        index = end + 1
        switch body {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard body.hasPrefix("#") else { return nil }
            let digits = body.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value,
                value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value != 0xFFFE && value != 0xFFFF),
                let scalar = Unicode.Scalar(value)
            else { return nil }
            return scalar
        }
    }
}
