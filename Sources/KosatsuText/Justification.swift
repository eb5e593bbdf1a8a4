/// Space changed at each boundary inside one line to justify it.
struct LineJustification {
    /// Extra space at boundary `b` is `extra[b - line.lowerBound]` (negative when shrinking).
    var extra: [Double]
    /// How much of the line-end half em (after 。」) is removed.
    var endCut: Double

    func extra(at boundary: Int, lineStart: Int) -> Double {
        let index = boundary - lineStart
        return index >= 0 && index < extra.count ? extra[index] : 0
    }
}

extension Typesetter {
    /// Justifies `line` to `target` (px at scale 1) in JLReq's priorities: shrink Latin spaces, then
    /// the line-end half em, then ・：；'s quarters, then bracket halves, then Japanese–Latin spaces
    /// down to ⅛ em; expand Japanese–Latin spaces (to ½ em) and Latin spaces (by ½ em), then the spaces
    /// around brackets and punctuation (by up to ½ em, ¼ em beside ・：；), then evenly between
    /// characters that may be spaced apart. A line that is not justified only loses its
    /// line-end half em.
    func justification(_ p: ShapedParagraph, _ line: Range<Int>, target: Double?) -> LineJustification {
        var result = LineJustification(extra: Array(repeating: 0, count: line.count), endCut: 0)
        guard let last = line.last else { return result }
        guard let target else {
            result.endCut = p.endTrim[last]
            return result
        }
        let s = line.lowerBound
        let inner = (s + 1)..<line.upperBound
        let natural = p.naturalWidth(line) - p.startTrim[s]
        var need = natural - target
        if need > 0 {
            let order: [JustificationClass?] = [.latinSpace, nil, .middleDot, .bracket, .autospace]
            for kind in order where need > 1e-9 {
                guard let kind else {
                    let cut = min(need, p.endTrim[last])
                    result.endCut = cut
                    need -= cut
                    continue
                }
                let available = inner.reduce(0.0) { $0 + (p.shrinkClass[$1] == kind ? p.shrink[$1] : 0) }
                guard available > 0 else { continue }
                let take = min(need, available)
                for b in inner where p.shrinkClass[b] == kind { result.extra[b - s] -= p.shrink[b] * take / available }
                need -= take
            }
            return result
        }
        var room = -need
        for kind in [JustificationClass.autospace, .latinSpace] where room > 1e-9 {
            let capacity = inner.reduce(0.0) { $0 + (p.shrinkClass[$1] == kind ? p.expandCap[$1] : 0) }
            guard capacity > 0 else { continue }
            let give = min(room, capacity)
            for b in inner where p.shrinkClass[b] == kind { result.extra[b - s] += p.expandCap[b] * give / capacity }
            room -= give
        }
        guard room > 1e-9 else { return result }
        // Then the spaces around brackets and punctuation, as JLReq orders it.
        let punctuation = inner.reduce(0.0) { $0 + p.punctuationRoom[$1] }
        if punctuation > 0 {
            let give = min(room, punctuation)
            for b in inner where p.punctuationRoom[b] > 0 {
                result.extra[b - s] += p.punctuationRoom[b] * give / punctuation
            }
            room -= give
        }
        guard room > 1e-9 else { return result }
        var gaps = inner.filter { p.interCharacter[$0] }
        // Latin text has no gaps between characters: its spaces take the rest.
        if gaps.isEmpty { gaps = inner.filter { p.shrinkClass[$0] == .latinSpace } }
        guard !gaps.isEmpty else { return result }
        let each = room / Double(gaps.count)
        for b in gaps { result.extra[b - s] += each }
        return result
    }
}
