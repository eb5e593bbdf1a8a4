import Foundation
import KosatsuRender
import KosatsuScene
import KosatsuText

/// The checks of one rendered scene.
struct SceneInspection {
    let scene: Scene
    let renderer: SceneRenderer
    /// Clipping on an emergency screen is an error: a cut evacuation order is a wrong one.
    let emergency: Bool
    let distance: Double?
    let panel: Double?

    /// One text as set and drawn.
    struct Checked {
        var placed: SceneParts.PlacedText
        var source: SourceMark
        var typeset: TypesetText
        var mask: InkMask
        /// The size it is set at, after any shrink.
        var size: Double
        var nominalSize: Double
        var isCJK: Bool
        var isBold: Bool
        var text: String { placed.item.text }
    }

    func run(_ report: (RawFinding) -> Void) throws {
        let parts = SceneParts(scene)
        let width = Int(scene.canvas.width)
        let height = Int(scene.canvas.height)
        let full = try renderer.render(scene, width: width, height: height).frame()
        let behind = try renderer.render(scene.withoutTexts, width: width, height: height).frame()
        var texts: [Checked] = []
        for placed in parts.texts {
            guard let source = placed.item.source, source.line > 0,
                !placed.item.text.trimmingCharacters(in: .whitespaces).isEmpty
            else { continue }
            let typeset = try renderer.typesetter.typeset(placed.item)
            let nominal = placed.item.spans.map(\.style.size).max() ?? 48
            let mask = try InkMask(placed.item, renderer: renderer)
            let isCJK =
                placed.item.spans.contains { ["ja", "zh-Hans", "zh-Hant", "ko"].contains($0.style.language) }
                && placed.item.text.unicodeScalars.contains { Self.isIdeographOrHangul($0) }
            texts.append(
                Checked(
                    placed: placed, source: source, typeset: typeset, mask: mask, size: nominal * typeset.scale,
                    nominalSize: nominal, isCJK: isCJK,
                    isBold: placed.item.spans.contains { $0.style.font.weight == .bold }))
        }
        var drawnShapes: [Int: InkMask] = [:]
        for (index, text) in texts.enumerated() {
            clipping(text, canvas: scene.canvas, report)
            try overlapShapes(text, shapes: parts.shapes, drawn: &drawnShapes, report)
            for other in texts[(index + 1)...] { overlapTexts(text, other, report) }
            contrast(text, others: texts, full: full, behind: behind, report)
            legibility(text, report)
        }
        consistency(texts, report)
    }

    // MARK: Clipping

    func clipping(_ text: Checked, canvas: Size, _ report: (RawFinding) -> Void) {
        let severity: Finding.Severity = emergency ? .error : .warning
        let item = text.placed.item
        func finding(_ message: String, key: String) -> RawFinding {
            RawFinding(
                line: text.source.line, column: text.source.column, severity: severity, kind: .clipping,
                message: message, key: key)
        }
        if !text.typeset.isComplete && !text.typeset.isTicker {
            let minimum: String
            if case .shrink(let floor) = item.paragraph.overflow {
                minimum = " even at its min-size \(Self.px(floor))"
            } else {
                minimum = ""
            }
            report(
                finding(
                    "'\(Self.excerpt(text.text))' does not fit its box\(minimum) and is cut with an ellipsis; widen the box, allow more lines or shorten the text",
                    key: "ellipsis"))
        }
        guard let ink = text.mask.ink else { return }
        let bounds = Rect(x: 0, y: 0, width: canvas.width, height: canvas.height)
        if !bounds.contains(ink, tolerance: 0.5) {
            report(finding("'\(Self.excerpt(text.text))' runs off the screen", key: "screen"))
        }
        if let clip = text.placed.clip, !clip.contains(ink, tolerance: 0.5) {
            report(
                finding(
                    "the clip of its group cuts '\(Self.excerpt(text.text))' (\(Self.sides(ink, outside: clip)))",
                    key: "clip"))
        }
        // The renderer does not cut text at its box, so a box too small lets the text spill out of it.
        let slack = max(2, text.size * 0.12)
        if !text.typeset.isTicker, !item.frame.contains(ink, tolerance: slack) {
            report(
                finding(
                    "'\(Self.excerpt(text.text))' spills out of its box (\(Self.sides(ink, outside: item.frame))); make the box \(Self.growth(ink, outside: item.frame))",
                    key: "spill"))
        }
    }

