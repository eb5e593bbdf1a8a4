import Glibc

/// How to open the display: which card, connector, mode and rotation, and how patiently.
public struct DisplayOptions: Sendable {
    /// A card to use (`--card /dev/dri/card1`) instead of discovering one.
    public var cardPath: String?
    /// A connector to use by the kernel's name (`HDMI-A-1`, `Virtual-1`).
    public var connectorName: String?
    /// A mode to use instead of the preferred one; falls back to the preferred one if refused.
    public var mode: ModeRequest?
    public var rotation: Rotation
    /// How often and how long to wait while another process is DRM master.
    public var masterRetry: RetryPolicy
    /// Open even if nothing is plugged in: the output stays dark until `reprobe()` finds a
    /// connected connector (call it on hotplug). Otherwise opening throws `.noConnector`.
    public var waitsForConnector: Bool
    /// Use atomic modesetting when the driver offers it (legacy calls otherwise, or when false).
    public var prefersAtomic: Bool = true
    /// Where log lines go (one line each, no newline).
    public var log: @Sendable (String) -> Void
    /// Where to look for cards; tests point these elsewhere.
    public var sysfsRoot: String
    public var deviceRoot: String

    public init(
        cardPath: String? = nil, connectorName: String? = nil, mode: ModeRequest? = nil,
        rotation: Rotation = .degrees0, masterRetry: RetryPolicy = RetryPolicy(),
        waitsForConnector: Bool = false, log: @escaping @Sendable (String) -> Void = StandardError.writeLine,
        sysfsRoot: String = "/sys/class/drm", deviceRoot: String = "/dev/dri"
    ) {
        self.cardPath = cardPath
        self.connectorName = connectorName
        self.mode = mode
        self.rotation = rotation
        self.masterRetry = masterRetry
        self.waitsForConnector = waitsForConnector
        self.log = log
        self.sysfsRoot = sysfsRoot
        self.deviceRoot = deviceRoot
    }
}

/// How many times to try, and how long to wait in between.
public struct RetryPolicy: Sendable, Hashable {
    public var attempts: Int
    public var delay: Duration

    public init(attempts: Int = 10, delay: Duration = .seconds(1)) {
        self.attempts = max(1, attempts)
        self.delay = delay
    }
}

/// Writes whole lines to fd 2 (no Foundation, no shared `FILE *`).
public enum StandardError {
    public static func writeLine(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
    }
}

/// Sleeps the calling thread; the output's owner runs on its own thread or actor.
func sleepThread(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR {
        request = remaining
    }
}
