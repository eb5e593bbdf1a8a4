import Foundation
import KosatsuDaemon
import Testing

/// The sign's hints about its own binary reach the kernel, and unmapping start-up code leaves a
/// process that still runs (the pages come back from the page cache).
struct CodeResidencyTests {
    /// VmFlags of the mappings of this process's own executable with the given permissions.
    static func flags(permissions: String) throws -> [String] {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let smaps = try String(contentsOfFile: "/proc/self/smaps", encoding: .utf8)
        var found: [String] = []
        var current = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), !first.hasSuffix(":") {
                current = fields.count >= 6 && fields[1] == permissions && fields[5] == executable
            } else if current, line.hasPrefix("VmFlags:") {
                found.append(String(line))
            }
        }
        return found
    }

    @Test func theCodeIsMarkedForRandomAccessAndStartUpCodeIsUnmapped() throws {
        CodeResidency.adviseForLongRunningSign()
        let code = try Self.flags(permissions: "r-xp")
        try #require(!code.isEmpty)
        #expect(code.allSatisfy { $0.split(separator: " ").contains("rr") }, "\(code)")
        #expect(CodeResidency.advice.hasPrefix("random access over"), "\(CodeResidency.advice)")
        #expect(CodeResidency.releaseStartupCode() > 0)
        // Code unmapped a moment ago runs again.
        #expect(ISO8601Probe.text() == "1970-01-01T00:00:00Z")
    }
}

private enum ISO8601Probe {
    static func text() -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode([Date(timeIntervalSince1970: 0)])) ?? Data()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "[]\""))
    }
}
