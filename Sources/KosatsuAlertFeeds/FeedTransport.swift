public import Foundation

/// How the feeds reach the network: one conditional GET. The daemon plugs in its HTTP client
/// (AsyncHTTPClient); tests plug in a fake that counts every request.
public protocol FeedTransport: Sendable {
    /// GETs `url`, sending `If-Modified-Since: ifModifiedSince` when given.
    func get(_ url: URL, ifModifiedSince: String?) async throws -> FeedResponse
}

/// What a GET answered.
public struct FeedResponse: Sendable, Hashable {
    public var status: Int
    /// Header names as sent; look them up with `header(_:)`, which ignores case.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of a header, whatever the case of its name.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.key.lowercased() == wanted }?.value
    }
}
