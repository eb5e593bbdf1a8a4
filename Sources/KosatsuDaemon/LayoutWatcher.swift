import Dispatch
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
    import Glibc
#endif

/// Reloads layouts when a file in the layout folder changes (inotify) or on SIGHUP. A file that
/// fails to load is logged with its line and column and the running version stays.
struct LayoutWatcher: Service {
    let state: SignState
    let directory: String
    let logger: Logger

    func run() async throws {
        let queue = DispatchQueue(label: "kosatsu.layout-watcher")
        let state = self.state
        let directory = self.directory
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        var files: (any DispatchSourceRead)?
        if fd >= 0,
            inotify_add_watch(fd, directory, UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_CREATE)) >= 0
        {
            let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
            source.setEventHandler {
                var buffer = [UInt8](repeating: 0, count: 4096)
                while read(fd, &buffer, buffer.count) > 0 {}
                Task { await state.reloadLayouts(from: directory) }
            }
            source.setCancelHandler { close(fd) }
            source.resume()
            files = source
        } else {
            logger.warning("inotify unavailable for \(directory); layouts reload on SIGHUP only")
            if fd >= 0 { close(fd) }
        }
        // SIGHUP through service-lifecycle's signal sequence, which ends when the sign shuts down.
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            logger.info("SIGHUP: reloading layouts")
            await state.reloadLayouts(from: directory)
        }
        files?.cancel()
    }
}
