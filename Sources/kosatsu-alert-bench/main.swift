// Times an alert from `POST /alerts` to its emergency frame: parse → board → bridge → layout → render.
//
//   kosatsu-alert-bench [--telegram FILE] [--area CODE]... [--layouts DIR] [--samples N]
//
// Build in release (`swift build -c release`) for figures worth quoting.
import Foundation
import KosatsuAlerts
import KosatsuEmergency
import KosatsuLayout
import KosatsuText

var telegram = "../shared/corpus/jma/32-39_11_02_250206_VTSE41.xml"
var areas: [AreaCode] = []
var layoutDirectory = "Layouts"
var samples = 200
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("\(flag) needs a value\n".utf8))
        exit(2)
    }
    switch flag {
    case "--telegram": telegram = value
    case "--area": areas.append(AreaCode(value))
    case "--layouts": layoutDirectory = value
    case "--samples": samples = max(1, Int(value) ?? samples)
    default:
        FileHandle.standardError.write(
            Data("unknown option \(flag); expected --telegram, --area, --layouts or --samples\n".utf8))
        exit(2)
    }
}

do {
    let body = try Data(contentsOf: URL(fileURLWithPath: telegram))
    let names = try FileManager.default.contentsOfDirectory(atPath: layoutDirectory).filter { $0.hasSuffix(".yaml") }
    let layouts = try names.sorted().map { try LayoutLoader.load(layoutDirectory + "/" + $0) }
    let area = areas.isEmpty ? SignArea.anywhere : SignArea(codes: areas)
    let issued = try AlertReader.read(body, file: telegram).first?.issued ?? Date()
    let durations = try AlertBenchmarks.pushToFrame(
        body: body, area: area, layouts: layouts, fontDirectory: FontDirectory.locate(),
        at: issued.addingTimeInterval(60),
        samples: samples)
    let (median, p99) = AlertBenchmarks.summary(durations)
    func milliseconds(_ duration: Duration) -> String {
        String(
            format: "%.2f ms",
            Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
    }
    print("push-to-frame (\(URL(fileURLWithPath: telegram).lastPathComponent), 1920x1080, \(samples) samples)")
    print("median \(milliseconds(median))  p99 \(milliseconds(p99))  max \(milliseconds(durations.max() ?? .zero))")
    let parsing = AlertBenchmarks.summary(try AlertBenchmarks.parse(body: body, samples: min(samples, 50)))
    print("of which parsing the body: median \(milliseconds(parsing.median))  p99 \(milliseconds(parsing.p99))")
} catch {
    FileHandle.standardError.write(Data("kosatsu-alert-bench: \(error)\n".utf8))
    exit(1)
}
