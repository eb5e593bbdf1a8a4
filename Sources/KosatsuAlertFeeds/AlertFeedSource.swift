public import Foundation

/// One place alerts are fetched from.
public struct AlertFeedSource: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// An Atom feed whose entries each link one message: JMA's PULL feeds, a CAP publisher's feed.
        case atom
        /// A URL that is itself one message (a CAP alert, a JMA telegram), fetched when it changes;
        /// when it answers with an Atom feed instead, the poller reads it as `atom`.
        case message
    }

    public var url: URL
    public var kind: Kind
    /// For Atom feeds: the entry titles worth fetching (JMA feeds mix every telegram kind:
    /// `気象特別警報・警報・注意報`, `震度速報` …); nil fetches every entry.
    public var titles: Set<String>?

    public init(url: URL, kind: Kind, titles: Set<String>? = nil) {
        self.url = url
        self.kind = kind
        self.titles = titles
    }

    /// A JMA PULL feed (`https://www.data.jma.go.jp/developer/xml/feed/extra.xml` and the like).
    public static func jma(_ url: URL, titles: Set<String>? = nil) -> AlertFeedSource {
        AlertFeedSource(url: url, kind: .atom, titles: titles)
    }

    /// A CAP message at a fixed URL, or a CAP publisher's Atom feed when `feed` is true.
    public static func cap(_ url: URL, feed: Bool = false) -> AlertFeedSource {
        AlertFeedSource(url: url, kind: feed ? .atom : .message)
    }
}
