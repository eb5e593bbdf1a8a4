import ArgumentParser
import Foundation
import KosatsuDaemon
import KosatsuLayout
import KosatsuText

/// `kosatsu run`: the sign daemon (started by systemd at boot).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the sign: data, alerts, playlist and output, until SIGTERM.",
        discussion: """
            Without --config, runs the embedded demo: a sign at 小田原駅 with built-in data, a drill alert \
            a minute in, and the preview at http://127.0.0.1:8080/.
            """)

    @Option(help: "The sign's configuration (YAML). Default: the embedded demo.")
    var config: String?

    @Option(help: "Listen on HOST:PORT (default 127.0.0.1:8080; port 0 picks a free one).")
    var http: String?

    @Option(help: "drm, preview, null (frames drawn, shown nowhere) or auto (DRM when there is a display).")
    var output: String?

    @Option(
        help:
            "The bearer token for POST /alerts. Visible in ps: prefer push-token-file in the config or KOSATSU_PUSH_TOKEN."
    )
    var pushToken: String?

    @OptionGroup var fontOptions: FontOptions
    var fonts: String? { fontOptions.fonts }

    func run() async throws {
        CodeResidency.adviseForLongRunningSign()
        var configuration: SignConfiguration
        if let config {
            do {
                configuration = try ConfigurationLoader.load(config)
            } catch {
                throw CommandFailure(error.description)
            }
        } else {
            guard let demo = DemoConfiguration.sign() else {
                throw CommandFailure(
                    "cannot find Kosatsu's Layouts/ for the demo; set KOSATSU_LAYOUTS or pass --config")
            }
            configuration = demo
        }
        if let http { configuration.httpAddress = http }
        if let pushToken {
            // Any local user reads a command line (`ps`, /proc/PID/cmdline): a secret has no place there.
            FileHandleOutput.standardError.write(
                "kosatsu: warning: --push-token is visible to every local user in ps; use push-token-file in the configuration or KOSATSU_PUSH_TOKEN\n"
            )
            configuration.pushToken = pushToken
        }
        if let output {
            guard let kind = OutputConfiguration.Kind(rawValue: output) else {
                throw CommandFailure("--output: expected drm, preview, null or auto, found '\(output)'")
            }
            configuration.output.kind = kind
        }
        guard let fontDirectory = fonts ?? FontDirectory.locate() else {
            throw CommandFailure("cannot find Kosatsu's Fonts/ directory; pass --fonts DIR or set KOSATSU_FONTS")
        }
        let daemon = Daemon(configuration: configuration, fontDirectory: fontDirectory) { host, port in
            FileHandleOutput.standardOutput.write("kosatsu: preview at http://\(host):\(port)/\n")
        }
        try await daemon.run()
    }
}
