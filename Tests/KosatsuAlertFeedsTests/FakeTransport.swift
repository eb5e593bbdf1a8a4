import Foundation
import KosatsuAlertFeeds
import Synchronization

/// A transport that answers from a table and records every request, like a tiny JMA server:
/// feeds honour `If-Modified-Since`.
final class FakeTransport: FeedTransport, Sendable {
    struct Resource: Sendable {
        var body: Data
        var lastModified: String?
        var status: Int = 200
    }

    struct Request: Sendable, Equatable {
        var url: String
        var ifModifiedSince: String?
    }

    private let state = Mutex<(resources: [String: Resource], requests: [Request], offline: Bool)>(([:], [], false))

    func serve(_ url: String, _ body: Data, lastModified: String? = nil, status: Int = 200) {
        state.withLock { $0.resources[url] = Resource(body: body, lastModified: lastModified, status: status) }
    }

    func setOffline(_ offline: Bool) {
        state.withLock { $0.offline = offline }
    }

    var requests: [Request] { state.withLock { $0.requests } }

    func count(_ url: String) -> Int { requests.filter { $0.url == url }.count }

    func get(_ url: URL, ifModifiedSince: String?) async throws -> FeedResponse {
        try state.withLock { state in
            state.requests.append(Request(url: url.absoluteString, ifModifiedSince: ifModifiedSince))
            if state.offline { throw URLError(.notConnectedToInternet) }
            guard let resource = state.resources[url.absoluteString] else { return FeedResponse(status: 404) }
            if let since = ifModifiedSince, since == resource.lastModified { return FeedResponse(status: 304) }
            var headers: [String: String] = [:]
            if let modified = resource.lastModified { headers["last-modified"] = modified }
            return FeedResponse(status: resource.status, headers: headers, body: resource.body)
        }
    }
}
