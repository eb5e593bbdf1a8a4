internal import Foundation
internal import Synchronization

/// The two ends of the code `scripts/build/kosatsu.order` puts together (text-order.py writes these
/// names first and last): everything a sign and a render run, the emergency takeover included.
@_cdecl("kosatsu_ordered_code_begins") @inline(never) func orderedCodeBegins() {}
@_cdecl("kosatsu_ordered_code_ends") @inline(never) func orderedCodeEnds() {}

/// Which of its own code and read-only data a sign keeps mapped.
///
/// The kernel maps a file in blocks around each page touched (read-around of up to 128 KB from storage,
/// 64 KB from the page cache), so a sign that runs a few functions spread over 30 MB of code and a few
/// tables spread over 38 MB of data holds far more than it uses. After a boot, with the binary not yet in
/// the page cache, a random-access hint makes each fault read and map just its page; the code the sign
/// and the takeover run (the ordered span) is read ahead in one go, so an alert never waits on storage.
public enum CodeResidency {
    /// What `adviseForLongRunningSign` did, for the log.
    public static var advice: String { state.withLock { $0 } }
    private static let state = Mutex("not advised")

    /// Advises the kernel once, at the daemon's start, before the sign's threads run.
    public static func adviseForLongRunningSign() {
        let advice = advise()
        state.withLock { $0 = advice }
    }

    private static func advise() -> String {
        guard let mappings = binaryMappings() else { return "no /proc/self/maps" }
        var advised = 0
        // Read-only mappings of the binary: its code and constant data, shared with the page cache.
        for mapping in mappings where mapping.permissions.hasPrefix("r") && !mapping.permissions.contains("w") {
            if madvise(mapping.address, mapping.range.count, MADV_RANDOM) == 0 { advised += mapping.range.count }
        }
        let random = "random access over \(advised >> 20) MB of code and data"
        guard let span = orderedSpan,
            madvise(UnsafeMutableRawPointer(bitPattern: span.lowerBound), span.count, MADV_WILLNEED) == 0
        else { return random + "; no ordered span" }
        return random + "; \(span.count >> 10) KB of ordered code read ahead"
    }

    /// Unmaps the binary's code outside the ordered span and its read-only headers and metadata, once
    /// the sign is running: what start-up alone ran (argument parsing, configuration, the services'
    /// start) stops counting against the sign, while the pages stay in the page cache, so anything
    /// that runs again maps back in without touching storage. Only clean mappings of the file are
    /// touched (code, and the first segment, which the loader never writes: in a release build it holds
    /// the constant data too, scripts/build/constant-data.ld); returns the bytes unmapped.
    @discardableResult
    public static func releaseStartupCode() -> Int {
        guard let mappings = binaryMappings() else { return 0 }
        let span = orderedSpan ?? 0..<0
        var released = 0
        func release(_ range: Range<Int>) {
            guard !range.isEmpty,
                madvise(UnsafeMutableRawPointer(bitPattern: range.lowerBound), range.count, MADV_DONTNEED) == 0
            else { return }
            released += range.count
        }
        for mapping in mappings {
            let range = mapping.range
            if mapping.permissions == "r-xp" {
                release(range.lowerBound..<max(range.lowerBound, min(range.upperBound, span.lowerBound)))
                release(min(range.upperBound, max(range.lowerBound, span.upperBound))..<range.upperBound)
            } else if mapping.permissions == "r--p", mapping.offset == 0 {
                release(range)
            }
        }
        return released
    }

    /// One mapping of the binary's own file, from /proc/self/maps.
    private struct Mapping {
        var range: Range<Int>
        var permissions: Substring
        var offset: Int
        var address: UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: range.lowerBound) }
    }

    private static func binaryMappings() -> [Mapping]? {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        else { return nil }
        return maps.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let ends = fields.first?.split(separator: "-") ?? []
            guard fields.count >= 6, fields[5] == executable, ends.count == 2,
                let low = Int(ends[0], radix: 16), let high = Int(ends[1], radix: 16), high > low,
                let offset = Int(fields[2], radix: 16)
            else { return nil }
            return Mapping(range: low..<high, permissions: fields[1], offset: offset)
        }
    }

    /// The pages between the two markers; nil in a build linked without the order, which puts them
    /// anywhere (a span under 64 KB or over 64 MB is not the ordered code).
    private static var orderedSpan: Range<Int>? {
        let begins = Int(bitPattern: unsafeBitCast(orderedCodeBegins as @convention(c) () -> Void, to: UInt.self))
        let ends = Int(bitPattern: unsafeBitCast(orderedCodeEnds as @convention(c) () -> Void, to: UInt.self))
        let page = sysconf(Int32(_SC_PAGESIZE))
        guard ends - begins >= 64 << 10, ends - begins < 64 << 20 else { return nil }
        return (begins & ~(page - 1))..<((ends + page) & ~(page - 1))
    }
}
