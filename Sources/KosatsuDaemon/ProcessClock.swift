import Foundation
import Glibc

/// How long this process has existed, from the kernel's own record of its start (so the
/// dynamic loader and the Swift runtime's start-up count too). `kosatsu show` and `kosatsu run` log it
/// with their first frame.
public enum ProcessClock {
    public static func sinceProcessStart() -> Duration {
        // Field 22 of /proc/self/stat: start time in clock ticks after boot. The command name
        // (field 2) may hold spaces, so count fields after its closing parenthesis.
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return .zero }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Int(fields[19]) else { return .zero }
        let ticksPerSecond = sysconf(Int32(_SC_CLK_TCK))
        // Seconds since boot (CLOCK_MONOTONIC: the same as the kernel's count for a sign that is never
        // suspended). Not through Glibc's timespec: a release build resolves its members to CDispatch.
        let nowNanoseconds = Int(ProcessInfo.processInfo.systemUptime * 1e9)
        let startNanoseconds = ticks * (1_000_000_000 / max(1, ticksPerSecond))
        return .nanoseconds(max(0, nowNanoseconds - startNanoseconds))
    }

    /// A duration in whole milliseconds, for log lines.
    public static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