    // MARK: Overlap

    /// The least distance kept between a text's ink and ink above or below it: about a tenth of the em.
    func gap(_ size: Double) -> Double { max(3, (size * 0.1).rounded()) }

    /// The least distance kept between a text and ink beside it on the same line: 0.4 em.
    func sideGap(_ size: Double) -> Double { max(6, (size * 0.4).rounded()) }

    /// How close two ink boxes are side by side, when they share rows and do not overlap.
    static func sideDistance(_ a: Rect, _ b: Rect) -> Double? {
        guard a.y < b.maxY, b.y < a.maxY else { return nil }
        if a.maxX <= b.x { return b.x - a.maxX }
        if b.maxX <= a.x { return a.x - b.maxX }
        return nil
    }

    func overlapShapes(
        _ text: Checked, shapes: [SceneParts.Shape], drawn: inout [Int: InkMask], _ report: (RawFinding) -> Void
    ) throws {
        guard let ink = text.mask.ink else { return }
        let frame = text.placed.item.frame
        let gap = gap(text.size)
        let sideGap = sideGap(text.size)
        for (index, shape) in shapes.enumerated() {
            // Its own background, or a group it sits in, is not something it runs into.
            if text.placed.ancestors.contains(index) { continue }
            if shape.ringWidth == nil && shape.bounds.contains(frame, tolerance: 1) { continue }
            if shape.kind == "group" && shape.bounds.contains(ink, tolerance: 1) { continue }
            let margin = shape.isVisible ? gap : 0
            var touches = false
            var near = false
            if let item = shape.drawn, shape.bounds.insetBy(-margin).intersection(ink) != nil {
                // A path: its own pixels, not its bounding box.
                let mask: InkMask
                if let known = drawn[index] {
                    mask = known
                } else {
                    mask = try InkMask(items: [item], area: shape.bounds, renderer: renderer)
                    drawn[index] = mask
                }
                let reach = Int(margin.rounded(.up))
                text.mask.forEachInk(in: shape.bounds.insetBy(-margin)) { px, py in
                    if mask.at(px, py) >= InkMask.inkLevel {
                        touches = true
                        return false
                    }
                    if !near {
                        for dy in -reach...reach {
                            for dx in -reach...reach where mask.at(px + dx, py + dy) >= InkMask.inkLevel { near = true }
                        }
                    }
                    return true
                }
            } else if shape.bounds.insetBy(-margin).intersection(ink) != nil {
                text.mask.forEachInk(in: shape.bounds.insetBy(-margin)) { px, py in
                    let x = Double(px) + 0.5
                    let y = Double(py) + 0.5
                    if shape.touches(x, y, margin: 0) {
                        touches = true
                        return false
                    }
                    if margin > 0, shape.touches(x, y, margin: margin) { near = true }
                    return true
                }
            }
            // Side by side with a filled panel (a level pill); a chart's own labels beside its marks are its design.
            if !touches, !near, shape.kind == "panel",
                let side = Self.sideDistance(ink, shape.bounds), side < sideGap
            {
                near = true
            }
            let what =
                shape.kind == "group"
                ? "the frame of a group beside it (\(Self.describe(shape.bounds)))"
                : "a \(shape.kind) at \(Self.describe(shape.bounds))"
            if touches {
                report(
                    RawFinding(
                        line: text.source.line, column: text.source.column, severity: .error, kind: .overlap,
                        message: "'\(Self.excerpt(text.text))' runs into \(what)",
                        key: "shape \(shape.kind) \(Int(shape.bounds.x)),\(Int(shape.bounds.y))"))
            } else if near {
                report(
                    RawFinding(
                        line: text.source.line, column: text.source.column, severity: .warning, kind: .overlap,
                        message:
                            "'\(Self.excerpt(text.text))' nearly touches \(what): keep \(Self.px(gap)) above and below, \(Self.px(sideGap)) beside",
                        key: "shape \(shape.kind) \(Int(shape.bounds.x)),\(Int(shape.bounds.y))"))
            }
        }
    }

