// A stand-in for `kosatsu show` in the QEMU test: opens the display, shows the test pattern,
// says so on the serial console, optionally shows a second frame, then puts the console back.
import Glibc
import KosatsuDisplay
import KosatsuScene

struct Arguments {
    var options = DisplayOptions()
    var seconds = 5.0
    var secondFrameAfter: Double?
    var listOutputs = false

    init(_ arguments: [String]) throws(DisplayError) {
        var rest = arguments[...]
        func value(_ flag: String) throws(DisplayError) -> String {
            guard let next = rest.popFirst() else { throw DisplayError(.invalidOption, "\(flag) needs a value") }
            return next
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--card": options.cardPath = try value(flag)
            case "--connector": options.connectorName = try value(flag)
            case "--mode": options.mode = try ModeRequest(parsing: try value(flag))
            case "--rotate":
                let text = try value(flag)
                guard let degrees = Int(text), let rotation = Rotation(degrees: degrees) else {
                    throw DisplayError(.invalidOption, "--rotate takes 0, 90, 180 or 270, not \(text)")
                }
                options.rotation = rotation
            case "--seconds":
                let text = try value(flag)
                guard let seconds = Double(text), seconds >= 0 else {
                    throw DisplayError(.invalidOption, "--seconds takes a number, not \(text)")
                }
                self.seconds = seconds
            case "--second-frame-after":
                let text = try value(flag)
                guard let seconds = Double(text), seconds >= 0 else {
                    throw DisplayError(.invalidOption, "--second-frame-after takes a number, not \(text)")
                }
                secondFrameAfter = seconds
            case "--wait-for-connector": options.waitsForConnector = true
            case "--legacy": options.prefersAtomic = false
            case "--outputs": listOutputs = true
            default: throw DisplayError(.invalidOption, "unknown argument \(flag)")
            }
        }
    }
}

/// Prints a line to stdout and stderr: stdout for pipes, stderr for the serial console.
func announce(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    StandardError.writeLine(line)
}

/// Waits up to `seconds`; returns true if SIGTERM or SIGINT arrived (they are blocked and
/// taken here synchronously, so no handler runs at an arbitrary point).
func waitForSignal(_ seconds: Double) -> Bool {
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGTERM)
    sigaddset(&signals, SIGINT)
    var timeout = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
    while true {
        let received = sigtimedwait(&signals, nil, &timeout)
        if received > 0 { return true }
        if errno != EINTR { return false }
    }
}

func run() throws(DisplayError) -> Int32 {
    let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    if arguments.listOutputs {
        announce(DisplayOutput.inventory(arguments.options).description)
        return 0
    }
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGTERM)
    sigaddset(&signals, SIGINT)
    pthread_sigmask(SIG_BLOCK, &signals, nil)

    let display = try DisplayOutput.open(arguments.options)
    defer { display.close() }
    if display.size == nil, arguments.options.waitsForConnector {
        // Nothing plugged in yet: light up when the kernel reports a hotplug.
        let monitor = try HotplugMonitor()
        var waited = 0.0
        while display.size == nil, waited < arguments.seconds {
            if monitor.waitForChange(timeout: .seconds(1)) {
                _ = try display.reprobe()
            }
            waited += 1
        }
    }
    guard let size = display.size, let connector = display.connectorName else {
        announce("kosatsu: no display connected")
        return 1
    }
    let pattern = TestPattern(width: size.width, height: size.height)
    try display.present(pattern.frame(withBox: false))
    let flipped = try display.waitForFlip()
    announce(
        "kosatsu: showing bars on \(connector) \(size) (rotation \(display.rotation.rawValue) by \(display.rotationHandling)\(flipped ? "" : ", no flip event"))"
    )
    var remaining = arguments.seconds
    if let after = arguments.secondFrameAfter, after < remaining {
        if waitForSignal(after) { return 0 }
        remaining -= after
        let box = pattern.box
        try display.present(
            pattern.frame(withBox: true), damage: [DamageRect(x: box.x, y: box.y, width: box.width, height: box.height)]
        )
        _ = try display.waitForFlip()
        announce("kosatsu: showing bars+box on \(connector) \(size)")
    }
    _ = waitForSignal(remaining)
    announce("kosatsu: restoring the console")
    return 0
}

do {
    exit(try run())
} catch {
    announce("kosatsu: error: \(error)")
    exit(1)
}
