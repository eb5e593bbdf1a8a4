public import Foundation
import KosatsuData

/// An Atom feed that indexes alert messages: JMA's PULL feeds (`regular.xml`, `extra.xml`,
/// `eqvol.xml`, `other.xml`), or a CAP publisher's Atom feed (NWS, IPAWS). Each entry links one
/// message; the feed itself is never an alert.
public struct AtomFeed: Hashable, Sendable {
    /// One `<entry>`: what it announces and where the message is.
    public struct Entry: Hashable, Sendable {
        /// `<id>`, unique per entry.
        public var id: String
        /// `<title>`, e.g. `気象警報・注意報`, `震度速報`.
        public var title: String
        /// `<updated>`; nil when missing or unreadable.
        public var updated: Date?
        /// `<author><name>`, e.g. `気象庁`, `横浜地方気象台`.
        public var author: String?
        /// The message's address: the `<link>` whose type is XML (or that has no rel), else `<id>`
        /// when it is a URL (CAP feeds put the message address there).
        public var link: URL?

        public init(id: String, title: String, updated: Date? = nil, author: String? = nil, link: URL? = nil) {
            self.id = id
            self.title = title
            self.updated = updated
            self.author = author
            self.link = link
        }
    }

    public var title: String
    public var updated: Date?
    public var entries: [Entry]

    /// Reads an Atom feed; `file` names it in errors (a URL or a path).
    ///
    /// - Throws: `AlertInputError` for bytes that are not well-formed XML or whose root is not an
    ///   Atom `<feed>`.
    public static func read(_ data: Data, file: String) throws(AlertInputError) -> AtomFeed {
        let tree = try XMLTree(data: data, file: file)
        let root = tree.root
        guard root.name == "feed", root.namespace == namespace else {
            let namespace = root.namespace.map { " in namespace \($0)" } ?? " without a namespace"
            throw AlertInputError(
                .unexpectedRoot,
                "the root element is <\(root.name)>\(namespace); expected an Atom <feed> in \(Self.namespace)",
                file: file, line: root.line)
        }
        let entries = root.children("entry").map { entry in
            let id = entry.string("id") ?? ""
            return Entry(
                id: id, title: entry.string("title") ?? "", updated: entry.string("updated").flatMap(ISO8601.feedTime),
                author: entry.string("author", "name"), link: messageLink(of: entry, id: id))
        }
        return AtomFeed(
            title: root.string("title") ?? "", updated: root.string("updated").flatMap(ISO8601.feedTime),
            entries: entries)
    }

    static let namespace = "http://www.w3.org/2005/Atom"

    /// Whether `data`'s root element is a `<feed>` (with any prefix), judged from its first
    /// element alone so a CAP message is not parsed twice to find out what it is.
    public static func looksLikeFeed(_ data: Data) -> Bool {
        let bytes = data.prefix(4096)
        var index = bytes.startIndex
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            let next = bytes.index(after: open)
            guard next < bytes.endIndex else { return false }
            let first = bytes[next]
            if first == UInt8(ascii: "?") || first == UInt8(ascii: "!") {
                index = next
                continue
            }
            let name = bytes[next...].prefix { byte in
                !(byte == UInt8(ascii: " ") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
                    || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r"))
            }
            let local = name.split(separator: UInt8(ascii: ":")).last.map { Array($0) } ?? []
            return local == Array("feed".utf8)
        }
        return false
    }

    private static func messageLink(of entry: XMLTree.Element, id: String) -> URL? {
        let links = entry.children("link")
        let preferred =
            links.first {
                ($0.attributes["type"] ?? "").contains("xml") && ($0.attributes["rel"] ?? "alternate") != "self"
            }
            ?? links.first { $0.attributes["rel"] == nil || $0.attributes["rel"] == "alternate" }
        if let href = preferred?.attributes["href"], let url = URL(string: href.trimmingCharacters(in: .whitespaces)) {
            return url
        }
        if id.hasPrefix("http://") || id.hasPrefix("https://") { return URL(string: id) }
        return nil
    }
}
