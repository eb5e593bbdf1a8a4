import Foundation
import Testing

/// The unit that starts a sign: valid for systemd, and locked down (exposure below 3.0).
@Suite struct SystemdUnitTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let analyze = "/usr/bin/systemd-analyze"
    static let available = FileManager.default.isExecutableFile(atPath: analyze)

    /// The unit with its ExecStart pointed at a file that exists here, in a folder of its own.
    func installedCopy() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-unit-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let unit = try String(contentsOf: Self.root.appendingPathComponent("systemd/kosatsu.service"), encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/kosatsu", with: "/bin/true")
        let path = directory.appendingPathComponent("kosatsu.service").path
        try unit.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.analyze)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: available, "systemd-analyze is not installed (Debian package systemd)"))
    func verifiesClean() throws {
        let result = try run(["verify", try installedCopy()])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("kosatsu.service:"), "\(result.output)")
    }

    @Test(.enabled(if: available, "systemd-analyze is not installed (Debian package systemd)"))
    func exposureIsBelowThree() throws {
        let result = try run(["security", "--offline=true", try installedCopy()])
        let line = try #require(result.output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = line.split(separator: " ").compactMap { Double($0) }.first
        #expect((score ?? 10) < 3.0, "\(line)")
    }

    @Test func theUnitIsANotifyServiceWithAWatchdog() throws {
        let unit = try String(contentsOf: Self.root.appendingPathComponent("systemd/kosatsu.service"), encoding: .utf8)
        for line in [
            "Type=notify", "WatchdogSec=", "Restart=always", "SupplementaryGroups=video", "DeviceAllow=char-drm rw",
            "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
            "StateDirectory=kosatsu",
        ] {
            #expect(unit.contains(line), "\(line)")
        }
        #expect(unit.contains("RestrictAddressFamilies=") && unit.contains("AF_NETLINK"))
    }
}
