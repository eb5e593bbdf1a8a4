import AsyncHTTPClient
import Foundation
import KosatsuData
import NIOCore
import NIOHTTP1
import NIOSSL

/// The token the broker's PEP proxy wants: read from a file, or obtained with OAuth2 client
/// credentials and refreshed before it expires.
actor Credentials {
    private let auth: PlatformConfig.Auth
    private let header: PlatformConfig.AuthHeader
    private let http: HTTPClient
    private let tls: TLSConfiguration?
    private let timeout: Duration
    private let now: @Sendable () -> Date
    private var cached: (token: String, refreshAt: Date)?
    /// How many tokens the token endpoint has issued to this sign (for tests and metrics).
    private(set) var tokensObtained = 0

    init(
        auth: PlatformConfig.Auth, header: PlatformConfig.AuthHeader, http: HTTPClient, tls: TLSConfiguration?,
        timeout: Duration, now: @escaping @Sendable () -> Date
    ) {
        self.tls = tls
        self.auth = auth
        self.header = header
        self.http = http
        self.timeout = timeout
        self.now = now
    }

    var canRefresh: Bool {
        if case .oauth2 = auth { return true }
        return false
    }

    /// The header to send, or nil without auth.
    func headerField() async throws(NGSIError) -> (name: String, value: String)? {
        let token: String
        switch auth {
        case .none:
            return nil
        case .tokenFile(let path):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw NGSIError(.credentials, "cannot read the token file \(path)")
            }
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw NGSIError(.credentials, "the token file \(path) is empty") }
        case .oauth2(let oauth):
            if let cached, now() < cached.refreshAt {
                token = cached.token
            } else {
                token = try await obtain(oauth)
            }
        }
        switch header {
        case .bearer: return ("Authorization", "Bearer \(token)")
        case .xAuthToken: return ("X-Auth-Token", token)
        }
    }

    /// Forgets the cached token (the broker said 401: it may have been revoked early).
    func invalidate() {
        cached = nil
    }

    private func obtain(_ oauth: PlatformConfig.OAuth2) async throws(NGSIError) -> String {
        var secret = oauth.clientSecret
        if let file = oauth.clientSecretFile {
            secret = (try? String(contentsOfFile: file, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        guard let secret else { throw NGSIError(.credentials, "cannot read the OAuth2 client secret") }
        var request = HTTPClientRequest(url: oauth.tokenURL.absoluteString)
        request.method = .POST
        request.tlsConfiguration = tls
        let basic = Data("\(oauth.clientID):\(secret)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(basic)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        var form = "grant_type=client_credentials"
        if let scope = oauth.scope { form += "&scope=\(QueryEncoding.encode(scope))" }
        request.body = .bytes(ByteBuffer(string: form))
        let started = now()
        let status: Int
        let body: ByteBuffer
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            status = Int(response.status.code)
            body = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw NGSIError(.credentials, "OAuth2 token endpoint \(oauth.tokenURL.absoluteString): \(error)")
        }
        guard status == 200 else {
            throw NGSIError(
                .credentials, "OAuth2 token endpoint \(oauth.tokenURL.absoluteString) answered \(status)",
                status: status)
        }
        guard let json = try? JSONParser.parse(body.readableBytesView), let token = json["access_token"]?.string,
            !token.isEmpty
        else {
            throw NGSIError(
                .credentials, "OAuth2 token endpoint \(oauth.tokenURL.absoluteString): no access_token in the answer")
        }
        let lifetime = json["expires_in"]?.number ?? 3600
        // Refresh a little before expiry: a tenth of the lifetime, at most a minute early.
        let margin = min(60, lifetime / 10)
        cached = (token, started.addingTimeInterval(max(0, lifetime - margin)))
        tokensObtained += 1
        return token
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Percent-encoding for query values: only RFC 3986 unreserved characters stay as they are.
package enum QueryEncoding {
    package static func encode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }

    package static func query(_ items: [(String, String)]) -> String {
        items.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}
