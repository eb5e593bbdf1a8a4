import Foundation
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator
import NIOSSL
import Testing

/// `openssl`, to make a throw-away CA and a server certificate for 127.0.0.1.
let opensslPath: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// A CA and a server certificate signed by it, in `directory`: ca.pem, server.pem, server.key.
func makeCertificates(in directory: String) async throws {
    let script = """
        set -e
        cd '\(directory)'
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=Kosatsu Test CA' 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=127.0.0.1' 2>/dev/null
        printf 'subjectAltName=IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > server.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 \
          -extfile server.ext 2>/dev/null
        """
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(
                with: Result {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/bin/sh")
                    process.arguments = ["-c", script]
                    try process.run()
                    process.waitUntilExit()
                    return process.terminationStatus
                })
        }
    }
    #expect(status == 0)
}

@Suite(.enabled(if: opensslPath != nil, "skipped: openssl is not installed, so no test certificates can be made"))
struct TLSTests {
    @Test func anExtraCAFileIsTrustedAndNothingElseIs() async throws {
        let directory = try temporaryDirectory()
        try await makeCertificates(in: directory)
        let server = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(directory + "/server.pem").map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: directory + "/server.key", format: .pem)))
        let simulator = NGSISimulator(options: .init(tls: server), logger: testLogger)
        try await simulator.start()
        do {
            let url = try #require(simulator.baseURL)
            #expect(url.scheme == "https")
            // The city's CA is not in the system store: without the CA file the certificate is refused.
            var untrusting = spotConfig(url)
            untrusting.timeout = .seconds(3)
            try await withSource(untrusting) { source in
                await #expect {
                    try await source.poll()
                } throws: { error in
                    guard let error = error as? NGSIError else { return false }
                    return error.code == .unreachable && error.message.lowercased().contains("certificate")
                }
            }
            let yaml =
                "url: \(url.absoluteString)\ntls: {caFile: \(directory)/ca.pem}\nspots: {type: CrowdFlowObserved}\n"
            var config = try PlatformConfig.parse(yaml: yaml, file: "sign.yaml")
            // The whole suite runs at once on two cores: a TLS handshake can wait well past the
            // sign's 10 s default here, and a slow answer is not what this test checks.
            config.timeout = .seconds(60)
            try await withSource(config) { source in
                let snapshot = try await source.poll()
                #expect(snapshot.spots.count == 5)
            }
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }
}
