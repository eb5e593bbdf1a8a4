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
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        else { return "no /proc/self/maps" }
        var advised = 0
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // Read-only mappings of the binary: its code and constant data, shared with the page cache.
            guard fields.count >= 6, fields[5] == executable, fields[1].hasPrefix("r"), !fields[1].contains("w"),
                let range = Self.range(fields[0])
            else { continue }
            if madvise(UnsafeMutableRawPointer(bitPattern: range.lowerBound), range.count, MADV_RANDOM) == 0 {
                advised += range.count
            }
        }
        let begins = unsafeBitCast(orderedCodeBegins as @convention(c) () -> Void, to: UInt.self)
        let ends = unsafeBitCast(orderedCodeEnds as @convention(c) () -> Void, to: UInt.self)
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let start = begins & ~(page - 1)
        // A build linked without the order puts the two anywhere: read ahead only a plausible span.
        guard ends > begins, ends - begins < 64 << 20,
            madvise(UnsafeMutableRawPointer(bitPattern: start), Int(ends - start), MADV_WILLNEED) == 0
        else { return "random access over \(advised >> 20) MB of code and data; no ordered span" }
        return
            "random access over \(advised >> 20) MB of code and data; \((ends - start) >> 10) KB of ordered code read ahead"
    }

    /// Unmaps the binary's code outside the ordered span and its read-only headers and metadata, once
    /// the sign is running: what start-up alone ran (argument parsing, configuration, the services'
    /// start) stops counting against the sign, while the pages stay in the page cache, so anything
    /// that runs again maps back in without touching storage. Only clean mappings of the file are
    /// touched (code, and the first segment, which the loader never writes); returns the bytes unmapped.
    @discardableResult
    public static func releaseStartupCode() -> Int {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        else { return 0 }
        let begins = Int(bitPattern: unsafeBitCast(orderedCodeBegins as @convention(c) () -> Void, to: UInt.self))
        let ends = Int(bitPattern: unsafeBitCast(orderedCodeEnds as @convention(c) () -> Void, to: UInt.self))
        let page = sysconf(Int32(_SC_PAGESIZE))
        let span = ends > begins ? (begins & ~(page - 1))..<((ends + page) & ~(page - 1)) : 0..<0
        var released = 0
        func release(_ range: Range<Int>) {
            guard !range.isEmpty,
                madvise(UnsafeMutableRawPointer(bitPattern: range.lowerBound), range.count, MADV_DONTNEED) == 0
            else { return }
            released += range.count
        }
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[5] == executable, let range = Self.range(fields[0]) else { continue }
            if fields[1] == "r-xp" {
                release(range.lowerBound..<max(range.lowerBound, min(range.upperBound, span.lowerBound)))
                release(min(range.upperBound, max(range.lowerBound, span.upperBound))..<range.upperBound)
            } else if fields[1] == "r--p", Int(fields[2], radix: 16) == 0 {
                release(range)
            }
        }
        return released
    }

    private static func range(_ text: Substring) -> Range<Int>? {
        let ends = text.split(separator: "-")
        guard ends.count == 2, let low = Int(ends[0], radix: 16), let high = Int(ends[1], radix: 16), high > low
        else { return nil }
        return low..<high
    }
}
