import CFuzzDriver
import Foundation
import KosatsuAlerts
import KosatsuFleet
import KosatsuPlatform

/// The sign's data source as an MQTT notification's destination, mapping every kind it reads.
private let source: PlatformSource = {
    var config = PlatformConfig(url: URL(fileURLWithPath: "/"))
    config.spots = SpotMapping(type: "CrowdFlowObserved")
    config.notices = NoticeMapping(type: "PointOfInterest")
    config.weather = WeatherMapping(type: "WeatherObserved")
    // swift-format-ignore: NeverUseForceTry
    return try! PlatformSource(config: config)
}()

/// Waits for async work inside the synchronous fuzzer callback.
private func wait(_ work: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await work()
        done.signal()
    }
    done.wait()
}

nonisolated(unsafe) private var entities = FleetAlertEntities()
nonisolated(unsafe) private var board = AlertBoard(
    area: SignArea(position: GeoPoint(latitude: 35.2564, longitude: 139.1550), radius: 500),
    now: Date(timeIntervalSince1970: 1_795_000_000))

/// One input: an MQTT payload as a sign receives it on its topics, routed as the sign routes it
/// (FleetService's PayloadRouter): notifications to the platform source, alert entities and
/// JMA / CAP documents to an alert board.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMQTT(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    guard let payload = try? FleetPayload.read(bytes, topic: "city/fuzz") else { return 0 }
    switch payload {
    case .empty:
        break
    case .alerts(let alerts):
        for alert in alerts { board.receive(alert, at: now) }
    case .notification(let json, let list):
        wait { _ = try? await source.receive(notification: json, attrsFormat: "normalized") }
        for alert in entities.alerts(in: list, topic: "city/fuzz").alerts { board.receive(alert, at: now) }
    }
    _ = board.takeover
    return 0
}

/// The entry point SwiftPM links as `main` in a debug build: hands over to libFuzzer's driver.
@_cdecl("FuzzMQTT_main")
public func fuzzMQTTMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return fuzzMQTT(UnsafeRawPointer(bitPattern: 1)!, 0) }
        return fuzzMQTT(UnsafeRawPointer(data), size)
    }
}
