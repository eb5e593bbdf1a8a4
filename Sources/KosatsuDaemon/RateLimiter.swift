import Foundation
import HTTPTypes
import Hummingbird
import KosatsuAlertFeeds
import KosatsuConfig
import Logging
import NIOCore
import Synchronization

/// A token bucket per client address: `burst` requests at once, then `perSecond` on average.
/// Guessing the push token, or flooding the parsers, costs a client its place in the queue, not
/// the sign its CPU.
final class RateLimiter: Sendable {
    let burst: Double
    let perSecond: Double
    /// The most clients remembered; past it the fullest buckets (idle clients) are forgotten.
    let maximumClients: Int

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
        var refusing: Bool
    }

    private let buckets = Mutex<[String: Bucket]>([:])

    init(burst: Int = 20, perSecond: Double = 2, maximumClients: Int = 4096) {
        self.burst = Double(burst)
        self.perSecond = perSecond
        self.maximumClients = maximumClients
    }

    /// The verdict on one request from `client` at `now`.
    enum Verdict: Equatable {
        case admitted
        /// Refused; try again after this many whole seconds. `first` is the first refusal of a run (to log once).
        case refused(retryAfter: Int, first: Bool)
    }

    func admit(_ client: String, now: ContinuousClock.Instant = .now) -> Verdict {
        buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now, refusing: false)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + max(0, seconds) * perSecond)
            bucket.updated = now
            let verdict: Verdict
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                bucket.refusing = false
                verdict = .admitted
            } else {
                let wait = Int(((1 - bucket.tokens) / perSecond).rounded(.up))
                verdict = .refused(retryAfter: max(1, wait), first: !bucket.refusing)
                bucket.refusing = true
            }
            buckets[client] = bucket
            if buckets.count > maximumClients {
                // Forget the clients that have been quiet longest (their buckets would be full anyway).
                let oldest = buckets.sorted { $0.value.updated < $1.value.updated }.prefix(buckets.count / 4)
                for (key, _) in oldest { buckets[key] = nil }
            }
            return verdict
        }
    }
}

/// The sign's request context: Hummingbird's basic one plus the client's address, for rate limits.
struct SignRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// Rate-limits every POST (the push endpoints, `/alerts` and `/notify/ngsi`) per client address and path:
/// over the limit is 429 with `Retry-After` and an empty body. GETs (preview, health) are not limited.
/// A request that carries the push token counts against the token's own bucket instead, so a flood
/// of wrong tokens from an address (or a proxy in front of the pusher) never locks the pusher out.
struct RateLimitMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    /// The limiter for a request path.
    let limiter: @Sendable (String) -> RateLimiter
    /// The limiter for requests that carry the push token (checked in constant time); nil without a token.
    var tokenLimiter: RateLimiter?
    var token: BearerToken?
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard request.method == .post else { return try await next(request, context) }
        let client = context.remoteAddress?.ipAddress ?? "unknown"
        let verdict: RateLimiter.Verdict
        if let token, let tokenLimiter, request.uri.path == AlertPushEndpoint.path,
            let header = request.headers[.authorization],
            header.lowercased().hasPrefix("bearer "),
            token.matches(header.dropFirst(7).trimmingCharacters(in: .whitespaces))
        {
            verdict = tokenLimiter.admit("token")
        } else {
            verdict = limiter(request.uri.path).admit(client)
        }
        switch verdict {
        case .admitted:
            return try await next(request, context)
        case .refused(let retryAfter, let first):
            if first {
                logger.warning("rate limit: POST \(request.uri.path) from \(client): 429 (retry after \(retryAfter) s)")
            }
            var headers = HTTPFields()
            headers[.retryAfter] = String(retryAfter)
            return Response(status: .tooManyRequests, headers: headers)
        }
    }
}
