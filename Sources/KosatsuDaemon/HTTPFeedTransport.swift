public import AsyncHTTPClient
public import Foundation
public import KosatsuAlertFeeds
import NIOCore
import NIOHTTP1
import NIOSSL

/// The feeds' transport on the real network: AsyncHTTPClient's shared client, certificates
/// checked against the system trust store (plus a city's own CA file when given), a timeout on
/// every request and a ceiling on every body, so a broken or hostile server cannot hang the
/// poller or fill the sign's memory.
public struct HTTPFeedTransport: FeedTransport {
    /// Largest body read (JMA's largest telegrams and feeds are well under 1 MB).
    public let maximumBodySize: Int
    public let timeout: Duration
    private let http: HTTPClient
    /// The system trust store plus the CA file, set on each request (nil: the client's default).
    private let tls: TLSConfiguration?

    /// - Parameters:
    ///   - caFile: a PEM file of extra certificate authorities to trust (a city's own CA); the
    ///     system's stay trusted and validation stays on.
    ///   - http: the client; by default AsyncHTTPClient's shared one, which needs no shutdown.
    /// - Throws: `FeedTransportError` when `caFile` is not a PEM certificate file.
    public init(
        caFile: String? = nil, timeout: Duration = .seconds(15), maximumBodySize: Int = 4 << 20,
        http: HTTPClient = .shared
    ) throws(FeedTransportError) {
        self.maximumBodySize = maximumBodySize
        self.timeout = timeout
        self.http = http
        if let caFile {
            do {
                _ = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw FeedTransportError("\(caFile): not a PEM certificate file (\(error))")
            }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.file(caFile)]
            self.tls = tls
        } else {
            self.tls = nil
        }
    }

    public func get(_ url: URL, ifModifiedSince: String?) async throws -> FeedResponse {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        request.tlsConfiguration = tls
        request.headers.add(name: "Accept", value: "application/atom+xml, application/xml, text/xml")
        request.headers.add(name: "User-Agent", value: "kosatsu")
        if let ifModifiedSince { request.headers.add(name: "If-Modified-Since", value: ifModifiedSince) }
        let response = try await http.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maximumBodySize {
            throw FeedTransportError("the body is \(length) bytes; at most \(maximumBodySize) are read")
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: maximumBodySize)
        } catch is NIOTooManyBytesError {
            throw FeedTransportError("the body is larger than \(maximumBodySize) bytes")
        }
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name] = header.value }
        return FeedResponse(status: Int(response.status.code), headers: headers, body: Data(body.readableBytesView))
    }
}

/// Why a feed request did not get an answer to read.
public struct FeedTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