    func overlapTexts(_ a: Checked, _ b: Checked, _ report: (RawFinding) -> Void) {
        guard let inkA = a.mask.ink, let inkB = b.mask.ink else { return }
        let gap = gap(min(a.size, b.size))
        let sideGap = sideGap(max(a.size, b.size))
        var touches = false
        var nearest = Double.infinity
        if let zone = inkA.insetBy(-gap).intersection(inkB.insetBy(-gap)) {
            let reach = Int(gap.rounded(.up))
            a.mask.forEachInk(in: zone) { px, py in
                if b.mask.at(px, py) >= InkMask.inkLevel {
                    touches = true
                    return false
                }
                for dy in -reach...reach {
                    for dx in -reach...reach where b.mask.at(px + dx, py + dy) >= InkMask.inkLevel {
                        nearest = min(nearest, Double(dx * dx + dy * dy).squareRoot())
                    }
                }
                return true
            }
        }
        let side = Self.sideDistance(inkA, inkB)
        let beside = side.map { $0 < sideGap } ?? false
        // One box's own texts (a widget's labels) are spaced by the widget: only touching counts.
        let sameBox = a.source.line == b.source.line && a.source.column == b.source.column
        guard touches || (!sameBox && (nearest < gap || beside)) else { return }
        // Reported at the text that left its box; else at the later one in the file.
        let spillA = Self.spill(a)
        let spillB = Self.spill(b)
        let (culprit, other) = spillA > spillB || (spillA == spillB && a.source.line > b.source.line) ? (a, b) : (b, a)
        let message =
            touches
            ? "'\(Self.excerpt(culprit.text))' runs into '\(Self.excerpt(other.text))' (line \(other.source.line))"
            : "'\(Self.excerpt(culprit.text))' nearly touches '\(Self.excerpt(other.text))' (line \(other.source.line)): keep \(Self.px(gap)) above and below, \(Self.px(sideGap)) beside"
        report(
            RawFinding(
                line: culprit.source.line, column: culprit.source.column, severity: touches ? .error : .warning,
                kind: .overlap, message: message, key: "text \(other.source.line):\(other.source.column)"))
    }

    /// How far a text's ink leaves its box.
    static func spill(_ text: Checked) -> Double {
        guard let ink = text.mask.ink else { return 0 }
        let frame = text.placed.item.frame
        return max(0, frame.x - ink.x) + max(0, ink.maxX - frame.maxX) + max(0, frame.y - ink.y)
            + max(0, ink.maxY - frame.maxY)
    }

    // MARK: Contrast

    func contrast(
        _ text: Checked, others: [Checked], full: Frame, behind: Frame, _ report: (RawFinding) -> Void
    ) {
        var ratios: [Double] = []
        text.mask.forEachInk(level: InkMask.coreLevel) { px, py in
            guard px >= 0, py >= 0, px < full.width, py < full.height else { return true }
            let index = py * full.width + px
            let front = Self.color(full.pixels[index])
            let back = Self.color(behind.pixels[index])
            ratios.append(front.contrastRatio(with: back))
            return true
        }
        guard ratios.count >= 12 else { return }
        ratios.sort()
        // The worst tenth: a gradient or a stripe behind part of the text counts.
        let ratio = ratios[ratios.count / 10]
        let large = isLarge(text)
        let needed = large ? 3.0 : 4.5
        guard ratio < needed else { return }
        report(
            RawFinding(
                line: text.source.line, column: text.source.column, severity: .error, kind: .contrast,
                message:
                    "'\(Self.excerpt(text.text))' has a contrast of \(Self.ratio(ratio)):1 against what is behind it; \(large ? "large " : "")text needs \(Self.ratio(needed)):1",
                key: "contrast"))
    }

    /// Large text (3:1 suffices): half again the height the reading distance needs, or WCAG's 18 pt
    /// (14 pt bold) when no distance is known.
    func isLarge(_ text: Checked) -> Bool {
        if let needed = neededHeight(text), let height = characterHeight(text) { return height >= needed * 1.5 }
        return text.size >= (text.isBold ? 18.66 : 24)
    }

    // MARK: Legibility

    /// Millimetres per design pixel on the panel.
    var millimetresPerPixel: Double? {
        guard let panel else { return nil }
        let diagonal = (scene.canvas.width * scene.canvas.width + scene.canvas.height * scene.canvas.height)
            .squareRoot()
        return panel * 25.4 / diagonal
    }

    func characterHeight(_ text: Checked) -> Double? {
        guard let millimetresPerPixel else { return nil }
        return text.size * (text.isCJK ? Legibility.kanjiPerEm : Legibility.capitalPerEm) * millimetresPerPixel
    }

