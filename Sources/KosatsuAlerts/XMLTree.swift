import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small read-only element tree built with `XMLParser`, so the telegram readers can ask for
/// paths like `Head/Headline/Text` instead of writing one state machine per telegram type.
///
/// Documents with a DTD are refused before the parser sees them: JMA telegrams and CAP messages
/// never carry one, and refusing it is the only sure way that no entity is expanded or resolved.
struct XMLTree {
    /// One element: local name, namespace, attributes, its own text, children and where it starts.
    struct Element: Equatable {
        var name: String
        var namespace: String?
        var attributes: [String: String]
        var children: [Element] = []
        var text: String = ""
        var line: Int

        /// The first child with this local name.
        func child(_ name: String) -> Element? {
            children.first { $0.name == name }
        }

        /// Every child with this local name, in document order.
        func children(_ name: String) -> [Element] {
            children.filter { $0.name == name }
        }

        /// Follows a path of local names, taking the first match at each step.
        func element(_ path: String...) -> Element? {
            element(path)
        }

        func element(_ path: [String]) -> Element? {
            var current = self
            for name in path {
                guard let next = current.child(name) else { return nil }
                current = next
            }
            return current
        }

        /// All elements reached by the path, taking every match at each step.
        func all(_ path: String...) -> [Element] {
            var level = [self]
            for name in path {
                level = level.flatMap { $0.children(name) }
            }
            return level
        }

        /// The trimmed text at the path, or nil when the element is missing or empty.
        func string(_ path: String...) -> String? {
            guard let found = element(path) else { return nil }
            let trimmed = found.trimmedText
            return trimmed.isEmpty ? nil : trimmed
        }

        /// This element's text without surrounding white space.
        var trimmedText: String {
            text.trimmedOfWhiteSpace
        }

        /// Depth-first, every descendant with this local name.
        func descendants(_ name: String) -> [Element] {
            var found: [Element] = []
            for child in children {
                if child.name == name { found.append(child) }
                found += child.descendants(name)
            }
            return found
        }
    }

    var root: Element

    /// How deep elements may nest (alert XML is a few levels deep; 100,000 levels overflowed the stack).
    static let maximumDepth = 256

    /// Parses `data` into a tree, or throws an `AlertInputError` naming `file` and the line.
    init(data: Data, file: String) throws(AlertInputError) {
        if let line = Self.lineOfDeclaration(in: data) {
            throw AlertInputError(
                .doctypeForbidden,
                "a <!DOCTYPE> or <!ENTITY> declaration was found; alert XML must not declare a DTD or entities "
                    + "(they are never expanded or resolved)",
                file: file, line: line)
        }
        // The fast path reads the plain UTF-8 XML alerts are written in; anything else, and
        // every mistake, goes to XMLParser, which knows all of XML and says what is wrong.
        if let root = XMLByteReader.root(of: data) {
            self.root = root
            return
        }
        self.root = try Self.foundationRoot(data, file: file)
    }

    /// The tree as Foundation's `XMLParser` reads it: the slow path, and the reference the fast
    /// one is tested against.
    static func foundationRoot(_ data: Data, file: String) throws(AlertInputError) -> Element {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let ok = XMLParserLock.shared.withLock { parser.parse() }
        if let line = builder.tooDeepAt {
            throw AlertInputError(
                .malformedXML,
                "elements are nested deeper than \(TreeBuilder.maximumDepth) levels; alert XML is a few levels deep",
                file: file, line: line)
        }
        if !ok || builder.root == nil {
            let code = (parser.parserError as NSError?)?.code
            throw AlertInputError(
                .malformedXML,
                Self.explain(code, stack: builder.openNames),
                file: file, line: parser.lineNumber > 0 ? parser.lineNumber : nil,
                column: parser.columnNumber > 0 ? parser.columnNumber : nil)
        }
        guard let root = builder.root else {
            throw AlertInputError(.malformedXML, "no root element", file: file)
        }
        return root
    }

