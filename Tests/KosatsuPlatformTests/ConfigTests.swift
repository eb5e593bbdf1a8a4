import Foundation
import KosatsuData
import KosatsuPlatform
import Testing

@Suite struct ConfigTests {
    @Test func theREADMEExampleParses() throws {
        let directory = try temporaryDirectory()
        for name in ["client-secret", "push-token", "city-ca.pem"] {
            try "0123456789abcdef0123\n".write(toFile: "\(directory)/\(name)", atomically: true, encoding: .utf8)
        }
        let yaml = """
            platform:
              name: platform
              url: https://city-os.example.jp
              flavour: ngsi-v2
              format: normalized
              tenant: odawara
              servicePath: /signage
              pageSize: 500
              pollInterval: 1m
              timeout: 10s
              staleAfter: 10m
              auth:
                header: x-auth-token
                oauth2:
                  tokenURL: https://keyrock.example.jp/oauth2/token
                  clientID: kosatsu-sign-12
                  clientSecretFile: \(directory)/client-secret
              tls:
                caFile: \(directory)/city-ca.pem
              cacheDirectory: /var/lib/kosatsu
              subscription:
                notifyURL: http://10.20.0.12:8080/notify/ngsi
                secretFile: \(directory)/push-token
                secretIn: header
                duration: 1d
                throttling: 5
              spots:
                type: CrowdFlowObserved
                name: {ja: 名称, en: nameEn}
                count: 人数
                capacity: capacity
                occupancy: ~
                thresholds: {moderate: 0.5, high: 0.75, veryHigh: 0.9}
              alerts:
                type: Alert
              notices:
                type: Notice
              weather:
                type: WeatherObserved
                id: urn:ngsi-ld:WeatherObserved:odawara-station
            layouts: [congestion-board]
            """
        let config = try PlatformConfig.parse(yaml: yaml, file: "kosatsu.yaml")
        #expect(config.tenant == "odawara")
        #expect(config.pageSize == 500)
        #expect(config.pollInterval == .seconds(60))
        #expect(config.authHeader == .xAuthToken)
        #expect(config.subscription?.duration == .seconds(86_400))
        #expect(config.subscription?.secret == "0123456789abcdef0123")
        #expect(config.spots?.count == "人数")
        #expect(config.spots?.occupancy == nil)
        #expect(config.spots?.name.names.map(\.1) == ["名称", "nameEn"])
        #expect(config.weather?.id == "urn:ngsi-ld:WeatherObserved:odawara-station")
        #expect(config.selections.map(\.0) == [.spots, .alerts, .notices, .weather])
    }

    @Test(arguments: [
        (
            "url: http://x\nspots:\n  cont: peopleCount\n",
            "config.yaml:3:3: unknown key 'cont' in 'spots' (did you mean 'count'?)"
        ),
        (
            "url: http://x\nflavour: ngsi-v3\nspots: {}\n",
            "config.yaml:2:10: 'flavour' must be one of ngsi-v2, ngsi-ld, found 'ngsi-v3'"
        ),
        ("spots: {}\n", "config.yaml:1:1: the platform config needs a 'url'"),
        (
            "url: ftp://x\nspots: {}\n",
            "config.yaml:1:6: 'url' must be an http or https URL with a host, found 'ftp://x'"
        ),
        (
            "url: http://x\npageSize: 5000\nspots: {}\n",
            "config.yaml:2:11: 'pageSize' must be between 1 and 1000, found 5000"
        ),
        (
            "url: http://x\n",
            "config.yaml:1:1: the platform config needs at least one of 'spots', 'alerts', 'notices', 'weather'"
        ),
        (
            "url: http://x\ntenant: Odawara City\nspots: {}\n",
            "config.yaml:2:9: 'tenant' must be at most 50 lower-case letters"
        ),
        ("url: http://x\nservicePath: signage\nspots: {}\n", "config.yaml:2:14: 'servicePath' must be absolute paths"),
        (
            "url: http://x\npollInterval: soon\nspots: {}\n",
            "config.yaml:2:15: 'pollInterval' must be a duration like 60, 30s, 5m or 1h, found 'soon'"
        ),
        (
            "url: http://x\ntls: {caFile: /nonexistent/ca.pem}\nspots: {}\n",
            "config.yaml:2:15: 'caFile': cannot read the file '/nonexistent/ca.pem'"
        ),
        (
            "url: http://x\nsubscription: {notifyURL: http://127.0.0.1/n, secret: short}\nspots: {}\n",
            "'subscription' needs a 'secretFile' (or 'secret') of at least 16 characters"
        ),
        (
            "url: http://x\nspots: {thresholds: {moderate: 0.9, high: 0.5}}\n",
            "config.yaml:2:21: 'thresholds' must rise"
        ),
        ("url: http://x\n  bad: [\n", "config.yaml:2:"),
    ])
    func badConfigsSayWhereAndWhat(yaml: String, expected: String) {
        #expect {
            _ = try PlatformConfig.parse(yaml: yaml, file: "config.yaml")
        } throws: { error in
            let text = "\(error)"
            let matched = text.contains(expected)
            if !matched { Issue.record("got: \(text)") }
            return matched
        }
    }

    @Test func percentDecodingLeavesPlainTextAlone() {
        #expect(TextDecoding.percentDecoded("Odawara%20Castle%20%28keep%29") == "Odawara Castle (keep)")
        #expect(TextDecoding.percentDecoded("100%") == "100%")
        #expect(TextDecoding.percentDecoded("50% off") == "50% off")
        #expect(TextDecoding.percentDecoded("%E5%B0%8F%E7%94%B0%E5%8E%9F") == "小田原")
        #expect(TextDecoding.percentDecoded("%FF%FE") == "%FF%FE")  // not UTF-8: kept as is
        #expect(TextDecoding.percentDecoded("小田原城") == "小田原城")
    }
}