    func neededHeight(_ text: Checked) -> Double? {
        guard let distance = text.source.viewingDistance ?? distance else { return nil }
        return text.isCJK ? Legibility.kanjiHeight(at: distance) : Legibility.capitalHeight(at: distance)
    }

    func legibility(_ text: Checked, _ report: (RawFinding) -> Void) {
        guard let height = characterHeight(text), let needed = neededHeight(text),
            let millimetresPerPixel, height < needed - 0.05
        else { return }
        let distance = text.source.viewingDistance ?? self.distance ?? 0
        let what = text.isCJK ? "kanji" : "capitals"
        let perEm = text.isCJK ? Legibility.kanjiPerEm : Legibility.capitalPerEm
        let size = needed / perEm / millimetresPerPixel
        report(
            RawFinding(
                line: text.source.line, column: text.source.column, severity: .error, kind: .legibility,
                message:
                    "'\(Self.excerpt(text.text))' has \(what) \(Self.millimetres(height)) high at \(Self.px(text.size)); read from \(Self.metres(distance)) they need \(Self.millimetres(needed)) (size \(Self.px(size.rounded(.up))) or more, or set viewing-distance: for fine print)",
                key: "legibility \(text.isCJK)"))
    }

    // MARK: Consistency

    /// Rows of one list set at different sizes read as different things: one size for all rows.
    func consistency(_ texts: [Checked], _ report: (RawFinding) -> Void) {
        var groups: [String: [Checked]] = [:]
        for text in texts {
            groups["\(text.source.line):\(text.source.column):\(text.nominalSize)", default: []].append(text)
        }
        for (_, group) in groups.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            let sizes = group.map(\.size)
            // A tenth or less is not seen as a different size.
            guard let smallest = sizes.min(), let largest = sizes.max(), largest > smallest * 1.1 else { continue }
            let first = group[0]
            report(
                RawFinding(
                    line: first.source.line, column: first.source.column, severity: .warning, kind: .consistency,
                    message:
                        "the rows of this box are set at different sizes (\(Self.px(smallest)) to \(Self.px(largest))) because long ones shrink; set all rows at one size (the size the longest needs)",
                    key: "rows"))
        }
    }

    // MARK: Words

    static func isIdeographOrHangul(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FFFF:
            true
        default: false
        }
    }

    static func color(_ pixel: UInt32) -> Color {
        Color(
            red: Double((pixel >> 16) & 0xFF) / 255, green: Double((pixel >> 8) & 0xFF) / 255,
            blue: Double(pixel & 0xFF) / 255)
    }

    static func excerpt(_ text: String) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ")
        return line.count > 40 ? String(line.prefix(38)) + "…" : line
    }

    static func px(_ value: Double) -> String { "\(Int(value.rounded())) px" }
    static func ratio(_ value: Double) -> String { String(Double(Int(value * 10)) / 10) }
    static func millimetres(_ value: Double) -> String { "\(Int(value.rounded())) mm" }
    static func metres(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) m" : "\(Double(Int(value * 10)) / 10) m"
    }

    static func describe(_ rect: Rect) -> String {
        "x \(Int(rect.x.rounded())) y \(Int(rect.y.rounded())), \(Int(rect.width.rounded()))×\(Int(rect.height.rounded()))"
    }

    /// Which sides of `outside` the ink crosses, and by how much.
    static func sides(_ ink: Rect, outside box: Rect) -> String {
        var parts: [String] = []
        if ink.y < box.y - 0.5 { parts.append("\(px(box.y - ink.y)) above") }
        if ink.maxY > box.maxY + 0.5 { parts.append("\(px(ink.maxY - box.maxY)) below") }
        if ink.x < box.x - 0.5 { parts.append("\(px(box.x - ink.x)) left") }
        if ink.maxX > box.maxX + 0.5 { parts.append("\(px(ink.maxX - box.maxX)) right") }
        return parts.joined(separator: ", ")
    }

    static func growth(_ ink: Rect, outside box: Rect) -> String {
        let taller = max(0, box.y - ink.y) + max(0, ink.maxY - box.maxY)
        let wider = max(0, box.x - ink.x) + max(0, ink.maxX - box.maxX)
        var parts: [String] = []
        if taller > 0 { parts.append("\(px(taller)) taller") }
        if wider > 0 { parts.append("\(px(wider)) wider") }
        return parts.isEmpty ? "larger" : parts.joined(separator: " and ") + " or the text smaller"
    }
}
