import Foundation
import KosatsuAlerts
import KosatsuData
import Logging
import ServiceLifecycle

/// The built-in demo data: 小田原's spots with counts that follow the day, refreshed every 30 s,
/// and a scripted drill alert a minute in (a drill never takes over; it shows a small banner).
struct DemoDataSource: Service {
    let state: SignState
    let sample: Snapshot
    let logger: Logger
    let drillAfter: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            let started = ContinuousClock.now
            var drilled = false
            while !Task.isCancelled {
                await state.update(Self.snapshot(from: sample, at: Date()))
                if !drilled, ContinuousClock.now - started >= drillAfter {
                    drilled = true
                    if let alerts = try? AlertReader.read(Data(Self.drill(at: Date()).utf8), file: "demo drill") {
                        logger.info("demo: a scripted drill alert (訓練) arrives")
                        await state.receive(alerts, at: Date())
                    }
                }
                try? await Task.sleep(for: drilled ? .seconds(30) : min(.seconds(30), drillAfter))
            }
        }
    }

    /// The sample with counts scaled to the time of day (quiet mornings, a peak after lunch).
    static func snapshot(from sample: Snapshot, at time: Date) -> Snapshot {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Tokyo") ?? .current
        let parts = calendar.dateComponents([.hour, .minute], from: time)
        let hour = Double(parts.hour ?? 12) + Double(parts.minute ?? 0) / 60
        let shape = 0.15 + 0.95 * exp(-pow(hour - 13.5, 2) / 10)
        var snapshot = sample
        // The sample's dates move to today, so its notices and history read as current.
        let shift = calendar.startOfDay(for: time).timeIntervalSince(
            sample.spots.first?.observedAt.map { calendar.startOfDay(for: $0) } ?? calendar.startOfDay(for: time))
        for index in snapshot.notices.indices {
            snapshot.notices[index].validFrom = snapshot.notices[index].validFrom?.addingTimeInterval(shift)
            snapshot.notices[index].validUntil = snapshot.notices[index].validUntil?.addingTimeInterval(shift)
        }
        snapshot.weather?.observedAt = time
        for index in snapshot.spots.indices {
            for sample in snapshot.spots[index].history.indices {
                snapshot.spots[index].history[sample].at.addTimeInterval(shift)
            }
            let base = Double(sample.spots[index].peopleCount ?? 0)
            // A little movement every refresh so the demo looks alive.
            let wobble = 1 + 0.04 * sin(time.timeIntervalSince1970 / 97 + Double(index))
            snapshot.spots[index].peopleCount = Int(base * shape * wobble)
            snapshot.spots[index].observedAt = time
        }
        snapshot.sources = [SourceStatus(name: "demo", lastSuccess: time)]
        return snapshot
    }

    /// A CAP 1.2 exercise for 小田原市, as a city's drill system would push it.
    static func drill(at time: Date) -> String {
        let sent = ISO8601DateFormatter().string(from: time)
        let expires = ISO8601DateFormatter().string(from: time.addingTimeInterval(600))
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>kosatsu-demo-drill-\(Int(time.timeIntervalSince1970))</identifier>
              <sender>demo@kosatsu.invalid</sender>
              <sent>\(sent)</sent>
              <status>Exercise</status>
              <msgType>Alert</msgType>
              <scope>Public</scope>
              <info>
                <language>ja-JP</language>
                <category>Geo</category>
                <event>地震（訓練）</event>
                <urgency>Immediate</urgency>
                <severity>Severe</severity>
                <certainty>Observed</certainty>
                <expires>\(expires)</expires>
                <headline>これは訓練です。地震が発生したという想定です。</headline>
                <area><areaDesc>小田原市</areaDesc><circle>35.2564,139.1550 10</circle></area>
              </info>
            </alert>
            """
    }
}
