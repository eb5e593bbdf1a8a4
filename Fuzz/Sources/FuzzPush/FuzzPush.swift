import CFuzzDriver
import Foundation
import HTTPTypes
import Hummingbird
import KosatsuAlertFeeds
import KosatsuAlerts
import KosatsuData
import KosatsuPlatform
import NIOCore

private let token = "fuzz-token-0123456789abcdef"
private let push = AlertPushEndpoint(token: token)

/// The sign's data source as the notification sink: notifications change its snapshot as on a sign.
private let source: PlatformSource = {
    var config = PlatformConfig(url: URL(fileURLWithPath: "/"))
    config.spots = SpotMapping(type: "CrowdFlowObserved")
    config.alerts = AlertMapping(type: "Alert")
    config.weather = WeatherMapping(type: "WeatherObserved")
    // swift-format-ignore: NeverUseForceTry
    return try! PlatformSource(config: config)
}()
private let notify = NGSINotificationEndpoint(sink: source, secret: token)

/// Waits for async work inside the synchronous fuzzer callback.
private func wait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let done = DispatchSemaphore(value: 0)
    let box = Box<T>()
    Task {
        box.value = await work()
        done.signal()
    }
    done.wait()
    // swift-format-ignore: NeverForceUnwrap
    return box.value!
}

private final class Box<T>: @unchecked Sendable {
    var value: T?
}

/// One input: the first line is the Authorization header (or none), the rest the body. Both push
/// endpoints handle it as they would a request from the network, with their real size limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPush(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let split = data.firstIndex(of: UInt8(ascii: "\n")) ?? data.startIndex
    let firstLine = String(decoding: data[data.startIndex..<split], as: UTF8.self)
    let body = data[split...].dropFirst()
    // Most inputs carry the right token, so the body reaches the parsers; some try their luck.
    let authorization = firstLine == "-" ? "Bearer \(token)" : firstLine

    var headers = ["Authorization": authorization, "Content-Length": String(body.count)]
    let request = PushRequest(method: "POST", path: "/alerts", headers: headers, body: Data(body), remote: "fuzz")
    if push.screen(method: "POST", path: "/alerts", headers: headers, remote: "fuzz") == nil {
        _ = push.handle(request)
    }

    headers = [:]
    var fields = HTTPFields()
    if let value = HTTPField(name: .authorization, value: authorization) as HTTPField? { fields.append(value) }
    fields[.contentType] = "application/json"
    let head = HTTPRequest(method: .post, scheme: "http", authority: "sign", path: "/notify/ngsi", headerFields: fields)
    let buffer = ByteBuffer(bytes: body)
    _ = wait { await notify.respond(to: Request(head: head, body: RequestBody(buffer: buffer))).status.code }
    return 0
}

/// The entry point SwiftPM links as `main` in a debug build: hands over to libFuzzer's driver.
@_cdecl("FuzzPush_main")
public func fuzzPushMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return fuzzPush(UnsafeRawPointer(bitPattern: 1)!, 0) }
        return fuzzPush(UnsafeRawPointer(data), size)
    }
}
