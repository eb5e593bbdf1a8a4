import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP server as a service that never takes the sign down with it: when its address cannot
/// be bound (the port taken, the interface not up yet) the error is logged, the screen goes on,
/// and the server tries again every `retryAfter` until it listens or the sign stops.
struct HTTPServer: Service {
    let address: String
    let retryAfter: Duration
    let logger: Logger
    let makeApplication: @Sendable () -> any ApplicationProtocol

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await makeApplication().run()
                return  // stopped by the sign's graceful shutdown
            } catch {
                logger.error(
                    "HTTP server on \(address) could not start: \(error); the sign goes on without it (no push, health or preview) and retries in \(retryAfter)"
                )
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: retryAfter) }
            }
        }
    }
}
