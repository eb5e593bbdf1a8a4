import KosatsuData
import KosatsuScene

/// The banner a normal page shows while an actual alert is felt at the sign below its takeover
/// threshold (an earthquake of 震度3 where the sign takes over from 震度4): one line along the
/// bottom, in the page's language, 「震度３　小田原市で地震がありました。津波の心配はありません」.
///
/// Drawn by the sign like the 「訓練」 banner, so every layout gets it; it leaves the drill banner's
/// corner free, and emergency pages never show it.
enum AlertBanner {
    /// The banner's items for a canvas, or none when no alert in `snapshot` asks for one.
    static func items(for snapshot: Snapshot, canvas: Size, language: Language) -> [SceneItem] {
        guard let line = snapshot.alerts.first(where: { !$0.isExercise && $0.banner != nil })?.banner else {
            return []
        }
        let unit = min(canvas.width, canvas.height) / 1080
        let height = 60 * unit
        let margin = 10 * unit
        // Room for the drill banner (440 wide) in the right corner when a drill is in force too.
        let drill = snapshot.alerts.contains(where: \.isExercise) ? 440 * unit + margin : 0
        let frame = Rect(
            x: margin, y: canvas.height - height - margin, width: canvas.width - 2 * margin - drill, height: height)
        // Black on white with a black edge (21:1): information, not a warning colour.
        let panel = Panel(
            frame: frame, cornerRadius: 10 * unit, fill: .solid(.white), stroke: Stroke(color: .black, width: 3 * unit))
        let text = TextItem(
            frame: Rect(x: frame.x + 20 * unit, y: frame.y, width: frame.width - 40 * unit, height: height),
            spans: [
                TextSpan(
                    text: line.text(for: language),
                    style: TextStyle(
                        font: FontRequest(weight: .bold), size: 34 * unit, color: .black, language: language.rawValue))
            ],
            paragraph: ParagraphStyle(
                alignment: .start, verticalAlignment: .middle, lineHeight: 1.2, maxLines: 1,
                overflow: .shrink(minimumSize: 20 * unit)))
        return [.panel(panel), .text(text)]
    }
}