    /// The 1-based line of the first `<!DOCTYPE` or `<!ENTITY`, if any.
    private static func lineOfDeclaration(in data: Data) -> Int? {
        let markers = [Array("<!DOCTYPE".utf8), Array("<!ENTITY".utf8)]
        var line = 1
        let bytes = [UInt8](data)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
            } else if byte == UInt8(ascii: "<") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "!") {
                for marker in markers where index + marker.count <= bytes.count {
                    if zip(bytes[index..<(index + marker.count)], marker).allSatisfy({ upper($0) == $1 }) {
                        return line
                    }
                }
            }
            index += 1
        }
        return nil
    }

    private static func upper(_ byte: UInt8) -> UInt8 {
        (byte >= 0x61 && byte <= 0x7A) ? byte - 0x20 : byte
    }

    /// A sentence for the libxml2 error codes a person is likely to meet.
    private static func explain(_ code: Int?, stack: [String]) -> String {
        let open = stack.last.map { " (inside <\($0)>)" } ?? ""
        switch code.flatMap({ XMLParser.ErrorCode(rawValue: $0) }) {
        case .prematureDocumentEndError?, .gtRequiredError?, .ltRequiredError?:
            return "the XML ends early: expected the rest of the document and its closing tags\(open)"
        case .tagNameMismatchError?, .notWellBalancedError?:
            return "a closing tag does not match its opening tag\(open)"
        case .emptyDocumentError?:
            return "the document has no root element"
        case .entityRefLoopError?, .entityReferenceMissingSemiError?, .undeclaredEntityError?:
            return "an entity reference was found; only the five predefined XML entities are allowed\(open)"
        case .invalidCharacterError?, .invalidCharacterRefError?, .invalidCharacterInEntityError?:
            return "a character that XML does not allow was found\(open)"
        case .attributeNotFinishedError?, .attributeNotStartedError?,
            .attributeRedefinedError?:
            return "an attribute is not well formed\(open)"
        case .none:
            return "the XML is not well formed\(open)"
        case .some(let other):
            return "the XML is not well formed (XMLParser error \(other.rawValue))\(open)"
        }
    }
}

/// libxml2 keeps some per-thread state and swift-corelibs-foundation's XMLParser has had races;
/// telegrams are small, so one parse at a time costs nothing worth the risk.
private final class XMLParserLock: @unchecked Sendable {
    static let shared = XMLParserLock()
    private let lock = NSLock()
    func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// Receives `XMLParser` callbacks and builds `XMLTree.Element` values with a stack.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    /// JMA telegrams and CAP messages are under 15 levels deep; a deeper document is refused
    /// before its tree is built, as a tree of 100,000 levels would overflow the stack when freed.
    static let maximumDepth = XMLTree.maximumDepth
    var stack: [XMLTree.Element] = []
    var root: XMLTree.Element?
    /// The line where the document went deeper than `maximumDepth`, if it did.
    var tooDeepAt: Int?

    var openNames: [String] { stack.map(\.name) }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        guard stack.count < Self.maximumDepth else {
            if tooDeepAt == nil { tooDeepAt = parser.lineNumber }
            parser.abortParsing()
            return
        }
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        stack.append(
            XMLTree.Element(
                name: local, namespace: namespaceURI, attributes: attributeDict, line: parser.lineNumber))
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        guard tooDeepAt == nil, let finished = stack.popLast() else { return }
        if stack.isEmpty {
            root = finished
        } else {
            stack[stack.count - 1].children.append(finished)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    // Never fetch anything named by the document (defence in depth: DTDs are refused earlier).
    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        nil
    }
}

extension String {
    /// This text without white space (and line ends) at either end: what Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives, without bridging to NSString,
    /// which cost a third of a large telegram's reading.
    var trimmedOfWhiteSpace: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        // Nearly every value: starts and ends with a visible ASCII character.
        if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        var scalars = Substring(self).unicodeScalars
        while let scalar = scalars.first, scalar.properties.isWhitespace { scalars.removeFirst() }
        while let scalar = scalars.last, scalar.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}

extension String {
    /// Whether `part` occurs in this text, compared as UTF-8 bytes. Foundation's `contains`
    /// bridges to NSString and folds clusters; the warning readers ask this for every area of
    /// a telegram that lists a thousand.
    func includes(_ part: String) -> Bool {
        var text = self
        var part = part
        return text.withUTF8 { haystack in
            part.withUTF8 { needle in
                guard let first = needle.first else { return true }
                guard needle.count <= haystack.count else { return false }
                for start in 0...(haystack.count - needle.count) where haystack[start] == first {
                    var offset = 1
                    while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
                    if offset == needle.count { return true }
                }
                return false
            }
        }
    }
}
