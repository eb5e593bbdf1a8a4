import Glibc

/// The write end of the pipe the signal handler writes to; set once before the handler is installed.
nonisolated(unsafe) private var shutdownPipeWriteEnd: Int32 = -1

/// SIGTERM and SIGINT as a readable file descriptor (the self-pipe trick), so a command that owns
/// the display can wait for them next to other descriptors and put the console back before exiting.
///
/// The handler only writes one byte (async-signal-safe); the owner notices on its own thread.
final class ShutdownSignals {
    /// Readable once a signal has arrived.
    let fileDescriptor: Int32
    private let writeEnd: Int32
    private(set) var received: Int32?

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw CommandFailure("cannot create a pipe for signals: \(String(cString: strerror(errno)))")
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        fileDescriptor = ends[0]
        writeEnd = ends[1]
        shutdownPipeWriteEnd = writeEnd
        for signal in [SIGTERM, SIGINT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(shutdownPipeWriteEnd, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
        }
    }

    deinit {
        for signal in [SIGTERM, SIGINT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SIG_DFL
            sigaction(signal, &action, nil)
        }
        shutdownPipeWriteEnd = -1
        close(fileDescriptor)
        close(writeEnd)
    }

    /// Waits up to `timeout` (nil: without end) for a signal or for one of `others` to become
    /// readable. Returns the descriptors of `others` that are readable; check `received` for a signal.
    @discardableResult
    func wait(timeout: Duration?, alsoWatching others: [Int32] = []) -> [Int32] {
        var descriptors = ([fileDescriptor] + others).map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let milliseconds: Int32
        if let timeout {
            let (seconds, attoseconds) = timeout.components
            milliseconds = Int32(clamping: max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        } else {
            milliseconds = -1
        }
        let ready = descriptors.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), milliseconds) }
        guard ready > 0 else { return [] }
        if descriptors[0].revents & Int16(POLLIN) != 0 {
            var byte: UInt8 = 0
            if read(fileDescriptor, &byte, 1) == 1 {
                received = Int32(byte)
            }
        }
        return descriptors.dropFirst().filter { $0.revents & Int16(POLLIN) != 0 }.map(\.fd)
    }
}
