import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuEmergency
import Testing

/// The emergency layouts' sample data is what the bridge makes of real telegrams, never
/// hand-edited: each sample is rebuilt here and compared with the committed file.
/// `KOSATSU_RECORD_SAMPLES=1` rewrites them (then re-record the golden images and look at them).
@Suite(.enabled(if: Repository.corpus != nil, Repository.corpusAbsent))
struct SampleTests {
    @Test(arguments: EmergencySample.all)
    func committedSampleIsWhatTheBridgeMakes(_ sample: EmergencySample) throws {
        let made = try sample.snapshotJSON()
        if ProcessInfo.processInfo.environment["KOSATSU_RECORD_SAMPLES"] == "1" {
            try made.write(to: sample.path, options: .atomic)
            return
        }
        let committed = try Data(contentsOf: sample.path)
        #expect(
            String(decoding: committed, as: UTF8.self) == String(decoding: made, as: UTF8.self),
            "\(sample.path.lastPathComponent) drifted from the bridge; re-record with KOSATSU_RECORD_SAMPLES=1")
    }

    @Test func everyTakeoverSampleTakesOverAndTheCalmOneIsCalm() throws {
        for sample in EmergencySample.all {
            let board = try sample.board()
            if sample.name == "alert-calm" {
                #expect(board.takeover == nil)
                #expect(board.calm != nil, "\(sample.name)")
            } else {
                #expect(board.takeover != nil, "\(sample.name) should take over its sign")
            }
        }
    }
}
