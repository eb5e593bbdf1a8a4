import CFuzzDriver
import Foundation
import KosatsuAlerts

/// The sign the alerts are judged for: 小田原市, 神奈川県西部, 相模湾・三浦半島.
nonisolated(unsafe) private var board = AlertBoard(
    area: SignArea(codes: [
        AreaCode(argument: "municipality:1420600"), AreaCode(argument: "seismic-area:361"),
        AreaCode(argument: "tsunami-region:330"),
    ]))

/// One input: a JMA telegram, CAP message or NGSI alert, read and given to the board.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAlerts(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let alerts = try? AlertReader.read(data, file: "/fuzz/alert.xml") else { return 0 }
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    for alert in alerts {
        _ = board.receive(alert, at: now)
        _ = alert.areas.map(\.name)
    }
    _ = board.takeover
    if board.inForce.count > 64 { board = AlertBoard(area: board.area) }
    return 0
}

/// The entry point SwiftPM links as `main` in a debug build: hands over to libFuzzer's driver.
@_cdecl("FuzzAlerts_main")
public func fuzzAlertsMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return fuzzAlerts(UnsafeRawPointer(bitPattern: 1)!, 0) }
        return fuzzAlerts(UnsafeRawPointer(data), size)
    }
}
