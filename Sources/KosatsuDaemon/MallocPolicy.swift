internal import CMalloc
import ServiceLifecycle

/// How glibc's malloc should treat a process that runs for months and makes 8 MB frames every second.
public enum MallocPolicy {
    /// Sets it once, at the daemon's start, before any thread but the main one exists (`Kosatsu.main`):
    /// a thread that has allocated keeps the arena it took, whatever the limit says later.
    /// - a fixed mmap threshold (1 MiB): a frame's pixels and a screenshot's PNG are mapped and unmapped
    ///   on their own, so they go back to the kernel when freed. Left dynamic, glibc raises the threshold
    ///   to 32 MiB after the first big free and then serves frames from an arena, where they pin pages
    ///   and fragment it;
    /// - one arena instead of eight per core: each arena keeps its own free memory, and the daemon's
    ///   threads (NIO, the render thread, encoders) would otherwise each pin one. A second arena cost
    ///   0.3 MB of anonymous memory after a minute (docs/performance.md); the threads allocate little
    ///   enough that one lock is not contended;
    /// - a trim threshold of 1 MiB: free memory at the top of the heap is returned promptly.
    public static func applyForLongRunningSign() {
        _ = cmalloc_tune(1 << 20, 1, 1 << 20)
    }

    /// Hands free memory inside the arenas back to the kernel (after a burst of big allocations).
    public static func trim() {
        cmalloc_trim()
    }
}

/// Every `interval`, hands the arenas' free pages back to the kernel: a sign serving screenshots and
/// metrics all day frees and reallocates the same sizes, and glibc keeps freed pages in the middle of
/// its heap until asked. A trim of a few megabytes of heap takes well under a millisecond.
///
/// At its first pass, with the sign up and drawing, it also unmaps the code only start-up ran
/// and the libraries' pages (`CodeResidency.releaseStartupCode`, `releaseStartupLibraryPages`).
struct MallocTrimmer: Service {
    var interval: Duration = .seconds(30)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var first = true
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                MallocPolicy.trim()
                if first {
                    CodeResidency.releaseStartupCode()
                    CodeResidency.releaseStartupLibraryPages()
                }
                first = false
            }
        }
    }
}
