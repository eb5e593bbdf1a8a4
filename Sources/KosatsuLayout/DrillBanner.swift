import KosatsuData
import KosatsuScene

/// The small 「訓練」 banner a normal page shows while a drill or test is in force at the sign
/// (the snapshot holds one only when the sign's config allows it: `alerts: drill-banner`).
/// It sits in the bottom right corner.
///
/// Drawn by the sign, not by each layout, so every layout — a designer's own too — says that
/// what people may see or hear around them is a drill. It is small and in a corner: it tells,
/// it never takes the screen over, and emergency pages never show it.
enum DrillBanner {
    /// The banner's items for a canvas, or none when `snapshot` has no drill.
    static func items(for snapshot: Snapshot, canvas: Size) -> [SceneItem] {
        guard snapshot.alerts.contains(where: \.isExercise) else { return [] }
        // Scaled with the canvas's shorter side, so a portrait sign gets the same banner.
        let unit = min(canvas.width, canvas.height) / 1080
        let width = 440 * unit
        let height = 60 * unit
        let margin = 10 * unit
        // One line in the bottom right margin: top corners hold titles and clocks, and a layout's
        // last row usually ends above its footer line, so the banner covers neither.
        let frame = Rect(
            x: canvas.width - width - margin, y: canvas.height - height - margin, width: width, height: height)
        // Black on the 注意報 yellow: 16:1, and a black edge so it reads on a light page too.
        let yellow = Color(red: 1, green: 0.882, blue: 0)
        let panel = Panel(
            frame: frame, cornerRadius: 10 * unit, fill: .solid(yellow),
            stroke: Stroke(color: .black, width: 3 * unit))
        let japanese = TextItem(
            frame: Rect(x: frame.x + 12 * unit, y: frame.y, width: 100 * unit, height: height),
            spans: [
                TextSpan(
                    text: "訓練", style: TextStyle(font: FontRequest(weight: .bold), size: 42 * unit, color: .black))
            ],
            paragraph: ParagraphStyle(alignment: .center, verticalAlignment: .middle, lineHeight: 1.2, maxLines: 1))
        let english = TextItem(
            frame: Rect(x: frame.x + 120 * unit, y: frame.y, width: width - 132 * unit, height: height),
            spans: [
                TextSpan(
                    text: "Drill — not a real alert",
                    style: TextStyle(font: FontRequest(weight: .bold), size: 26 * unit, color: .black, language: "en"))
            ],
            paragraph: ParagraphStyle(
                alignment: .center, verticalAlignment: .middle, lineHeight: 1.3, maxLines: 1,
                overflow: .shrink(minimumSize: 16 * unit)))
        return [.panel(panel), .text(japanese), .text(english)]
    }
}
