import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps the HTTP server's door open for the pusher and the health check whatever else connects:
/// at most `limit` connections; past it the one idle longest (connected, no request under way) is
/// closed to make room, and when every connection is busy the newcomer is. Idle and half-sent
/// requests (slowloris) are closed by the server's own timeout (`HTTPServerLimits.requestHeadTimeout`).
final class ConnectionTable: Sendable {
    let limit: Int
    private struct Entry {
        var channel: any Channel
        /// Between requests: waiting for a request head (or a half-sent one).
        var idle: Bool
        var since: ContinuousClock.Instant
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])
    private let shedCount = Mutex(0)

    init(limit: Int) {
        self.limit = limit
    }

    var count: Int { entries.withLock { $0.count } }
    /// Connections closed to make room, since the start.
    var shed: Int { shedCount.withLock { $0 } }

    /// A new connection; returns the connection to close to keep within the limit, if any.
    func opened(_ channel: any Channel) -> (any Channel)? {
        entries.withLock { entries in
            entries[ObjectIdentifier(channel)] = Entry(channel: channel, idle: true, since: .now)
            guard entries.count > limit else { return nil }
            let victim =
                entries.filter { $0.value.idle && $0.key != ObjectIdentifier(channel) }
                .min { $0.value.since < $1.value.since }?.key ?? ObjectIdentifier(channel)
            let closing = entries.removeValue(forKey: victim)?.channel
            shedCount.withLock { $0 += 1 }
            return closing
        }
    }

    func busy(_ channel: any Channel) {
        entries.withLock { $0[ObjectIdentifier(channel)]?.idle = false }
    }

    func idle(_ channel: any Channel) {
        entries.withLock {
            $0[ObjectIdentifier(channel)]?.idle = true
            $0[ObjectIdentifier(channel)]?.since = .now
        }
    }

    func closed(_ channel: any Channel) {
        _ = entries.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}

/// One connection's place in the `ConnectionTable`: busy from a request head to its response's end.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let table: ConnectionTable

    init(table: ConnectionTable) {
        self.table = table
    }

    func handlerAdded(context: ChannelHandlerContext) {
        table.opened(context.channel)?.close(promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        table.closed(context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        table.closed(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { table.busy(context.channel) }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { table.idle(context.channel) }
        context.write(data, promise: promise)
    }
}

/// The HTTP server's bounds, from the file descriptors the process may open.
enum HTTPServerLimits {
    /// A connection has this long to send a whole request head, after it connects or after its
    /// last response: idle keep-alive connections and slowloris alike are closed after it.
    static let requestHeadTimeout: TimeAmount = .seconds(10)

    /// Raises the soft limit on open files to the hard one (systemd's unit sets `LimitNOFILE`), and
    /// returns the connection cap: half of what may be open, the rest for the sign's own files,
    /// fonts, the panel and its outgoing connections.
    static func connectionLimit(logger: Logger) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 256 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let open = Int(clamping: min(limit.rlim_cur, 1 << 20))
        let cap = max(16, min(4096, open / 2))
        logger.info("HTTP: at most \(cap) connections (open files \(open)); idle ones shed first")
        return cap
    }
}
