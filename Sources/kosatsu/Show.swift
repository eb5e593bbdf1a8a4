import ArgumentParser
import Foundation
import KosatsuDaemon
import KosatsuDisplay
import KosatsuLayout
import KosatsuPipeline
import KosatsuRender
import KosatsuScene
import KosatsuText
import Logging

/// `kosatsu show`: one layout page on the panel through KMS/DRM — the same renderer and pixels as
/// `kosatsu render`, at the display's own size, through the same frame pipeline as `kosatsu run`
/// (a ticker scrolls).
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Paint a layout page on the display (KMS/DRM), e.g. to check a panel when installing a sign.",
        discussion: """
            Needs a DRM card (/dev/dri/card*) that no compositor holds, and a user in the 'video' group. \
            The frame is rendered at the display's size (a portrait size with --rotate 90 or 270). Prints \
            'kosatsu: showing LAYOUT on CONNECTOR WxH' once the frame is on screen; on SIGTERM, Ctrl-C or \
            after --seconds it puts the console back.
            """)

    @OptionGroup var pageOptions: PageOptions
    @OptionGroup var fontOptions: FontOptions

    @Option(help: "The DRM card (default: the boot VGA card, else the first that has a display).")
    var card: String?

    @Option(help: "The connector, by the kernel's name (HDMI-A-1, DP-2, Virtual-1; see `kosatsu outputs`).")
    var connector: String?

    @Option(help: "A mode WIDTHxHEIGHT[@HZ] instead of the display's preferred one.")
    var mode: String?

    @Option(help: "How the panel is mounted: 0, 90, 180 or 270 degrees clockwise.")
    var rotate: Int = 0

    @Option(help: "Exit after this many seconds on screen (default: until SIGTERM or Ctrl-C).")
    var seconds: Double?

    @Flag(help: "If no display is connected, wait for one and light it up when it is plugged in.")
    var wait = false

    // A second frame at a fixed moment, so a test can see a change reach the scanout.
    @Option(help: .hidden) var thenAt: String?
    @Option(help: .hidden) var thenData: String?
    @Option(help: .hidden) var thenPage: String?
    @Option(help: .hidden) var after: Double = 2
    // Presents this many frames after the first and prints what each cost (`make bench-display`).
    @Option(help: .hidden) var benchFrames: Int = 0

    func validate() throws {
        guard Rotation(degrees: rotate) != nil else {
            throw ValidationError("--rotate takes 0, 90, 180 or 270, not \(rotate)")
        }
        if let seconds, !(seconds >= 0) {
            throw ValidationError("--seconds takes a number of seconds, not \(seconds)")
        }
    }

    var layout: String { pageOptions.layout }
    var data: String? { pageOptions.data }
    var at: String? { pageOptions.at }
    var page: String { pageOptions.page }
    var lang: String? { pageOptions.lang }
    var fonts: String? { fontOptions.fonts }

    func run() throws {
        let layout: Layout
        do {
            layout = try LayoutLoader.load(self.layout)
        } catch {
            throw CommandFailure(error.description)
        }
        // Every option is checked before the panel is touched: bad input never blanks a sign.
        let first = try RenderRequest(layout: layout, data: data, at: at, size: nil, page: page, lang: lang)
        let hasSecondFrame = thenAt != nil || thenData != nil || thenPage != nil
        let second =
            hasSecondFrame
            ? try RenderRequest(
                layout: layout, data: thenData ?? data, at: thenAt ?? at, size: nil, page: thenPage ?? page, lang: lang)
            : nil
        var options = DisplayOptions(
            cardPath: card, connectorName: connector, rotation: Rotation(degrees: rotate) ?? .degrees0,
            waitsForConnector: wait)
        if let mode {
            do {
                options.mode = try ModeRequest(parsing: mode)
            } catch {
                throw CommandFailure("--mode: \(error.message)")
            }
        }
        guard let fontDirectory = fonts ?? FontDirectory.locate() else {
            throw CommandFailure("cannot find Kosatsu's Fonts/ directory; pass --fonts DIR or set KOSATSU_FONTS")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: fontDirectory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw CommandFailure("--fonts: \(fontDirectory) is not a directory")
        }
        let signals = try ShutdownSignals()

        let display: DisplayOutput
        do {
            display = try DisplayOutput.open(options)
        } catch {
            throw CommandFailure(Self.explain(error))
        }
        let hotplug: HotplugMonitor?
        do {
            hotplug = try HotplugMonitor()
        } catch {
            hotplug = nil
            logLine("kosatsu: \(error.message); a display plugged in later will not be noticed")
        }

        // Dark until a display is plugged in (only with --wait; otherwise open() has thrown).
        var deadline = seconds.map { ContinuousClock.now + .milliseconds(Int($0 * 1000)) }
        while display.size == nil {
            let now = ContinuousClock.now
            if signals.received != nil {
                display.close()
                logLine("kosatsu: console restored")
                return
            }
            if let deadline, now >= deadline {
                display.close()
                logLine("kosatsu: no display was connected within \(seconds ?? 0) s; nothing shown")
                throw ExitCode.failure
            }
            // Hotplug events say when to look; looking every few seconds covers a missed event.
            let timeout = min(deadline.map { $0 - now } ?? .seconds(5), .seconds(5))
            let ready = signals.wait(timeout: timeout, alsoWatching: hotplug.map { [$0.fileDescriptor] } ?? [])
            if signals.received == nil {
                if !ready.isEmpty { _ = hotplug?.waitForChange(timeout: .zero) }
                do {
                    _ = try display.reprobe()
                } catch {
                    display.close()
                    throw CommandFailure(Self.explain(error))
                }
            }
        }

        // From here on frames reach the panel only through the frame pipeline, as in `kosatsu run`.
        let size = display.size ?? PixelSize(width: 1920, height: 1080)
        let output = PanelOutput(display: display, size: size, hotplug: hotplug)
        let panel = Panel(layout: layout, display: display)
        let pipeline: FramePipeline
        do {
            pipeline = try FramePipeline(
                output: output, fontDirectory: fontDirectory, logger: Logger(label: "kosatsu"),
                onFrame: { panel.frames.add($0) },
                onOutputChange: { change in panel.outputChanged(change, name: self.layout) })
        } catch {
            display.close()
            throw CommandFailure("\(self.layout): \(error)")
        }
        panel.pipeline = pipeline
        pipeline.start()
        defer {
            pipeline.stopAndWait()
            logLine("kosatsu: console restored")
        }

        panel.show(first, label: "first")
        guard let shown = panel.frames.wait(for: "first", timeout: .seconds(60)) else {
            throw CommandFailure("\(self.layout): the first frame was not drawn (see the log above)")
        }
        let sinceStart = ProcessClock.sinceProcessStart()
        logLine(
            "kosatsu: first frame on screen \(ProcessClock.milliseconds(sinceStart)) ms after the process started "
                + "(render \(ProcessClock.milliseconds(shown.render)) ms, present and flip \(ProcessClock.milliseconds(shown.present)) ms, rotation \(display.rotation) by \(display.rotationHandling))"
        )
        FileHandleOutput.standardOutput.write(
            "kosatsu: showing \(self.layout) on \(panel.connector) \(panel.sizeDescription)\n")

        if benchFrames > 0 {
            let frames = benchFrames
            let report = try pipeline.performAndWait { output, composer in
                try Panel.bench(output: output, canvas: composer.canvas, frames: frames)
            }
            FileHandleOutput.standardOutput.write("kosatsu: bench \(report)\n")
        }

        deadline = seconds.map { ContinuousClock.now + .milliseconds(Int($0 * 1000)) }
        var secondAt = second.map { _ in ContinuousClock.now + .milliseconds(Int(after * 1000)) }
        while signals.received == nil {
            let now = ContinuousClock.now
            if let deadline, now >= deadline { break }
            if let due = secondAt, now >= due, let second {
                secondAt = nil
                panel.show(second, label: "second")
                if let frame = panel.frames.wait(for: "second", timeout: .seconds(60)) {
                    FileHandleOutput.standardOutput.write(
                        "kosatsu: updated \(self.layout) on \(panel.connector) \(panel.sizeDescription) "
                            + "(\(frame.damage.count) damaged rectangle\(frame.damage.count == 1 ? "" : "s"), "
                            + "\(frame.damagedPixels) pixels)\n")
                }
                continue
            }
            let wakeUp = [deadline, secondAt].compactMap { $0 }.min()
            _ = signals.wait(timeout: wakeUp.map { $0 - now })
        }
        if let signal = signals.received {
            logLine("kosatsu: received \(signal == SIGTERM ? "SIGTERM" : "SIGINT"); restoring the console")
        }
    }

    /// A display failure as one line an installer can act on.
    static func explain(_ error: DisplayError) -> String {
        var text = error.message
        if error.code == .noConnector {
            text += "; plug a display in, or pass --wait to wait for one"
        }
        if let operation = error.operation, !error.message.contains(operation) {
            text += " (\(operation)\(error.errno.map { ": \(String(cString: strerror($0)))" } ?? ""))"
        }
        return text
    }
}

/// Log lines go to standard error, one whole line each.
func logLine(_ line: String) {
    StandardError.writeLine(line)
}
