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

    /// Unmaps the shared libraries' pages that nothing has written, once the sign is running: start-up
    /// alone reads much of them (symbol tables while the loader binds, fontconfig's scan, libcrypto's and
    /// libxml2's set-up), and the kernel maps 64 KB around each page read. What the sign still uses maps
    /// back in from the page cache at its next use. Only mappings that cannot be written and hold no
    /// private copy (`Anonymous: 0 kB` in smaps: not a relocated RELRO segment) are touched, so no
    /// relocated pointer is lost; returns the bytes unmapped.
    @discardableResult
    public static func releaseStartupLibraryPages() -> Int {
        guard let smaps = procText("/proc/self/smaps") else { return 0 }
        var released = 0
        var candidate: Range<Int>?
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if !first.hasSuffix(":") {
                let ends = first.split(separator: "-")
                candidate = nil
                // A shared library's mapping that nothing can write: its code and constant data.
                guard fields.count >= 6, ends.count == 2, fields[1].hasPrefix("r"), !fields[1].contains("w"),
                    fields[5].contains(".so"),
                    let low = Int(ends[0], radix: 16), let high = Int(ends[1], radix: 16), high > low
                else { continue }
                candidate = low..<high
            } else if first == "Anonymous:", let range = candidate {
                candidate = nil
                guard fields.count >= 2, fields[1] == "0",
                    madvise(UnsafeMutableRawPointer(bitPattern: range.lowerBound), range.count, MADV_DONTNEED) == 0
                else { continue }
                released += range.count
            }
        }
        return released
    }

    /// A file under /proc read to its end. procfs reports a size of 0, and `String(contentsOfFile:)`
    /// stops after its first read: 4 KB of /proc/self/smaps, the binary's own mappings and no library.
    static func procText(_ path: String) -> String? {
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(file, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            text.append(contentsOf: chunk[..<count])
        }
        return String(decoding: text, as: UTF8.self)
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
            let maps = procText("/proc/self/maps")
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
