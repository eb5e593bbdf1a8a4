import Foundation
public import KosatsuScene
import Synchronization

/// A frame as presented: its number in the pipeline's sequence and a copy of its pixels.
public struct PresentedFrame: Sendable {
    /// Counts presented frames from 1 (0: the canvas before any frame).
    public var sequence: Int
    public var frame: Frame
}

/// Where screenshots and the preview stream get their pixels: a consumer asks for a frame newer than
/// the one it has, and the render thread copies the canvas once after its next frame (or at once when
/// nothing moves) for every consumer waiting. Nobody asking costs the render thread nothing; encoding
/// happens elsewhere (`PreviewImages`), never on the render thread.
public final class FrameTap: Sendable {
    private struct Waiter {
        var after: Int
        var id: UInt64
        var continuation: CheckedContinuation<PresentedFrame?, Never>
    }

    private struct State {
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    /// Wakes the render thread when a consumer starts waiting.
    let wake: @Sendable () -> Void

    init(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
    }

    /// The first frame presented after `sequence` (the frame on screen now when that is newer), or
    /// nil when none came within `timeout`.
    public func frame(after sequence: Int, timeout: Duration? = nil) async -> PresentedFrame? {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                state.withLock { $0.waiters.append(Waiter(after: sequence, id: id, continuation: continuation)) }
                wake()
                if let timeout {
                    Task {
                        try? await Task.sleep(for: timeout)
                        self.expire(id)
                    }
                }
            }
        } onCancel: {
            expire(id)
        }
    }

    private func expire(_ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(returning: nil)
    }

    /// The newest sequence some consumer waits to get past, if any (render thread).
    func wanted() -> Int? {
        state.withLock { $0.waiters.map(\.after).min() }
    }

    /// Hands a copy of frame `sequence` to everyone waiting for something newer (render thread).
    func deliver(_ frame: PresentedFrame) {
        let ready = state.withLock { state -> [Waiter] in
            let ready = state.waiters.filter { $0.after < frame.sequence }
            state.waiters.removeAll { $0.after < frame.sequence }
            return ready
        }
        for waiter in ready { waiter.continuation.resume(returning: frame) }
    }
}
