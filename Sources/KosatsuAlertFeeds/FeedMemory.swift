public import Foundation
internal import KosatsuData

/// What the feeds have already seen, kept across restarts so that no telegram is fetched twice
/// (JMA blocks clients that re-download) and no old alert comes back.
public struct FeedMemory: Hashable, Sendable, Codable {
    /// One feed's memory.
    public struct Feed: Hashable, Sendable, Codable {
        /// The feed's last `Last-Modified`, sent back as `If-Modified-Since`.
        public var lastModified: String?
        /// Messages already handled (their URLs, or alert ids for single-message sources), with
        /// when they were published, so the list can be pruned.
        public var seen: [String: Date]

        public init(lastModified: String? = nil, seen: [String: Date] = [:]) {
            self.lastModified = lastModified
            self.seen = seen
        }
    }

    /// By feed URL.
    public var feeds: [String: Feed]

    public init(feeds: [String: Feed] = [:]) {
        self.feeds = feeds
    }
}

/// The memory's file: JSON, replaced atomically (written beside, then renamed), so a power cut
/// leaves either the old memory or the new one, never half of one.
public struct FeedMemoryFile: Sendable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// The saved memory; an empty one when there is no file yet.
    /// - Throws: when the file exists but cannot be read or is not a memory (the caller decides
    ///   whether to start afresh, which means fetching again what the feeds still list).
    public func load() throws -> FeedMemory {
        guard FileManager.default.fileExists(atPath: path) else { return FeedMemory() }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = ISO8601.decodingStrategy
        return try decoder.decode(FeedMemory.self, from: data)
    }

    public func save(_ memory: FeedMemory) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = ISO8601.encodingStrategy
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(memory).write(to: url, options: .atomic)
    }
}
