public import Foundation
import KosatsuText

/// The embedded demo: a sign standing at 小田原駅 with the built-in data, when no `--config` is given.
public enum DemoConfiguration {
    /// The dashboard's ticker is what moves: `make run` shows the sign as it runs, not still pages.
    static let playlist = [
        PlaylistEntry(layout: "congestion-board"), PlaylistEntry(layout: "congestion-dashboard"),
        PlaylistEntry(layout: "city-info"),
    ]

    /// Per-user state folder for the demo (a real sign uses systemd's StateDirectory).
    static var cacheDirectory: String {
        let base =
            ProcessInfo.processInfo.environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/state")
        return base + "/kosatsu"
    }

    /// The demo sign: 小田原駅 (35.2564, 139.1550), 小田原市's warning area and the intensity and
    /// tsunami forecast areas that cover it.
    public static func sign(environment: [String: String] = ProcessInfo.processInfo.environment) -> SignConfiguration? {
        guard let layouts = DaemonResources.layoutDirectory else { return nil }
        var sign = SignConfiguration(
            name: "小田原駅 デモ", areas: ["municipality:1420600", "seismic-area:361", "tsunami-region:330"],
            latitude: 35.2564,
            longitude: 139.1550, layoutDirectory: layouts, playlist: playlist, emergencyLayouts: [],
            pushToken: environment["KOSATSU_PUSH_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
            cacheDirectory: cacheDirectory)
        // The screen faces south-east; the sample shelter list is constructed (see docs/disaster-information.md).
        sign.facing = 135
        let shelters = layouts + "/samples/odawara-shelters.csv"
        if FileManager.default.isReadableFile(atPath: shelters) { sign.shelters.files = [shelters] }
        return sign
    }
}

/// Kosatsu's installed or checked-out folders.
enum DaemonResources {
    static var layoutDirectory: String? {
        ResourceDirectory.locate(folder: "Layouts", marker: "emergency.yaml", environmentKey: "KOSATSU_LAYOUTS")
    }
}
