import Dispatch
import Foundation
import Logging
import ServiceLifecycle

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
        signal(SIGHUP, SIG_IGN)
        let hangup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: queue)
        let state = self.state
        let directory = self.directory
        let logger = self.logger
        hangup.setEventHandler {
            logger.info("SIGHUP: reloading layouts")
            Task { await state.reloadLayouts(from: directory) }
        }
        hangup.resume()
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
        try? await gracefulShutdown()
        hangup.cancel()
        files?.cancel()
    }
}
