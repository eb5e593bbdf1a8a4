public import Foundation
import KosatsuRender
import Synchronization

/// The pictures the HTTP preview serves — `GET /screenshot.png` and the frames of `GET /stream.mjpeg` —
/// encoded from the tap's copies of presented frames on a thread of their own, one encode at a time.
///
/// Nothing is encoded unless a client asks, a frame is encoded at most once per kind whoever asks, and a
/// flood of screenshot requests is served from the last encoding while a new one would keep the encoder
/// busy more than half the time: clients never make the sign draw, wait or fall behind.
public actor PreviewImages {
    /// One encoded frame.
    public struct Encoded: Sendable {
        /// The frame's number in the pipeline's sequence.
        public var sequence: Int
        public var data: Data
        var started: ContinuousClock.Instant
        var finished: ContinuousClock.Instant
    }

    struct Timeout: Error {}

    private let tap: FrameTap
    private let presented: @Sendable () -> Int
    private let encoder = EncoderThread()
    /// At most this many stream frames a second, whoever watches.
    public let streamInterval: Duration
    public let jpegQuality: Int
    private var png: Encoded?
    private var pngTask: Task<Encoded, any Error>?
    private var jpeg: Encoded?
    private var jpegTask: Task<Encoded?, any Error>?
    private var lastJPEGStart: ContinuousClock.Instant?
    /// Encodes done so far, by kind (for tests and metrics).
    public private(set) var pngEncodes = 0
    public private(set) var jpegEncodes = 0

    public init(pipeline: FramePipeline, streamFramesPerSecond: Double = 15, jpegQuality: Int = 80) {
        tap = pipeline.tap
        presented = { pipeline.status.sequence }
        streamInterval = .nanoseconds(Int64(1e9 / min(max(streamFramesPerSecond, 1), 60)))
        self.jpegQuality = jpegQuality
    }

    /// The frame on screen as PNG. The last encoding is served when it shows the frame on screen, or when
    /// encoding again now would take the encoder over half of its time (a flood while a ticker moves).
    public func screenshot() async throws -> Data {
        if let png, png.sequence >= presented() || .now - png.finished < png.finished - png.started {
            return png.data
        }
        if let pngTask { return try await pngTask.value.data }
        let after = png?.sequence ?? -1
        let task = Task.detached { [tap, encoder] () throws -> Encoded in
            guard let frame = await tap.frame(after: after, timeout: .seconds(10)) else { throw Timeout() }
            let started = ContinuousClock.now
            let data = try await encoder.run { try frame.frame.pngData() }
            return Encoded(sequence: frame.sequence, data: data, started: started, finished: .now)
        }
        pngTask = task
        pngEncodes += 1
        defer { if pngTask == task { pngTask = nil } }
        let encoded = try await task.value
        if encoded.sequence >= png?.sequence ?? -1 { png = encoded }
        return encoded.data
    }

    /// The next stream frame newer than `sent`: every viewer shares one encoding of it, made no sooner
    /// than `streamInterval` after the one before. Nil when the screen stayed still for `timeout` (send
    /// the last frame again, so the connection is seen to be alive).
    public func streamFrame(after sent: Int, timeout: Duration = .seconds(5)) async throws -> Encoded? {
        while true {
            if let jpeg, jpeg.sequence > sent { return jpeg }
            if let task = jpegTask {
                let result = try await task.value
                if jpegTask == task { jpegTask = nil }
                guard let result else { return nil }
                if result.sequence > jpeg?.sequence ?? -1 { jpeg = result }
                continue
            }
            let notBefore = lastJPEGStart.map { $0 + streamInterval }
            let after = max(sent, jpeg?.sequence ?? -1)
            lastJPEGStart = max(notBefore ?? .now, .now)
            jpegEncodes += 1
            jpegTask = Task.detached { [tap, encoder, jpegQuality] () throws -> Encoded? in
                if let notBefore { try await Task.sleep(until: notBefore) }
                guard let frame = await tap.frame(after: after, timeout: timeout) else { return nil }
                let started = ContinuousClock.now
                let data = try await encoder.run { try frame.frame.jpegData(quality: jpegQuality) }
                return Encoded(sequence: frame.sequence, data: data, started: started, finished: .now)
            }
        }
    }
}

/// A thread that encodes frames, one job at a time: the cap on concurrent encodes, and the reason an
/// encode never runs on the render thread or holds a thread of Swift's cooperative pool.
final class EncoderThread: Sendable {
    private let jobs = Locked<[@Sendable () -> Void]>([])
    private let ready = DispatchSemaphore(value: 0)

    init() {
        let jobs = self.jobs
        let ready = self.ready
        let thread = Thread {
            while true {
                ready.wait()
                let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                job?()
            }
        }
        thread.name = "kosatsu-encoder"
        thread.start()
    }

    func run<T: Sendable>(_ job: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(with: Result { try job() }) } }
            ready.signal()
        }
    }
}
