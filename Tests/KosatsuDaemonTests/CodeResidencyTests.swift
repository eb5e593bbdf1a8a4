import Foundation
import Testing

@testable import KosatsuDaemon

/// The sign's hints about its own binary reach the kernel, and unmapping start-up code leaves a
/// process that still runs (the pages come back from the page cache).
struct CodeResidencyTests {
    /// VmFlags of the mappings of this process's own executable with the given permissions.
    static func flags(permissions: String) throws -> [String] {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let smaps = try #require(CodeResidency.procText("/proc/self/smaps"))
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

    /// Anonymous kB of each read-only mapping of a shared library, by address.
    static func libraryPrivatePages() throws -> [String: Int] {
        let smaps = try #require(CodeResidency.procText("/proc/self/smaps"))
        var found: [String: Int] = [:]
        var current: String?
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), !first.hasSuffix(":") {
                current =
                    fields.count >= 6 && fields[1].hasPrefix("r") && !fields[1].contains("w")
                        && fields[5].contains(".so") ? String(first) : nil
            } else if let mapping = current, fields.first == "Anonymous:", fields.count >= 2 {
                found[mapping] = Int(fields[1])
            }
        }
        return found
    }

    @Test func libraryPagesNothingWroteAreUnmappedAndRelocatedOnesKept() throws {
        let before = try Self.libraryPrivatePages()
        // The dynamic linker's relocated pages (RELRO) are private copies; losing one would crash us.
        try #require(before.values.contains { $0 > 0 }, "\(before)")
        #expect(CodeResidency.releaseStartupLibraryPages() > 0)
        let after = try Self.libraryPrivatePages()
        for (mapping, kilobytes) in before where kilobytes > 0 {
            #expect(after[mapping] == kilobytes, "\(mapping) lost private pages")
        }
        // The libraries' code unmapped a moment ago (the Swift runtime and Foundation here) runs again.
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
