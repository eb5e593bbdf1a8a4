import Foundation
import KosatsuData
import KosatsuPlatform
import NIOHTTP1
import Testing

/// The platform side of README: Security — notifications, outbound TLS, credential files.
@Suite struct SecurityTests {
    @Test func aNotificationWithoutTheSecretIs401WithAnEmptyBody() async throws {
        try await withSimulator { _, url in
            try await withSource(spotConfig(url)) { source in
                let server = try await NotifyServer(sink: source, secret: PushTests.secret)
                for headers in [[], [("X-Kosatsu-Token", "guess")], [("Authorization", "Bearer guess")]] {
                    let answer = try await httpCall(.POST, server.url.absoluteString, headers: headers, body: "{}")
                    #expect(answer.status == 401)
                    #expect(answer.body.isEmpty, "a 401 tells a guesser nothing: \(answer.body)")
                }
                await server.stop()
            }
        }
    }

    @Test(arguments: ["insecure: true", "verify: false", "certificateVerification: none"])
    func certificateValidationCannotBeTurnedOff(key: String) throws {
        // There is no such option: a config that asks is refused, never silently run without checks.
        #expect {
            try PlatformConfig.parse(
                yaml: "url: https://city-os.example.jp\ntls: {\(key)}\nspots: {type: CrowdFlowObserved}\n",
                file: "platform.yaml")
        } throws: { error in
            "\(error)".contains("platform.yaml:2:") && "\(error)".contains("unknown key")
        }
    }

    @Test(arguments: [(0o600, false), (0o640, true), (0o604, true)])
    func aTokenFileOthersCanReadIsWarnedAboutInTheLog(mode: Int, warned: Bool) async throws {
        let directory = try temporaryDirectory()
        let file = directory + "/token"
        try "platform-token-secret-42\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, mode_t(mode))
        var config = spotConfig(URL(string: "https://city-os.example.jp")!)
        config.auth = .tokenFile(file)
        let log = LogRecorder()
        let source = try PlatformSource(config: config, logger: log.logger)
        await source.shutdown()
        let warnings = log.messages.filter { $0.contains(file) }
        #expect(warnings.isEmpty == !warned, "\(log.messages)")
        #expect(warnings.allSatisfy { $0.hasPrefix("warning") && !$0.contains("platform-token-secret-42") })
    }
}

/// Config values the fuzzer's findings pointed at: numbers too large for the types behind them.
@Suite struct HugeConfigValueTests {
    @Test(arguments: ["pollInterval: 1e300", "timeout: 1e300s", "staleAfter: 99999999999999999999d"])
    func aDurationBeyondAYearIsAnErrorNotATrap(line: String) {
        #expect {
            try PlatformConfig.parse(yaml: "url: http://127.0.0.1:9/\n\(line)\n", file: "platform.yaml")
        } throws: { error in
            "\(error)".contains("platform.yaml:2:") && "\(error)".contains("at most a year")
        }
    }
}
