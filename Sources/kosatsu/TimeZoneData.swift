import Foundation
import KosatsuData

/// Foundation traps (SIGILL) the first time it formats a date when the system has no time-zone
/// database, so a sign without `tzdata` would die on its first frame. Check once, up front, and say
/// what to install instead.
enum TimeZoneData {
    static let directory = "/usr/share/zoneinfo"

    /// Why dates cannot be formatted here, or nil when they can.
    static var problem: String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory + "/Asia/Tokyo", isDirectory: &isDirectory),
            !isDirectory.boolValue, SignTimeZone(identifier: "Asia/Tokyo") != nil
        else {
            return "kosatsu: no time-zone data (\(directory)/Asia/Tokyo is missing); install the tzdata package"
        }
        return nil
    }
}
